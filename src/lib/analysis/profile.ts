import type { PitchClass } from '../theory/pitch-class.ts'
import type { Seconds } from '../theory/units.ts'
import type { NoteEvent } from './types.ts'
import { median } from './notes.ts'

/**
 * How long each note sounds for the listener: up to the next onset (capped), to the clip's end for the last.
 * Tracked durations undercount plucked notes, whose decay drops below the tracker's clarity long before the
 * next note; the inter-onset span does not.
 */
export function noteSpans(notes: readonly NoteEvent[], clipEnd: Seconds, maxSpan: Seconds = 1.5): number[] {
  return notes.map((n, i) => {
    const next = i + 1 < notes.length ? notes[i + 1].start : Math.max(clipEnd, n.end)
    return Math.min(Math.max(next - n.start, n.end - n.start), maxSpan)
  })
}

/**
 * Stress per note: its level relative to the clip's loud notes (80th percentile), 0.1..1.5. Linear and
 * referenced high, so a drone or an accompaniment heard in the melody's rests (8–14 dB down) and reverb
 * tails count for little even when they make up many of the tracked notes.
 */
export function noteStress(notes: readonly NoteEvent[]): number[] {
  if (notes.length === 0) return []
  const levels = notes.map((n) => n.level).sort((a, b) => a - b)
  const ref = levels[Math.floor(0.8 * (levels.length - 1))] || 1
  return notes.map((n) => Math.min(1.5, Math.max(0.1, n.level / ref)))
}

/** The weight a note carries in the profile: its span (capped, so a held note cannot swamp it) times stress. */
export function noteWeights(notes: readonly NoteEvent[], clipEnd: Seconds = Infinity): number[] {
  const spans = noteSpans(notes, Number.isFinite(clipEnd) ? clipEnd : (notes.at(-1)?.end ?? 0))
  const stress = noteStress(notes)
  return notes.map((_, i) => spans[i] * stress[i])
}

/** Per-note weights for counting notes: 1 for a note at normal level, less for quiet ones. */
export function countWeights(notes: readonly NoteEvent[]): number[] {
  return noteStress(notes).map((s) => Math.min(1, s))
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
 * Phrase-final notes: a note whose inter-onset span is much longer than the typical one (a held note or a
 * rest after it). The final note is the last note of at least 0.1 s that is not a drone left sounding after
 * the melody (far below its register and quieter than the note before).
 */
export function findCadences(notes: readonly NoteEvent[], clipEnd: Seconds = Infinity): Cadence[] {
  if (notes.length === 0) return []
  const end = Number.isFinite(clipEnd) ? clipEnd : (notes.at(-1)?.end ?? 0)
  const spans = noteSpans(notes, end, Infinity)
  const stress = noteStress(notes)
  const typical = median(spans.slice(0, -1).length ? spans.slice(0, -1) : spans)
  let last = notes.length - 1
  // The melody's register, from its normal-level notes: a drone sits below it.
  let low = Infinity
  for (let i = 0; i < notes.length - 1; i++) if (stress[i] >= 0.5) low = Math.min(low, notes[i].midi)
  // A blip trails, and so does a drone left sounding: below the melody by more than a fifth and quieter. A
  // soft final note (a decaying string, a closed vowel, a fading voice) is still the resting note, and folk
  // songs often come to rest on their lowest tone.
  const trailing = (i: number) =>
    notes[i].end - notes[i].start < 0.1 ||
    (notes[i].midi < low - 7 && notes[i].level < 0.8 * notes[i - 1].level)
  while (last > 0 && trailing(last)) last--
  const out: Cadence[] = []
  for (let i = 0; i < last; i++) {
    const held = spans[i] / typical
    if (held >= 1.8 && stress[i] >= 0.35) {
      const strength = Math.min(1, 0.25 + 0.25 * held) * Math.min(1, stress[i])
      out.push({ time: notes[i].start, pitchClass: notes[i].pitchClass, final: false, strength })
    }
  }
  out.push({ time: notes[last].start, pitchClass: notes[last].pitchClass, final: true, strength: 1 })
  return out
}
