import { Note } from 'tonal'
import type { Cents, Hz, Midi } from './units.ts'

/** A pitch class: 0 = C, 1 = C♯/D♭, … 11 = B. */
export type PitchClass = number

export const PITCH_CLASSES: readonly PitchClass[] = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])

const SHARP_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const
const FLAT_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'] as const
/** The spelling most readers expect for each pitch class in a tonic or system name. */
const DEFAULT_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const

export type Spelling = 'default' | 'sharp' | 'flat' | 'cnpm'

/** Wraps any integer to 0..11. @example mod12(-1) → 11 */
export function mod12(n: number): PitchClass {
  return ((Math.round(n) % 12) + 12) % 12
}

/**
 * The name of a pitch class.
 * @example pitchClassName(1) → 'C#'; pitchClassName(1, 'flat') → 'Db'; pitchClassName(1, 'cnpm') → '#C/bD'
 */
export function pitchClassName(pc: PitchClass, spelling: Spelling = 'default'): string {
  const p = mod12(pc)
  switch (spelling) {
    case 'sharp':
      return SHARP_NAMES[p]
    case 'flat':
      return FLAT_NAMES[p]
    case 'cnpm': {
      const s = SHARP_NAMES[p]
      return s.length === 1 ? s : `#${s[0]}/b${FLAT_NAMES[p][0]}`
    }
    default:
      return DEFAULT_NAMES[p]
  }
}

/**
 * Reads a note name as a pitch class, or returns null when it is not one. Accepts `C#`, `C♯`, `Db`, `D♭`,
 * `c#`, `Cs`, double accidentals, an octave (`A4`), and CNPM's prefix forms `#C`, `bD`, `#C/bD`.
 * @example parsePitchClass('#C/bD') → 1; parsePitchClass('B♭') → 10; parsePitchClass('H') → null
 */
export function parsePitchClass(text: string): PitchClass | null {
  let t = text.trim().replace(/♯/g, '#').replace(/♭/g, 'b').replace(/＃/g, '#')
  if (t.includes('/')) t = t.split('/')[0].trim()
  // CNPM writes the accidental first: #C, bD.
  const prefix = /^([#b]{1,2})([A-Ga-g])(-?\d)?$/.exec(t)
  if (prefix) t = prefix[2] + prefix[1] + (prefix[3] ?? '')
  if (!/^[A-Ga-g]/.test(t)) return null
  t = t[0].toUpperCase() + t.slice(1)
  const chroma = Note.chroma(t)
  return chroma === undefined || Number.isNaN(chroma) ? null : chroma
}

/** Frequency → fractional MIDI note. @example hzToMidi(440) → 69 */
export function hzToMidi(hz: Hz, a4: Hz = 440): Midi {
  return 69 + 12 * Math.log2(hz / a4)
}

/** Fractional MIDI note → frequency. @example midiToHz(69) → 440 */
export function midiToHz(midi: Midi, a4: Hz = 440): Hz {
  return a4 * 2 ** ((midi - 69) / 12)
}

/** Signed distance in cents from a to b, folded to -600..600 (the nearest way round the octave). */
export function centsBetweenPitchClasses(a: Cents, b: Cents): Cents {
  const d = (((b - a) % 1200) + 1200) % 1200
  return d > 600 ? d - 1200 : d
}

/** The spelling of each 宫 as a key: the major key with fewer accidentals (D♭ not C♯, F♯ for the tritone). */
const SYSTEM_KEY_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const
/** The interval above 宫 that names each step, so a tone is spelled as its degree (角 is a third above 宫). */
const STEP_INTERVALS = ['1P', '2m', '2M', '3m', '3M', '4P', '4A', '5P', '6m', '6M', '7m', '7M'] as const

/**
 * A pitch class spelled as the degree it is in a 宫 system: the 角 of E 宫 is G♯, not A♭; the 清角 of D 宫 is G.
 * Double accidentals are simplified.
 * @example spellInSystem(8, 4) → 'G#'; spellInSystem(8, 3) → 'Ab'; spellInSystem(1, 1) → 'Db'
 */
export function spellInSystem(pc: PitchClass, system: PitchClass): string {
  const gong = SYSTEM_KEY_NAMES[mod12(system)]
  const note = Note.transpose(gong, STEP_INTERVALS[mod12(pc - system)])
  return /##|bb/.test(note) ? Note.simplify(note) : note
}
