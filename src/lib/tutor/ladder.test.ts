import { describe, expect, it } from 'vitest'
import { SCALE_TYPES } from '../theory/scale-types.ts'
import {
  currentRung,
  FREE_RUNG_ID,
  freePracticeRung,
  LADDER,
  ladderMastery,
  MasteryCounter,
  rungById,
} from './ladder.ts'
import { makeQuestion } from './questions.ts'
import { answered, seededRandom } from './testing.ts'
import type { Attempt } from './types.ts'

const T0 = Date.UTC(2025, 0, 6, 12)

/** `n` attempts on a rung, right where `right(i)` says, one minute apart from `start`. */
function run(rungId: string, n: number, right: (i: number) => boolean, start = T0): Attempt[] {
  const rung = rungById(rungId)!
  const random = seededRandom(7)
  return Array.from({ length: n }, (_, i) => {
    const at = start + i * 60_000
    const q = makeQuestion(
      rung,
      rung.kinds[0],
      random,
      at,
      rung.source === 'clip'
        ? { clip: { clipId: 'c', label: makeQuestion(LADDER[0], 'pattern', random, at).label } }
        : {},
    )
    const wrongPattern = q.label.pattern === 'gong' ? 'yu' : 'gong'
    const pattern = right(i) ? q.label.pattern : wrongPattern
    const type = right(i) ? q.label.type : SCALE_TYPES.find((t) => t !== q.label.type)
    return answered(q, { pattern, tonic: q.label.tonic, type }, at)
  })
}

describe('the ladder', () => {
  it('goes 五声 → 六声 → 七声, scales before melodies, and ends with real clips', () => {
    expect(LADDER.map((r) => r.id)).toEqual([
      'penta-scale',
      'penta-short',
      'penta-long',
      'hexa-scale',
      'hexa-short',
      'hexa-long',
      'hepta-scale',
      'hepta-short',
      'hepta-long',
      'same-system',
      'same-tonic',
      'clips',
    ])
    expect(new Set(LADDER.map((r) => r.id)).size).toBe(LADDER.length)
    for (const r of LADDER) {
      expect(r.kinds.length).toBeGreaterThan(0)
      expect(r.types.length).toBeGreaterThan(0)
      expect(r.source === 'melody').toBe(r.bars !== undefined)
    }
    expect(rungById('penta-short')!.bars).toBeLessThan(rungById('penta-long')!.bars!)
    expect(rungById('nope')).toBeUndefined()
  })

  it('opens only the first rung to a new learner', () => {
    const m = ladderMastery([])
    expect(m.map((r) => r.unlocked)).toEqual(LADDER.map((_, i) => i === 0))
    expect(currentRung(m).id).toBe('penta-scale')
  })

  it('unlocks the next rung at 18 right of the last 20, not at 17', () => {
    const seventeen = run('penta-scale', 20, (i) => i >= 3)
    expect(ladderMastery(seventeen)[0]).toMatchObject({ recentCorrect: 17, mastered: false })
    expect(ladderMastery(seventeen)[1].unlocked).toBe(false)
    const eighteen = run('penta-scale', 20, (i) => i >= 2)
    expect(ladderMastery(eighteen)[0]).toMatchObject({ recentCorrect: 18, mastered: true, progress: 0.9 })
    expect(ladderMastery(eighteen)[1].unlocked).toBe(true)
    expect(currentRung(ladderMastery(eighteen)).id).toBe('penta-short')
  })

  it('needs twenty attempts: 10 of 10 is not mastery', () => {
    const m = ladderMastery(run('penta-scale', 10, () => true))[0]
    expect(m).toMatchObject({ attempts: 10, recentTotal: 10, mastered: false, progress: 0.5 })
  })

  it('looks at the last twenty only, and keeps the next rung open after a relapse', () => {
    const good = run('penta-scale', 20, () => true)
    const bad = run('penta-scale', 10, () => false, T0 + 3_600_000)
    const m = ladderMastery([...bad, ...good]) // any order: sorted by time inside
    expect(m[0]).toMatchObject({
      attempts: 30,
      correct: 20,
      recentCorrect: 10,
      mastered: false,
      everMastered: true,
    })
    expect(m[1].unlocked).toBe(true)
  })

  it('does not count free practice', () => {
    const rung = freePracticeRung({ types: ['heptatonic-yanyue'], kinds: ['type'], source: 'scale' })
    expect(rung).toMatchObject({ id: FREE_RUNG_ID, source: 'scale', bars: undefined })
    const random = seededRandom(1)
    const attempts = Array.from({ length: 25 }, (_, i) => {
      const q = makeQuestion(rung, 'type', random, T0 + i)
      return answered(q, { type: q.label.type }, T0 + i)
    })
    expect(attempts.every((a) => a.correct)).toBe(true)
    expect(ladderMastery(attempts).every((m) => m.attempts === 0)).toBe(true)
    expect(freePracticeRung({}).bars).toBe(4)
  })

  it('keeps a ring of the last twenty results', () => {
    const c = new MasteryCounter()
    for (let i = 0; i < 45; i++) c.add(i % 3 !== 0) // 15 wrong at 0,3,…,42
    // The last 20 are i = 25..44; wrong among them: 27, 30, 33, 36, 39, 42.
    expect([c.attempts, c.correct, c.recentTotal, c.recentCorrect]).toEqual([45, 30, 20, 14])
  })
})
