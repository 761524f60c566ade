import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import {
  DEFAULT_MODE_MODEL,
  patternKey,
  rawScores,
  scoreModes,
  type ModeEvidence,
  type ScoredLabel,
} from './mode.ts'

/** A profile of C-system pentatonic, A strongest, an optional trace of F (清角: 5 above 宫 C), one final note. */
const evidence = (finalPc: number, extra = 0): ModeEvidence => {
  const p = new Array<number>(12).fill(0)
  for (const [pc, w] of [
    [0, 0.2],
    [2, 0.15],
    [4, 0.2],
    [7, 0.15],
    [9, 0.3],
  ])
    p[pc] = w
  p[5] = extra
  const total = p.reduce((a, b) => a + b, 0)
  return {
    profile: p.map((x) => x / total),
    cadences: [{ time: 10, pitchClass: finalPc, final: true, strength: 1 }],
    noteCount: 40,
  }
}

describe('scoreModes: two-step decision and calibrated confidences', () => {
  it('puts the tonic+pattern with the most probability over types first', () => {
    const ranked = scoreModes(evidence(9))
    expect(ranked[0].label).toMatchObject(labelFromTonic(9, 'yu'))
    expect(Math.max(...ranked.map((r) => r.patternConfidence))).toBe(ranked[0].patternConfidence)
  })
  it('patternConfidence is the sum of its label confidences over the six types', () => {
    const ranked = scoreModes(evidence(9, 0.04))
    const key = patternKey(ranked[0].label)
    const sum = ranked.filter((r) => patternKey(r.label) === key).reduce((a, r) => a + r.confidence, 0)
    expect(ranked[0].patternConfidence).toBeCloseTo(sum, 9)
    expect(ranked[0].patternConfidence).toBeGreaterThan(ranked[0].confidence)
    expect(ranked.reduce((a, r) => a + r.confidence, 0)).toBeCloseTo(1, 9)
  })
  it('is less sure of the type when an extra tone is faint than when it is absent', () => {
    const clear = scoreModes(evidence(9))[0]
    const faint = scoreModes(evidence(9, 0.02))[0]
    expect(faint.confidence / faint.patternConfidence).toBeLessThan(
      clear.confidence / clear.patternConfidence,
    )
  })
  it('sharpness changes the confidence, never the decision', () => {
    const ev = evidence(4, 0.03)
    const soft = scoreModes(ev, { ...DEFAULT_MODE_MODEL, patternSharpness: 0.3, typeSharpness: 0.3 })
    const sharp = scoreModes(ev, { ...DEFAULT_MODE_MODEL, patternSharpness: 3, typeSharpness: 3 })
    expect(soft[0].label).toEqual(sharp[0].label)
    expect(soft[0].patternConfidence).toBeLessThan(sharp[0].patternConfidence)
    expect(rawScores(ev)).toHaveLength(360)
  })
})

describe('otherModes', () => {
  it('lists the next modes with another tonic or pattern, skipping type variants of the winner', async () => {
    const { otherModes } = await import('./analyze.ts')
    const s = (
      tonic: number,
      pattern: 'gong' | 'yu',
      type: 'pentatonic' | 'hexatonic-qingjue',
      c: number,
    ): ScoredLabel => ({
      label: labelFromTonic(tonic, pattern, type),
      confidence: c,
      patternConfidence: c,
      score: c,
    })
    const ranked = [
      s(9, 'yu', 'pentatonic', 0.8),
      s(9, 'yu', 'hexatonic-qingjue', 0.1),
      s(0, 'gong', 'pentatonic', 0.05),
      s(0, 'gong', 'hexatonic-qingjue', 0.03),
      s(2, 'gong', 'pentatonic', 0.02),
      s(4, 'gong', 'pentatonic', 0.01),
    ]
    const out = otherModes(ranked, 2)
    expect(out.map((c) => [c.label.tonic, c.label.pattern])).toEqual([
      [0, 'gong'],
      [2, 'gong'],
    ])
  })
})
