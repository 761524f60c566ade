import { RealFFT } from './fft.ts'
import type { Hz, Seconds } from '../theory/units.ts'
import type { PitchFrame, ProgressFn } from './types.ts'

/** Options of the frame-wise f0 tracker. */
export interface PitchOptions {
  /** Window length in samples at the tracker's rate (~8 kHz): 256 holds two periods of 65 Hz. A power of two. */
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
  frameSize: 256,
  hop: 0.02,
  minHz: 65,
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
 * Frame-wise f0 with the McLeod pitch method (normalised square difference, first key maximum above 0.9 × the
 * highest). Every frame is returned; unvoiced ones have hz = 0. The NSDF comes from two real FFTs per frame
 * (power spectrum, then its transform), which is what makes ≥ 500× real time possible.
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
  const nsdf = new Nsdf(size, Math.min(size - 2, Math.ceil(sampleRate / o.minHz) + 1))
  const minLag = Math.max(2, Math.floor(sampleRate / o.maxHz))
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
    const [lag, clarity] = nsdf.bestLag(win, minLag)
    frames[f] = lag > 0 ? { time, hz: sampleRate / lag, clarity, rms } : { time, hz: 0, clarity: 0, rms }
  }
  o.onProgress?.(1)
  return frames
}

/** McLeod's normalised square difference function on a fixed window, with reusable buffers. */
class Nsdf {
  readonly #fft: RealFFT
  readonly #re: Float64Array
  readonly #im: Float64Array
  readonly #power: Float64Array
  readonly #n: Float64Array
  readonly #maxLag: number

  constructor(
    readonly window: number,
    maxLag: number,
  ) {
    const size = 2 * window // zero padding to 2W makes the circular autocorrelation linear
    this.#fft = new RealFFT(size)
    this.#re = new Float64Array(size / 2 + 1)
    this.#im = new Float64Array(size / 2 + 1)
    this.#power = new Float64Array(size)
    this.#n = new Float64Array(maxLag + 2)
    this.#maxLag = maxLag
  }

  /** The refined lag of the pitch period and its clarity, or [0, 0] when there is no key maximum. */
  bestLag(x: Float32Array, minLag: number): [number, number] {
    const size = this.#fft.size
    const re = this.#re
    const im = this.#im
    const p = this.#power
    this.#fft.forward(x, re, im)
    const h = size / 2
    for (let k = 0; k <= h; k++) p[k] = re[k] * re[k] + im[k] * im[k]
    for (let k = 1; k < h; k++) p[size - k] = p[k]
    // The power spectrum is real and even, so its forward transform is the autocorrelation (times size).
    this.#fft.forward(p, re, im)
    const n = this.#n
    const maxLag = this.#maxLag
    let m = 0
    for (let i = 0; i < x.length; i++) m += 2 * x[i] * x[i]
    if (!(re[0] > 0) || !(m > 0)) return [0, 0]
    const W = x.length
    // n(τ) = 2 r(τ) / m(τ), with r(τ) = re[τ] / size and m(τ) updated incrementally (McLeod, section 6).
    for (let t = 0; t <= maxLag + 1; t++) {
      n[t] = m > 0 ? (2 * re[t]) / size / m : 0
      m -= x[t] * x[t] + x[W - 1 - t] * x[W - 1 - t]
    }
    return pickPeak(n, minLag, maxLag)
  }
}

/** McLeod's peak picking: key maxima after the first negative crossing, the first one ≥ 0.9 × the highest. */
function pickPeak(n: Float64Array, minLag: number, maxLag: number): [number, number] {
  let t = 1
  while (t <= maxLag && n[t] > 0) t++ // skip the lobe round lag 0
  let best = -Infinity
  let chosenIdx = -1
  const peaks: number[] = []
  let looking = false
  let max = -Infinity
  let at = -1
  for (; t <= maxLag; t++) {
    if (n[t - 1] <= 0 && n[t] > 0) {
      looking = true
      max = n[t]
      at = t
    } else if (looking && n[t - 1] > 0 && n[t] <= 0) {
      looking = false
      peaks.push(at)
    } else if (looking && n[t] > max) {
      max = n[t]
      at = t
    }
  }
  if (looking && at > 0 && at < maxLag) peaks.push(at) // a lobe still open at the longest lag
  for (const i of peaks) if (n[i] > best) best = n[i]
  if (!(best > 0)) return [0, 0]
  for (const i of peaks)
    if (n[i] >= 0.9 * best && i >= minLag) {
      chosenIdx = i
      break
    }
  if (chosenIdx < 1) return [0, 0]
  const y0 = n[chosenIdx - 1]
  const y1 = n[chosenIdx]
  const y2 = n[chosenIdx + 1]
  const denom = y0 - 2 * y1 + y2
  const shift = denom < 0 ? (0.5 * (y0 - y2)) / denom : 0
  const clarity = Math.min(1, y1 - 0.25 * (y0 - y2) * shift)
  return [chosenIdx + shift, clarity]
}
