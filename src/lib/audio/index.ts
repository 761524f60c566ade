/** Audio I/O in the browser. Tone.js and wavesurfer.js load lazily inside these modules, not on import. */
export * from './types.ts'
export * from './wav.ts'
export * from './resample.ts'
export * from './decode.ts'
export * from './recorder.ts'
export * from './waveform.ts'
export * from './player.ts'
