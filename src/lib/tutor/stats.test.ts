import { describe, expect, it } from 'vitest'
import { labelFromTonic, type Label } from '../theory/label.ts'
import { ladderMastery, rungById } from './ladder.ts'
import { makeQuestion } from './questions.ts'
import { computeStats, localDay, streaks } from './stats.ts'
import { answered, seededRandom } from './testing.ts'
import type { Answer, Attempt, Question, QuestionKind } from './types.ts'

const BEIJING = 480 // minutes east of UTC
const HOUR = 3_600_000
/** A Beijing wall-clock time as a timestamp. */
const bj = (month: number, day: number, hour: number) => Date.UTC(2025, month - 1, day, hour) - 8 * HOUR

const scale = { kind: 'scale', direction: 'up', timbre: 'guqin', tempo: 80 } as const
let n = 0
function q(kind: QuestionKind, label: Label, rung?: string): Question {
  return { id: `q${n++}`, kind, label, source: scale, ...(rung ? { rung } : {}) }
}
const A_YU = labelFromTonic(9, 'yu')

/** Six attempts, one of each situation the progress page separates. */
function sample(): Attempt[] {
  const at = bj(3, 5, 10)
  const rows: [Question, Answer][] = [
    [q('pattern', A_YU), { pattern: 'shang' }], // 同主音 miss
    [q('tonic-pattern', A_YU), { tonic: 0, pattern: 'gong' }], // 同宫 miss, tonic up 3
    [q('tonic-pattern', A_YU), { tonic: 4, pattern: 'yu' }], // pattern right, tonic a fifth off (other system)
    [q('same-system', A_YU), { tonic: 9 }],
    [q('type', labelFromTonic(2, 'zhi', 'heptatonic-yanyue')), { type: 'pentatonic' }],
    [q('same-tonic', labelFromTonic(2, 'shang')), { pattern: 'shang' }],
  ]
  return rows.map(([question, answer], i) =>
    answered(question, answer, at + i * 60_000, { latency: 1000 * (i + 1) }),
  )
}

