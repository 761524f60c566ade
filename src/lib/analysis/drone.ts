import { RealFFT } from './fft.ts'
import type { Hz } from '../theory/units.ts'

/** A sustained drone found under the melody. */
export interface Drone {
  /** Its fundamental. */
  readonly hz: Hz
  /** How many of its harmonics stand out of the clip's lasting spectrum. */
  readonly harmonics: number
}

/** Options of {@link findDrone}. */
export interface DroneOptions {
  /** FFT size (a power of two): 2048 at 8 kHz resolves 4 Hz, enough to place harmonics of a 65 Hz drone. */
  readonly fftSize: number
  /** A drone sounds through at least this share of the clip: the spectrum's (1 − share) percentile is read. */
  readonly presentShare: number
  /** A lasting harmonic must stand this many times above its spectral neighbourhood (amplitude). */
  readonly prominence: number
  /** At least this many harmonics of one fundamental must last. */
  readonly minHarmonics: number
  readonly minHz: Hz
  readonly maxHz: Hz
}

/** Partials above this are too weak and too dense to help find a drone; skipping them saves time. */
const MAX_PARTIAL_HZ: Hz = 3000
/** The lasting spectrum reads at most this many frames, evenly spread. */
const MAX_FRAMES = 64

export const DEFAULT_DRONE_OPTIONS: DroneOptions = Object.freeze({
  fftSize: 2048,
  presentShare: 0.85,
  prominence: 4,
  minHarmonics: 3,
  minHz: 55,
  maxHz: 500,
})

/**
 * Finds a sustained drone: partials present through most of the clip at a steady level. A melody moves, so
 * its partials drop out of a low percentile of the frame spectra; noise is flat there; a drone's harmonic
 * series stands out. Returns null when there is none.
 */
export function findDrone(x: Float32Array, sampleRate: Hz, opts: Partial<DroneOptions> = {}): Drone | null {
  const o = { ...DEFAULT_DRONE_OPTIONS, ...opts }
  const spectra = lastingSpectrum(
    x,
    o.fftSize,
    o.presentShare,
    Math.ceil((MAX_PARTIAL_HZ * o.fftSize) / sampleRate),
  )
  if (!spectra) return null
  const { lasting, typical } = spectra
  const binHz = sampleRate / o.fftSize
  const peaks = prominentPeaks(lasting, typical, o.prominence).map((p) => ({
    hz: p.bin * binHz,
    weight: p.weight,
  }))
  let best: Drone | null = null
  let bestWeight = 0
  for (const p of peaks)
    for (let k = 1; k <= 4; k++) {
      const f0 = p.hz / k
      if (f0 < o.minHz || f0 > o.maxHz) continue
      const fit = harmonicFit(peaks, f0, binHz)
      if (fit.count >= o.minHarmonics && fit.weight > bestWeight * 1.05) {
        best = { hz: fit.hz, harmonics: fit.count }
        bestWeight = fit.weight
      }
    }
  return best
}

/**
 * The per-bin (1 − presentShare) percentile ("lasting") and median ("typical") of Hann-windowed magnitude
 * spectra over non-overlapping frames.
 */
function lastingSpectrum(
  x: Float32Array,
  size: number,
  presentShare: number,
  maxBin: number,
): { lasting: Float64Array; typical: Float64Array } | null {
  const available = Math.floor(x.length / size)
  if (available < 8) return null
  // 64 frames spread over the clip estimate the percentiles well enough, at a bounded cost.
  const count = Math.min(available, MAX_FRAMES)
  const stride = available / count
  const fft = new RealFFT(size)
  const re = new Float64Array(size / 2 + 1)
  const im = new Float64Array(size / 2 + 1)
  const win = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size))
  const frame = new Float64Array(size)
  const bins = Math.min(size / 2, maxBin)
  const mags = new Float32Array(bins * count) // bin-major, so each bin's frames are contiguous
  for (let f = 0; f < count; f++) {
    const at = Math.floor(f * stride) * size
    for (let i = 0; i < size; i++) frame[i] = x[at + i] * win[i]
    fft.forward(frame, re, im)
    for (let k = 0; k < bins; k++) mags[k * count + f] = Math.sqrt(re[k] * re[k] + im[k] * im[k])
  }
  const rank = Math.floor((1 - presentShare) * (count - 1))
  const lasting = new Float64Array(bins)
  const typical = new Float64Array(bins)
  for (let k = 0; k < bins; k++) {
    const frames = mags.subarray(k * count, (k + 1) * count).sort()
    lasting[k] = frames[rank]
    typical[k] = frames[count >> 1]
  }
  return { lasting, typical }
}

