import { describe, expect, it } from 'vitest'
import { PATTERNS } from '../theory/tones.ts'
import {
  cadenceProbability,
  ENDING_FEATURES,
  TONIC_FEATURES,
  TONIC_WEIGHTS,
  tonicContext,
  tonicPosterior,
} from './tonic.ts'
import type { NoteEvent } from './types.ts'

const note = (pc: number, start: number, dur: number): NoteEvent => ({
  start,
  end: start + dur,
  midi: 60 + pc,
  pitchClass: pc,
  level: 0.5,
})

describe('the tonic model weights file', () => {
  it('loads with one weight per feature for each expert and the gate, all finite', () => {
    expect(TONIC_WEIGHTS.features).toEqual([...TONIC_FEATURES])
    expect(TONIC_WEIGHTS.cadence).toHaveLength(TONIC_FEATURES.length)
    expect(TONIC_WEIGHTS.fragment).toHaveLength(TONIC_FEATURES.length)
    expect(TONIC_WEIGHTS.gate.weights).toHaveLength(ENDING_FEATURES.length)
    const all = [...TONIC_WEIGHTS.cadence, ...TONIC_WEIGHTS.fragment, ...TONIC_WEIGHTS.gate.weights]
    expect(all.every(Number.isFinite)).toBe(true)
    expect(Number.isFinite(TONIC_WEIGHTS.gate.bias)).toBe(true)
    expect(TONIC_WEIGHTS.systemSharpness).toBeGreaterThan(0)
    expect(TONIC_WEIGHTS.fitted).toMatch(/Han development set/)
  })
})

describe('tonicPosterior', () => {
  const melody = [0, 2, 4, 7, 9, 7, 4, 2, 0, 4, 7, 9].map((pc, i) => note(pc, 0.5 * i, 0.45))
  it('is a distribution over the five tones of the system', () => {
    const p = tonicPosterior(tonicContext(melody, 7), 0, 0.5)
    expect(p).toHaveLength(PATTERNS.length)
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
    expect(p.every((x) => x > 0 && x < 1)).toBe(true)
  })
  it('leans on the final note when the clip ends on a resting note, less when it stops mid-phrase', () => {
    const ending = [...melody, note(2, 6, 1.5)] // comes to rest on D (商)
    const ctx = tonicContext(ending, 8.1)
    const rest = tonicPosterior(ctx, 0, 0.98)
    const frag = tonicPosterior(ctx, 0, 0.02)
    expect(rest[PATTERNS.indexOf('shang')]).toBeGreaterThan(0.5)
    expect(rest[PATTERNS.indexOf('shang')]).toBeGreaterThan(frag[PATTERNS.indexOf('shang')])
  })
})

describe('cadenceProbability', () => {
  it('is higher for a held last note followed by silence than for one cut while it sounds', () => {
    const held = cadenceProbability({ endGap: 0.8, lastHeld: 2, tailLevel: 0, lastStress: 1 })
    const cut = cadenceProbability({ endGap: 0, lastHeld: 0.4, tailLevel: 1, lastStress: 1 })
    expect(held).toBeGreaterThan(0.8)
    expect(cut).toBeLessThan(0.3)
  })
})
