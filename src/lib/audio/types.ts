import type { Hz, Seconds } from '../theory/units.ts'

/** A decoded clip: mono samples at a known rate, ready for the analyzer, the waveform and the model. */
export interface DecodedAudio {
  /** Mono samples, −1..1 (channels averaged). */
  readonly samples: Float32Array
  readonly sampleRate: Hz
  readonly duration: Seconds
  /** Channels in the source before the mix-down. */
  readonly channels: number
  /** The file name, or a descriptive name for a recording. */
  readonly name: string
  /**
   * Samples that were NaN or infinite in the file and were decoded as 0 (a few are repaired; more than 1% of
   * the clip is refused as damaged). Absent or 0 for clean audio.
   */
  readonly nonFinite?: number
  /** Where `samples` start in the file, seconds, when only a segment was decoded (absent: from the start). */
  readonly offset?: Seconds
}

/** A stretch of a clip, in seconds from its start. */
export interface TimeRegion {
  readonly start: Seconds
  readonly end: Seconds
}

/** The sample rate the analyzer and the remote model take. */
export const MODEL_SAMPLE_RATE: Hz = 16000

/** The longest stretch the remote model judges at once. */
export const MAX_REGION_SECONDS: Seconds = 30