/**
 * Local maxima of the lasting spectrum standing `prominence` times above the median of their ±12-bin
 * neighbourhood, and steady: at least 0.4 of the bin's typical level (a melody's most frequent note comes and
 * goes, so its lasting level is far below its typical one; a drone's is not).
 */
function prominentPeaks(
  s: Float64Array,
  typical: Float64Array,
  prominence: number,
): { bin: number; weight: number }[] {
  const out: { bin: number; weight: number }[] = []
  const near: number[] = []
  for (let k = 2; k < s.length - 2; k++) {
    if (!(s[k] > s[k - 1] && s[k] >= s[k + 1]) || s[k] < 0.4 * typical[k]) continue
    near.length = 0
    for (let j = Math.max(0, k - 12); j <= Math.min(s.length - 1, k + 12); j++)
      if (Math.abs(j - k) > 2) near.push(s[j])
    near.sort((a, b) => a - b)
    const floor = near[near.length >> 1] || 1e-12
    const ratio = s[k] / floor
    if (ratio < prominence) continue
    // Parabolic interpolation on log magnitudes places the partial within a fraction of a bin.
    const [a, b, c] = [Math.log(s[k - 1] + 1e-12), Math.log(s[k]), Math.log(s[k + 1] + 1e-12)]
    const d = a - 2 * b + c
    out.push({ bin: k + (d < 0 ? (0.5 * (a - c)) / d : 0), weight: Math.log(ratio) })
  }
  return out
}

/** Which peaks sit on harmonics of f0 (within a bin), their summed weight, and the refined f0. */
function harmonicFit(peaks: readonly { hz: Hz; weight: number }[], f0: Hz, binHz: Hz) {
  let count = 0
  let weight = 0
  let num = 0
  let den = 0
  for (const p of peaks) {
    const k = Math.round(p.hz / f0)
    if (k < 1 || k > 16 || Math.abs(p.hz - k * f0) > binHz) continue
    count++
    weight += p.weight
    // Least-squares f0 through the origin: higher harmonics pin it more precisely.
    num += k * p.hz
    den += k * k
  }
  return { count, weight, hz: den > 0 ? num / den : f0 }
}

/**
 * Removes a drone's harmonic series with a narrow comb notch, H(z) = (1 − z^−D) / (1 − g·z^−D), D = rate/f0
 * (fractional, linearly interpolated). The notches are about (1 − g)/π of f0 wide, so melody notes a few
 * cents off the drone's harmonics pass; what the tracker then hears is the melody alone.
 */
export function removeDrone(x: Float32Array, sampleRate: Hz, hz: Hz, g = 0.95): Float32Array {
  const d = sampleRate / hz
  const di = Math.floor(d)
  const frac = d - di
  const y = new Float32Array(x.length)
  const at = (a: Float32Array, i: number): number => (i >= 0 ? a[i] : 0)
  for (let n = 0; n < x.length; n++) {
    // Delay by d samples: between n − di and n − di − 1.
    const xd = (1 - frac) * at(x, n - di) + frac * at(x, n - di - 1)
    const yd = (1 - frac) * at(y, n - di) + frac * at(y, n - di - 1)
    y[n] = x[n] - xd + g * yd
  }
  return y
}
