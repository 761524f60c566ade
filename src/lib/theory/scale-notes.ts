// Reference scales as notes (what the player sounds and the analyzer hears): pure data from a label.
import { scaleSteps, type Label, type ScaleStep } from './label.ts'
import { mod12 } from './pitch-class.ts'
import type { Midi } from './units.ts'

export type ScaleDirection = 'up' | 'down' | 'updown'

/** One note of a reference scale. */
export interface ScaleNote {
  readonly midi: Midi
  /** Position in the ascending scale, 0 = tonic … steps.length = the tonic an octave up (same on the way down). */
  readonly index: number
  readonly step: ScaleStep
}

/**
 * The notes of a mode's scale from its tonic through the tonic an octave up, in the chosen direction. The
 * tonic sits in `octave` (scientific: 4 = the octave from middle C).
 * @example scaleNotes(labelFromTonic(9, 'yu'), 'up', 4).map((n) => n.midi) → [69, 72, 74, 76, 79, 81]
 */
export function scaleNotes(label: Label, direction: ScaleDirection = 'up', octave = 4): ScaleNote[] {
  const steps = scaleSteps(label)
  const tonicMidi = 12 * (octave + 1) + mod12(label.tonic)
  const up: ScaleNote[] = steps.map((step, index) => ({ midi: tonicMidi + step.aboveTonic, index, step }))
  up.push({ midi: tonicMidi + 12, index: steps.length, step: steps[0] })
  if (direction === 'up') return up
  const down = [...up].reverse()
  return direction === 'down' ? down : [...up, ...down.slice(1)]
}

/** A note of a melody as a player sounds it: one after another, in beats. */
export interface PlayedNote {
  readonly midi: Midi
  /** Length in beats (quarter notes at `tempo`). */
  readonly beats: number
  /** Rest instead of a note. */
  readonly rest?: boolean
}
