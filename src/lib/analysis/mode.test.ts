import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { modeEvidenceOf } from './analyze.ts'
import { DEFAULT_MODE_MODEL, patternKey, scoreModes, type ModeEvidence, type ScoredLabel } from './mode.ts'
import type { NoteEvent } from './types.ts'

/** Notes from [pitch class, seconds] pairs, one after another (C4 = 60 upwards), each at the same level. */
function notes(seq: readonly (readonly [number, number])[]): NoteEvent[] {
  let t = 0
  return seq.map(([pc, d]) => {
    const n = { start: t, end: t + d * 0.95, midi: 60 + pc, pitchClass: pc, level: 0.5 }
    t += d
    return n
  })
}

/**
 * A C-system pentatonic melody that dwells on A, an optional F (清角) now and then, ending on `finalPc` — held,
 * then silence (as a whole song ends) or, with `cut`, stopped 0.3 s into that note while it still sounds.
 */
function evidence(finalPc: number, extra = 0, cut = false): ModeEvidence {
  const seq: [number, number][] = []
  const body = [9, 0, 4, 2, 9, 7, 4, 9, 0, 2, 9, 4]
  for (let r = 0; r < 4; r++) for (const pc of body) seq.push([pc, pc === 9 ? 0.6 : 0.4])
  const extras = Math.round(extra * seq.length)
  for (let k = 0; k < extras; k++) seq.splice(3 + 7 * k, 0, [5, 0.2])
  seq.push([finalPc, cut ? 0.3 : 1.5])
  const ns = notes(seq)
  const last = ns[ns.length - 1]
  if (cut) ns[ns.length - 1] = { ...last, end: last.start + 0.3 }
  return modeEvidenceOf(ns, ns[ns.length - 1].end + (cut ? 0 : 0.6), DEFAULT_MODE_MODEL, cut ? 0.9 : 0)
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
    const at = (k: number) =>
      scoreModes(ev, {
        ...DEFAULT_MODE_MODEL,
        typeSharpness: k,
        tonic: { ...DEFAULT_MODE_MODEL.tonic, systemSharpness: k },
      })
    const soft = at(0.3)
    const sharp = at(3)
    expect(soft[0].label).toEqual(sharp[0].label)
    expect(soft[0].confidence).toBeLessThan(sharp[0].confidence)
    expect(sharp).toHaveLength(360)
  })
})

describe('the tonic: final note of a whole melody, context of a fragment', () => {
  it('names the final note when the melody dwells on another tone but ends on its tonic', () => {
    // Most time on A (羽) — but the melody comes to rest on D: D商, C宫系统.
    const top = scoreModes(evidence(2))[0]
    expect(top.label).toMatchObject(labelFromTonic(2, 'shang'))
  })
  it('treats a clip cut while a note still sounds as mid-phrase, and is less sure of it', () => {
    const whole = evidence(2)
    const cut = evidence(2, 0, true)
    expect(whole.cadence).toBeGreaterThan(0.5)
    expect(cut.cadence).toBeLessThan(0.5)
    expect(scoreModes(cut)[0].patternConfidence).toBeLessThan(scoreModes(whole)[0].patternConfidence)
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
