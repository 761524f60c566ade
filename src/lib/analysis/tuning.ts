import { hzToMidi } from '../theory/pitch-class.ts'
import type { Cents } from '../theory/units.ts'
import type { PitchFrame } from './types.ts'

/**
 * The global tuning offset from A440 in cents (−50..50): the circular mean of every voiced frame's deviation
 * from the nearest equal-tempered semitone, weighted by clarity and level. Vibrato is symmetric about the
 * note, so it averages out; glides spread evenly round the circle, so they add little.
 * @example estimateTuning(framesOfA4At445Hz) → ≈ +20
 */
export function estimateTuning(frames: readonly PitchFrame[], minClarity = 0.85): Cents {
  let re = 0
  let im = 0
  for (const f of frames) {
    if (f.hz <= 0 || f.clarity < minClarity) continue
    const m = hzToMidi(f.hz)
    const angle = 2 * Math.PI * (m - Math.round(m))
    const w = f.clarity * Math.sqrt(f.rms)
    re += w * Math.cos(angle)
    im += w * Math.sin(angle)
  }
  if (re === 0 && im === 0) return 0
  return (100 * Math.atan2(im, re)) / (2 * Math.PI)
}
