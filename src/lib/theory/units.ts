/** Unit aliases, so that signatures say what a number means. */
export type Hz = number
export type Seconds = number
export type Milliseconds = number
export type Cents = number
export type Decibels = number
/** A MIDI note number, fractional allowed (69 = A4 = 440 Hz). */
export type Midi = number
/** Wall-clock time in milliseconds since the epoch, always passed in (the core never reads a clock). */
export type Timestamp = number
