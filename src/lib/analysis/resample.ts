import type { Hz } from '../theory/units.ts'

/** Mono samples with their rate. */
export interface Signal {
  readonly samples: Float32Array
  readonly sampleRate: Hz
}

/**
 * Decimates by the largest integer factor that keeps the rate at or above `minRate`. Pitch tracking needs
 * fundamentals only (≤ ~2.5 kHz for a dizi), so ~8 kHz keeps every melody instrument while cutting the
 * tracker's work 5–6×. The anti-alias filter is a triangular FIR (a second-order CIC): its nulls sit exactly
 * on the frequencies that would fold onto the low band, it costs two multiply-adds per input sample, and
 * the droop it puts on high fundamentals (−2.4 dB at 2.5 kHz) does not move a pitch.
 * @example decimate(x, 44100).sampleRate → 8820
 */
export function decimate(samples: Float32Array, sampleRate: Hz, minRate: Hz = 8000): Signal {
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`)
  const k = Math.max(1, Math.floor(sampleRate / minRate))
  if (k === 1) return { samples, sampleRate }
  const taps = new Float64Array(2 * k - 1)
  for (let j = 0; j < taps.length; j++) taps[j] = (k - Math.abs(j - (k - 1))) / (k * k)
  const out = new Float32Array(Math.floor(samples.length / k))
  const last = samples.length - 1
  for (let n = 0; n < out.length; n++) {
    const c = n * k
    let acc = 0
    if (c - (k - 1) >= 0 && c + (k - 1) <= last) {
      for (let j = 0; j < taps.length; j++) acc += taps[j] * samples[c - (k - 1) + j]
    } else {
      // Edges: treat samples outside the clip as silence.
      for (let j = 0; j < taps.length; j++) {
        const i = c - (k - 1) + j
        if (i >= 0 && i <= last) acc += taps[j] * samples[i]
      }
    }
    out[n] = acc
  }
  return { samples: out, sampleRate: sampleRate / k }
}

/**
 * A second-order Butterworth high-pass, in place. Below the lowest fundamental there is only rumble, pink
 * noise and handling noise, and it keeps the McLeod NSDF from staying positive across every lag.
 */
export function highpassInPlace(x: Float32Array, sampleRate: Hz, cutoff: Hz = 60): Float32Array {
  const w = (2 * Math.PI * cutoff) / sampleRate
  const alpha = Math.sin(w) / Math.SQRT2
  const cos = Math.cos(w)
  const a0 = 1 + alpha
  const b0 = (1 + cos) / 2 / a0
  const b1 = -(1 + cos) / a0
  const a1 = (-2 * cos) / a0
  const a2 = (1 - alpha) / a0
  let x1 = 0,
    x2 = 0,
    y1 = 0,
    y2 = 0
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    const y = b0 * v + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2
    x2 = x1
    x1 = v
    y2 = y1
    y1 = y
    x[i] = y
  }
  return x
}

/**
 * Mixes separate (not interleaved) channel arrays down to one mono channel: their mean, over the shortest
 * channel's length. One channel is returned as it is, not copied; copy it before changing it in place.
 */
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