describe('computeStats', () => {
  it('is all zeros for no attempts', () => {
    const s = computeStats([], { now: bj(3, 5, 12), utcOffsetMinutes: BEIJING })
    expect(s.totals).toEqual({
      attempts: 0,
      correct: 0,
      accuracy: 0,
      answeringMs: 0,
      replays: 0,
      hints: 0,
      daysPractised: 0,
    })
    expect(s.streak).toEqual({ current: 0, longest: 0, practisedToday: false })
    expect(s.overTime).toEqual([])
    expect(s.weakest).toEqual([])
    expect(s.confusion.flat().every((x) => x === 0)).toBe(true)
  })

  it('counts totals and accuracy per pattern, type and kind', () => {
    const s = computeStats(sample(), { now: bj(3, 5, 12), utcOffsetMinutes: BEIJING })
    expect(s.totals).toMatchObject({ attempts: 6, correct: 2, answeringMs: 21_000, daysPractised: 1 })
    expect(s.totals.accuracy).toBeCloseTo(2 / 6, 12)
    // Pattern field: yu asked 4 times (right twice: the tonic miss and 同宫 pick), shang once (right).
    expect(s.byPattern.yu).toEqual({ n: 4, correct: 2 })
    expect(s.byPattern.shang).toEqual({ n: 1, correct: 1 })
    expect(s.byPattern.zhi).toEqual({ n: 0, correct: 0 }) // the type question does not ask the pattern
    expect(s.byType.pentatonic).toEqual({ n: 5, correct: 2 })
    expect(s.byType['heptatonic-yanyue']).toEqual({ n: 1, correct: 0 })
    expect(s.byKind['tonic-pattern']).toEqual({ n: 2, correct: 0 })
    expect(s.byKind['same-system']).toEqual({ n: 1, correct: 1 })
  })

  it('builds the 5×5 confusion matrix, rows truth, columns answer', () => {
    const s = computeStats(sample(), { now: bj(3, 5, 12), utcOffsetMinutes: BEIJING })
    expect(s.confusion).toEqual([
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 1, 0, 0, 2],
    ])
  })

  it('breaks tonic errors down by interval and 同宫 confusion', () => {
    const t = computeStats(sample(), { now: bj(3, 5, 12), utcOffsetMinutes: BEIJING }).tonicErrors
    expect(t).toMatchObject({ asked: 3, wrong: 2, sameSystem: 1, otherSystem: 1, patternRight: 1 })
    expect(t.byInterval).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]) // A→C up 3, A→E up 7
  })

  it('buckets by local day and by Monday-based local week', () => {
    const a = (at: number, right: boolean) =>
      answered(q('pattern', A_YU), { pattern: right ? 'yu' : 'gong' }, at)
    // 01:30 on Tuesday in Beijing is still Monday in UTC: it must land on Tuesday.
    const attempts = [
      a(bj(3, 3, 9), true),
      a(bj(3, 4, 1.5), false),
      a(bj(3, 9, 23), true),
      a(bj(3, 10, 0), true),
    ]
    const daily = computeStats(attempts, { now: bj(3, 10, 12), utcOffsetMinutes: BEIJING }).overTime
    expect(daily.map((b) => [b.start, b.total.n, b.total.correct])).toEqual([
      [bj(3, 3, 0), 1, 1],
      [bj(3, 4, 0), 1, 0],
      [bj(3, 9, 0), 1, 1],
      [bj(3, 10, 0), 1, 1],
    ])
    const weekly = computeStats(attempts, {
      now: bj(3, 10, 12),
      utcOffsetMinutes: BEIJING,
      bucket: 'week',
    }).overTime
    expect(weekly.map((b) => [b.start, b.total.n, b.byPattern.yu.correct])).toEqual([
      [bj(3, 3, 0), 3, 2], // Mon 3 March .. Sun 9 March
      [bj(3, 10, 0), 1, 1],
    ])
    // The same instants seen from UTC fall on other days.
    expect(localDay(bj(3, 4, 1.5), 0)).toBe(localDay(bj(3, 3, 9), 0))
  })

  it('counts the streak in local days, alive until today ends', () => {
    const days = [bj(3, 1, 20), bj(3, 2, 8), bj(3, 3, 23.5), bj(3, 5, 7), bj(3, 6, 0.2)]
    const attempts = days.map((at) => answered(q('pattern', A_YU), { pattern: 'yu' }, at))
    const at = (now: number) => computeStats(attempts, { now, utcOffsetMinutes: BEIJING }).streak
    expect(at(bj(3, 6, 20))).toEqual({ current: 2, longest: 3, practisedToday: true })
    expect(at(bj(3, 7, 10))).toEqual({ current: 2, longest: 3, practisedToday: false })
    expect(at(bj(3, 8, 10))).toEqual({ current: 0, longest: 3, practisedToday: false })
    // Read in UTC the same instants fall on 1, 2, 3, 4 and 5 March: one unbroken run. The offset matters.
    expect(computeStats(attempts, { now: bj(3, 6, 20), utcOffsetMinutes: 0 }).streak).toEqual({
      current: 5,
      longest: 5,
      practisedToday: false,
    })
    expect(streaks(new Set([10, 11, 12, 20]), 21)).toEqual({ current: 1, longest: 3, practisedToday: false })
  })

  it('reports mastery per rung like the ladder does', () => {
    const rung = rungById('penta-scale')!
    const random = seededRandom(4)
    const attempts = Array.from({ length: 22 }, (_, i) => {
      const question = makeQuestion(rung, 'pattern', random, bj(3, 1, 9) + i)
      return answered(question, { pattern: i === 5 ? 'gong' : question.label.pattern }, bj(3, 1, 9) + i)
    })
    const s = computeStats(attempts, { now: bj(3, 2, 9), utcOffsetMinutes: BEIJING })
    expect(s.mastery).toEqual(ladderMastery(attempts))
    expect(s.mastery[0]).toMatchObject({ attempts: 22, mastered: true })
    expect(s.mastery[1].unlocked).toBe(true)
  })

  it('ranks weak spots with a focus to practise', () => {
    const attempts: Attempt[] = []
    for (let i = 0; i < 20; i++)
      attempts.push(answered(q('pattern', A_YU), { pattern: i < 12 ? 'shang' : 'yu' }, i))
    for (let i = 0; i < 20; i++)
      attempts.push(
        answered(q('pattern', labelFromTonic(0, 'gong')), { pattern: i < 2 ? 'zhi' : 'gong' }, 100 + i),
      )
    const weakest = computeStats(attempts, { now: 1000, utcOffsetMinutes: 0 }).weakest
    expect(weakest.slice(0, 2).map((w) => [w.kind, w.key, w.errors])).toEqual([
      ['pattern', 'yu', 12],
      ['confusion', 'yu>shang', 12],
    ])
    expect(weakest[0].errorRate).toBeCloseTo(13 / 22, 12)
    expect(weakest[1].focus).toEqual({ patterns: ['yu', 'shang'] })
    expect(weakest.find((w) => w.key === 'gong')!.errorRate).toBeCloseTo(3 / 22, 12)
    expect(weakest.length).toBeLessThanOrEqual(5)
  })

  it('gives the same answer whatever order the attempts come in', () => {
    const attempts = sample()
    const opts = { now: bj(3, 5, 12), utcOffsetMinutes: BEIJING }
    expect(computeStats([...attempts].reverse(), opts)).toEqual(computeStats(attempts, opts))
  })
})
