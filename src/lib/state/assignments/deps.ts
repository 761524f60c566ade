import type { AnalysisResult } from '../../analysis/types.ts'
import type { DecodedAudio } from '../../audio/types.ts'
import type { Store } from '../../store/store.ts'
import type { Seconds, Timestamp } from '../../theory/units.ts'

/** Asks the remote model about a mono 16 kHz WAV (≤ 30 s) and returns its raw text answer. */
export type ModelAsk = (wav16k: Uint8Array, signal?: AbortSignal) => Promise<string>

/** Plays a clip's region (the whole clip when absent); resolves when it ends or is stopped. */
export type PlayClip = (blob: Blob, region?: { start: Seconds; end: Seconds }) => Promise<void>

/** The outside world of the Assignments page; the page passes the real adapters, tests pass fakes. */
export interface AssignmentsDeps {
  readonly store: Store
  readonly now: () => Timestamp
  /** Decodes to mono samples at 16 kHz (decodeAudioFile's default rate). */
  decode(file: Blob, name: string): Promise<DecodedAudio>
  identify(samples: Float32Array, sampleRate: number, opts: { signal?: AbortSignal }): Promise<AnalysisResult>
  /** The remote model, when a server is configured (Settings); absent otherwise. */
  readonly askModel?: ModelAsk
  readonly play?: PlayClip
  /** Stops what `play` is playing (moving on to the next item, leaving the assignment). */
  readonly stop?: () => void
  /** A UUID; crypto.randomUUID by default. */
  readonly newId?: () => string
}
