import type { Rng } from '../theory/random.ts'
import type { Decibels, Seconds } from '../theory/units.ts'

/** Room reverb settings: how much of the wet signal, and how long the tail rings (RT60). */
export interface ReverbOptions {
  /** Wet share, 0..1. */
  readonly mix: number
  /** Time for the tail to fall by 60 dB. */
  readonly decay: Seconds
}

// Freeverb's comb and allpass lengths (in samples at 44.1 kHz): mutually prime, so the echoes do not pile up.
const COMB_SECONDS = [1116, 1188, 1277, 1356, 1422, 1491].map((n) => n / 44100)
const ALLPASS_SECONDS = [556, 441, 341].map((n) => n / 44100)

/**
 * A Schroeder/Freeverb-style reverb in place: parallel damped combs into series allpasses. Cheap (a few
 * operations per sample) and dense enough to smear note boundaries the way a hall does.
 */
export function applyReverb(signal: Float32Array, sampleRate: number, opts: ReverbOptions): void {
  const n = signal.length
  const wet = new Float32Array(n)
  const damp = 0.3
  for (const sec of COMB_SECONDS) {
    const len = Math.max(1, Math.round(sec * sampleRate))
    const feedback = 10 ** ((-3 * sec) / Math.max(0.05, opts.decay))
    const buf = new Float32Array(len)
    let idx = 0
    let low = 0
    for (let i = 0; i < n; i++) {
      const out = buf[idx]
      low = out * (1 - damp) + low * damp
      buf[idx] = signal[i] + low * feedback
      wet[i] += out
      if (++idx === len) idx = 0
    }
  }
  for (const sec of ALLPASS_SECONDS) {
    const len = Math.max(1, Math.round(sec * sampleRate))
    const buf = new Float32Array(len)
    let idx = 0
    for (let i = 0; i < n; i++) {
      const delayed = buf[idx]
      const x = wet[i]
      buf[idx] = x + delayed * 0.5
      wet[i] = delayed - x * 0.5
      if (++idx === len) idx = 0
    }
  }
  const dryRms = rms(signal)
  const wetRms = rms(wet)
  // Mix by energy, so `mix` means the same whatever the comb gains add up to.
  const k = wetRms > 0 ? (dryRms / wetRms) * opts.mix : 0
  for (let i = 0; i < n; i++) signal[i] = signal[i] * (1 - opts.mix) + wet[i] * k
}

/** Root mean square of a signal (0 for an empty one). */
export function rms(signal: Float32Array): number {
  let s = 0
  for (let i = 0; i < signal.length; i++) s += signal[i] * signal[i]
  return signal.length ? Math.sqrt(s / signal.length) : 0
}

/** White or pink (1/f, like room and hiss) noise. */
export type NoiseColour = 'white' | 'pink'

/** Fills a buffer with noise of unit RMS. */
export function makeNoise(length: number, colour: NoiseColour, random: Rng): Float32Array {
  const out = new Float32Array(length)
  let b0 = 0
  let b1 = 0
  let b2 = 0
  for (let i = 0; i < length; i++) {
    const w = random() * 2 - 1
    if (colour === 'white') out[i] = w
    else {
      // Paul Kellet's economy pink filter: three one-poles, within 0.5 dB of 1/f across the audio band.
      b0 = 0.99765 * b0 + w * 0.099046
      b1 = 0.963 * b1 + w * 0.2965164
      b2 = 0.57 * b2 + w * 1.0526913
      out[i] = b0 + b1 + b2 + w * 0.1848
    }
  }
  const r = rms(out)
  if (r > 0) for (let i = 0; i < length; i++) out[i] /= r
  return out
}

/** Adds noise in place so that signal RMS / noise RMS equals the given SNR (measured over the whole clip). */
export function addNoise(signal: Float32Array, snr: Decibels, colour: NoiseColour, random: Rng): void {
  const level = rms(signal) / 10 ** (snr / 20)
  const noise = makeNoise(signal.length, colour, random)
  for (let i = 0; i < signal.length; i++) signal[i] += noise[i] * level
}

/** Scales a signal in place so its largest sample has the given magnitude (silence stays silent). */
export function normalizePeak(signal: Float32Array, peak: number): void {
  let max = 0
  for (let i = 0; i < signal.length; i++) max = Math.max(max, Math.abs(signal[i]))
  if (max > 0) for (let i = 0; i < signal.length; i++) signal[i] *= peak / max
}
