import type { PitchClass } from '../theory/pitch-class.ts'
import type { Seconds } from '../theory/units.ts'
import type { NoteEvent } from './types.ts'
import { median } from './notes.ts'

/** The weight a note carries in the profile: its duration (capped, so a held drone cannot swamp it) times stress. */
export function noteWeights(notes: readonly NoteEvent[], maxDuration: Seconds = 1.5): number[] {
  if (notes.length === 0) return []
  const ref = median(notes.map((n) => n.level)) || 1
  return notes.map((n) => {
    // Louder than usual = stressed; the square root keeps a few accents from dominating.
    const stress = Math.min(2, Math.max(0.5, Math.sqrt(n.level / ref)))
    return Math.min(n.end - n.start, maxDuration) * stress
  })
}

/** The 12-bin duration- and stress-weighted pitch-class profile, summing to 1 (all zeros when there are no notes). */
export function pitchClassProfile(notes: readonly NoteEvent[], weights = noteWeights(notes)): number[] {
  const p = new Array<number>(12).fill(0)
  notes.forEach((n, i) => (p[n.pitchClass] += weights[i]))
  const total = p.reduce((a, b) => a + b, 0)
  return total > 0 ? p.map((x) => x / total) : p
}

/** A note that closes a phrase: the final note, or one followed by a rest or held long. */
export interface Cadence {
  readonly time: Seconds
  readonly pitchClass: PitchClass
  readonly final: boolean
  /** How much this cadence says about the tonic, 0..1. */
  readonly strength: number
}

/**
 * Phrase-final notes. A note ends a phrase when a rest of at least `minRest` follows it, or when it is held
 * much longer than the typical note. The final note is the last note that is not a short after-beat.
 */
export function findCadences(notes: readonly NoteEvent[], minRest: Seconds = 0.18): Cadence[] {
  if (notes.length === 0) return []
  const durs = notes.map((n) => n.end - n.start)
  const typical = median(durs)
  const out: Cadence[] = []
  const last = finalNoteIndex(notes, typical)
  for (let i = 0; i < last; i++) {
    const rest = notes[i + 1].start - notes[i].end
    const held = durs[i] / typical
    if (rest >= minRest || held >= 2) {
      const strength = Math.min(1, 0.4 * Math.min(rest / 0.5, 1) + 0.3 * Math.min(held / 3, 1) + 0.2)
      out.push({ time: notes[i].start, pitchClass: notes[i].pitchClass, final: false, strength })
    }
  }
  out.push({ time: notes[last].start, pitchClass: notes[last].pitchClass, final: true, strength: 1 })
  return out
}

/** The last note, unless it is a short flick after a longer one (an after-beat or a tracker tail). */
function finalNoteIndex(notes: readonly NoteEvent[], typical: Seconds): number {
  let i = notes.length - 1
  while (i > 0 && notes.length - 1 - i < 2) {
    const d = notes[i].end - notes[i].start
    if (d >= Math.min(0.25, 0.6 * typical)) break
    i--
  }
  return i
}
