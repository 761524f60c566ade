import type { AnalysisResult } from '../../analysis/types.ts'
import type { RenderNote } from '../../synth/voices.ts'
import type { Store } from '../../store/store.ts'
import type { PitchClass } from '../../theory/pitch-class.ts'
import type { Timestamp } from '../../theory/units.ts'
import type { QuestionAudio } from '../question-sound.ts'

/** The audio the drill needs: a question's sound, plus a drone for hints (ReferencePlayer + a clip player in the app; fakes in tests). */
export interface PracticeAudio extends QuestionAudio {
  startDrone(pitchClass: PitchClass): Promise<void>
  stopDrone(): void
}

/** The part of the store the drill uses. */
export type PracticeStore = Pick<
  Store,
  | 'addAttempt'
  | 'recordAttempt'
  | 'listAttempts'
  | 'listCards'
  | 'putCard'
  | 'listClips'
  | 'getClip'
  | 'getSetting'
  | 'setSetting'
  | 'deleteSetting'
>

/** Mono samples for the analyzer. */
export interface Samples {
  readonly samples: Float32Array
  readonly sampleRate: number
}

/** A sound the drill generated (a melody or a scale), as notes in beats. */
export interface RenderableSound {
  readonly notes: readonly RenderNote[]
  readonly tempo: number
  readonly seed: number
}

export interface PracticeDeps {
  /** Null when the store could not be opened: the drill works, nothing is saved. */
  readonly store: PracticeStore | null
  readonly audio: PracticeAudio
  /** Runs the offline analyzer (in a worker in the app). */
  identify(samples: Float32Array, sampleRate: number, opts: { signal?: AbortSignal }): Promise<AnalysisResult>
  /** Decodes a stored clip for the analyzer. */
  decode(blob: Blob, name: string): Promise<Samples>
  /** Renders a generated sound to samples for the analyzer (default: the pure synth renderer). */
  render?(sound: RenderableSound): Samples
  readonly now: () => Timestamp
  readonly random: () => number
}
