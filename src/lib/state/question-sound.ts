// How a question sounds, shared by Practice (asking) and History (replaying it offline, from its seed).
import type { Timbre } from '../audio/player.ts'
import type { PlayedNote as PlayerNote, ScaleDirection } from '../theory/scale-notes.ts'
import type { Label } from '../theory/label.ts'
import { generateMelody } from '../tutor/melody.ts'
import type { Melody } from '../tutor/melody-types.ts'
import type { Question } from '../tutor/types.ts'
import { readTimbre } from './practice/settings.ts'

/** The audio a question's sound needs. */
export interface QuestionAudio {
  /** Must be called inside the click handler: browsers start audio only on a user gesture. */
  ensureAudio(): Promise<void>
  /** Resolves when the melody has finished or was stopped. */
  playMelody(notes: readonly PlayerNote[], tempo: number, timbre: Timbre): Promise<void>
  playScale(label: Label, opts: { direction: ScaleDirection; tempo: number }): Promise<void>
  /** Plays an encoded clip; resolves when it ends or is stopped. */
  playClip(blob: Blob): Promise<void>
  stop(): void
}

/** The player's timbre for a question's source timbre (older questions carry 'guqin', which plucks). */
export function playerTimbre(timbre: string): Timbre {
  return readTimbre(timbre) ?? 'pluck'
}

/**
 * The melody a melody question plays, rebuilt from its seed by the generator rules it was asked with (the same
 * every time: History replays it; a question stored before rules 2 carries none and was drawn by rules 1).
 */
export function questionMelody(q: Question): Melody | null {
  if (q.source.kind !== 'melody') return null
  const { seed, bars, tempo, rules = 1 } = q.source
  return generateMelody(q.label, { seed, bars, tempo, rules })
}

/**
 * A generated melody as the player's sequential notes: gaps become rests, overlaps are cut at the next onset.
 * Ornaments are not played live (the analyzer's rendering has them).
 */
export function toPlayerNotes(melody: Pick<Melody, 'notes'>): PlayerNote[] {
  const notes = [...melody.notes].sort((a, b) => a.start - b.start)
  const out: PlayerNote[] = []
  let t = 0
  notes.forEach((n, i) => {
    if (n.start > t + 1e-6) out.push({ midi: n.midi, beats: n.start - t, rest: true })
    const next = notes[i + 1]
    const end = next ? Math.min(n.start + n.duration, next.start) : n.start + n.duration
    out.push({ midi: n.midi, beats: Math.max(0.05, end - Math.max(n.start, t)) })
    t = Math.max(t, end)
  })
  return out
}

/** The error for a clip question whose recording is no longer stored (the UI says so on the row). */
export function clipMissing(id: string): Error {
  return Object.assign(new Error(`clip ${id} is not on this device`), { kind: 'clipMissing' })
}

/** Plays a question's sound: a melody rebuilt from its seed, a reference scale, or a stored clip. */
export async function playQuestionSound(
  audio: QuestionAudio,
  q: Question,
  clipBlob: (id: string) => Promise<Blob>,
): Promise<void> {
  const s = q.source
  if (s.kind === 'melody') {
    const melody = questionMelody(q)!
    await audio.playMelody(toPlayerNotes(melody), melody.tempo, playerTimbre(s.timbre))
  } else if (s.kind === 'scale') {
    await audio.playScale(q.label, { direction: s.direction, tempo: s.tempo })
  } else {
    await audio.playClip(await clipBlob(s.clipId))
  }
}
