import { PitchDetector } from 'pitchy'
import type { Hz, Seconds } from '../theory/units.ts'
import type { PitchFrame, ProgressFn } from './types.ts'

/** Options of the frame-wise f0 tracker. */
export interface PitchOptions {
  /** Window length in samples at the tracker's rate (a power of two keeps the FFT cheap). */
  readonly frameSize: number
  /** Hop between frames. */
  readonly hop: Seconds
  /** Frequencies outside this range are reported unvoiced. */
  readonly minHz: Hz
  readonly maxHz: Hz
  /** Called now and then with the fraction of frames done. */
  readonly onProgress?: ProgressFn
  /** Checked between blocks of frames; when it turns true the tracker throws an AbortError. */
  readonly signal?: { readonly aborted: boolean }
}

export const DEFAULT_PITCH_OPTIONS: PitchOptions = Object.freeze({
  frameSize: 512,
  hop: 0.02,
  minHz: 55,
  maxHz: 2600,
})

/** Thrown when the caller's signal aborts a running analysis. */
export class AnalysisAbortedError extends Error {
  override readonly name = 'AbortError'
  constructor() {
    super('analysis aborted')
  }
}

/**
 * Frame-wise f0 with the McLeod pitch method (pitchy). Every frame is returned; unvoiced ones have hz = 0.
 * Voicing decisions beyond the frequency range are left to the caller, which sees clarity and level.
 */
export function trackPitch(
  samples: Float32Array,
  sampleRate: Hz,
  opts: Partial<PitchOptions> = {},
): PitchFrame[] {
  const o = { ...DEFAULT_PITCH_OPTIONS, ...opts }
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`)
  if (!(o.hop > 0)) throw new RangeError(`hop must be > 0, got ${o.hop}`)
  const size = o.frameSize
  const hop = Math.max(1, Math.round(o.hop * sampleRate))
  if (samples.length < size) return []
  const count = Math.floor((samples.length - size) / hop) + 1
  const detector = PitchDetector.forFloat32Array(size)
  detector.minVolumeAbsolute = 0
  const frames: PitchFrame[] = new Array(count)
  const block = 64
  for (let f = 0; f < count; f++) {
    if (f % block === 0) {
      if (o.signal?.aborted) throw new AnalysisAbortedError()
      o.onProgress?.(f / count)
    }
    const start = f * hop
    const win = samples.subarray(start, start + size)
    let sq = 0
    for (let i = 0; i < size; i++) sq += win[i] * win[i]
    const rms = Math.sqrt(sq / size)
    const time = (start + size / 2) / sampleRate
    if (rms < 1e-5) {
      frames[f] = { time, hz: 0, clarity: 0, rms }
      continue
    }
    const [hz, clarity] = detector.findPitch(win, sampleRate)
    const ok = Number.isFinite(hz) && hz >= o.minHz && hz <= o.maxHz
    frames[f] = { time, hz: ok ? hz : 0, clarity: ok ? clarity : 0, rms }
  }
  o.onProgress?.(1)
  return frames
}
