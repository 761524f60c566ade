import type { Hz } from '../theory/units.ts'

/** Mono samples with their rate. */
export interface Signal {
  readonly samples: Float32Array
  readonly sampleRate: Hz
}

/**
 * Decimates by the largest integer factor that keeps the rate at or above `minRate`, after a 4th-order
 * Butterworth low-pass at 0.42 × the new rate. Pitch tracking needs fundamentals only (≤ ~2.5 kHz for a dizi),
 * so ~8 kHz keeps every melody instrument while cutting the tracker's work 5–6×.
 * @example decimate(x, 44100).sampleRate → 8820
 */
export function decimate(samples: Float32Array, sampleRate: Hz, minRate: Hz = 8000): Signal {
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`)
  const factor = Math.max(1, Math.floor(sampleRate / minRate))
  if (factor === 1) return { samples, sampleRate }
  const out = new Float32Array(Math.floor(samples.length / factor))
  const cutoff = (0.42 * sampleRate) / factor
  // Two cascaded biquads (Q of a 4th-order Butterworth); the output is only read every `factor` samples,
  // but an IIR must run on every input sample.
  const s1 = biquadLowpass(cutoff, sampleRate, 0.5412)
  const s2 = biquadLowpass(cutoff, sampleRate, 1.3066)
  let a1x1 = 0,
    a1x2 = 0,
    a1y1 = 0,
    a1y2 = 0,
    a2x1 = 0,
    a2x2 = 0,
    a2y1 = 0,
    a2y2 = 0
  let k = 0
  let next = 0
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]
    const y1 = s1.b0 * x + s1.b1 * a1x1 + s1.b2 * a1x2 - s1.a1 * a1y1 - s1.a2 * a1y2
    a1x2 = a1x1
    a1x1 = x
    a1y2 = a1y1
    a1y1 = y1
    const y2 = s2.b0 * y1 + s2.b1 * a2x1 + s2.b2 * a2x2 - s2.a1 * a2y1 - s2.a2 * a2y2
    a2x2 = a2x1
    a2x1 = y1
    a2y2 = a2y1
    a2y1 = y2
    if (i === next) {
      if (k < out.length) out[k++] = y2
      next += factor
    }
  }
  return { samples: out, sampleRate: sampleRate / factor }
}

interface Biquad {
  readonly b0: number
  readonly b1: number
  readonly b2: number
  readonly a1: number
  readonly a2: number
}

/** RBJ cookbook low-pass coefficients, normalised by a0. */
function biquadLowpass(cutoff: Hz, sampleRate: Hz, q: number): Biquad {
  const w = (2 * Math.PI * cutoff) / sampleRate
  const alpha = Math.sin(w) / (2 * q)
  const cos = Math.cos(w)
  const a0 = 1 + alpha
  return {
    b0: (1 - cos) / 2 / a0,
    b1: (1 - cos) / a0,
    b2: (1 - cos) / 2 / a0,
    a1: (-2 * cos) / a0,
    a2: (1 - alpha) / a0,
  }
}

/** Mixes interleaved-free channel arrays down to one mono channel (mean). */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0)
  if (channels.length === 1) return channels[0]
  const n = Math.min(...channels.map((c) => c.length))
  const out = new Float32Array(n)
  for (const c of channels) for (let i = 0; i < n; i++) out[i] += c[i]
  const g = 1 / channels.length
  for (let i = 0; i < n; i++) out[i] *= g
  return out
}
