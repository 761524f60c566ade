/** Signals and measurements shared by the audio tests (not imported by app code). */
import { PitchDetector } from 'pitchy'
import type { Hz } from '../theory/units.ts'

/** A sine wave. */
export function sine(hz: Hz, rate: Hz, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds))
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * hz * i) / rate)
  return out
}

/** Root-mean-square level. */
export function rms(x: Float32Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i] * x[i]
  return Math.sqrt(s / Math.max(1, x.length))
}

/** The pitch (McLeod, via pitchy) of a window of samples, and its clarity. */
export function pitchOf(x: Float32Array, rate: Hz): { hz: Hz; clarity: number } {
  const size = Math.min(x.length, 4096)
  const [hz, clarity] = PitchDetector.forFloat32Array(size).findPitch(x.subarray(0, size), rate)
  return { hz, clarity }
}

/** Signed distance in cents from `ref` to `hz`. */
export function cents(hz: Hz, ref: Hz): number {
  return 1200 * Math.log2(hz / ref)
}
