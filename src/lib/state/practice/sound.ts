// The sound of a question as the analyzer hears it: generated sounds rendered to samples, with the learner's
// timbre and tempo.
import { renderMelody } from '../../synth/render.ts'
import type { Timbre } from '../../audio/player.ts'
import { scaleNotes } from '../../theory/scale-notes.ts'
import type { Label } from '../../theory/label.ts'
import type { Question } from '../../tutor/types.ts'
import { questionMelody } from '../question-sound.ts'
import type { RenderableSound, Samples } from './deps.ts'

const ANALYSIS_RATE = 16000

/** The renderable notes of a reference scale as the drill plays it (up and down from the tonic, one per beat). */
export function scaleSound(label: Label, tempo: number): RenderableSound {
  const notes = scaleNotes(label, 'updown', 4)
  return {
    tempo,
    seed: 1,
    notes: notes.map((n, i) => ({
      midi: n.midi,
      start: i,
      duration: i === notes.length - 1 ? 2 : 0.9,
      velocity: 0.8,
    })),
  }
}

/** Renders a generated sound with the pure synth, at the analyzer's rate. */
export function renderSound(sound: RenderableSound): Samples {
  const samples = renderMelody(sound, ANALYSIS_RATE, { seed: sound.seed })
  return { samples, sampleRate: ANALYSIS_RATE }
}

/** The learner's timbre and tempo on a generated sound (a clip keeps its own). */
export function withLearnerSound(q: Question, timbre: Timbre, tempo: number): Question {
  const s = q.source
  if (s.kind === 'clip') return q
  return Object.freeze({ ...q, source: { ...s, timbre, tempo } })
}

/**
 * A question's sound as samples for the analyzer: a generated sound rendered (by `render`), a clip decoded (by
 * `decodeClip`). It yields first, so the question's playback starts before the (synchronous) rendering.
 */
export async function questionSamples(
  q: Question,
  render: (sound: RenderableSound) => Samples,
  decodeClip: (clipId: string) => Promise<Samples>,
): Promise<Samples> {
  await new Promise((r) => setTimeout(r, 0))
  const s = q.source
  if (s.kind === 'melody') {
    const m = questionMelody(q)!
    return render({ notes: m.notes, tempo: m.tempo, seed: s.seed })
  }
  if (s.kind === 'scale') return render(scaleSound(q.label, s.tempo))
  return decodeClip(s.clipId)
}
