import { describe, expect, it } from 'vitest'
import { computeStats } from '../tutor/stats.ts'
import { seedAttempts } from '../../../tests/browser/progress-seed.ts'
import {
  buildStatsShards,
  STATS_SHARDS,
  statsShardOf,
  toStatsRow,
  withStatsRows,
  type StatsRow,
} from './schema.ts'

const NOW = Date.UTC(2025, 5, 1, 12)

describe('statistics rows', () => {
  it('give computeStats exactly the numbers the full attempts give', () => {
    expect.hasAssertions()
    // Every question kind and rung, clips, analyzer labels and model answers, over 90 days.
    const attempts = seedAttempts(3000, { end: NOW, days: 90, clipId: 'clip-1' })
    const rows = attempts.map(toStatsRow)
    for (const bucket of ['day', 'week'] as const)
      for (const utcOffsetMinutes of [480, -300]) {
        const opts = { now: NOW, utcOffsetMinutes, bucket }
        expect(computeStats(rows, opts)).toEqual(computeStats(attempts, opts))
      }
  })

  it('keep what computeStats reads and nothing else', () => {
    expect.hasAssertions()
    const [a] = seedAttempts(1, { end: NOW, days: 1 })
    expect(a.analyzerLabel ?? a.model).toBeDefined()
    expect(toStatsRow(a)).toEqual({
      id: a.id,
      at: a.at,
      correct: a.correct,
      fields: a.fields,
      answer: a.answer,
      latency: a.latency,
      replays: a.replays,
      hints: a.hints,
      question: { kind: a.question.kind, label: a.question.label, rung: a.question.rung },
    })
    const { rung: _, ...free } = a.question
    expect('rung' in toStatsRow({ ...a, question: free }).question).toBe(false)
  })
})

describe('shards', () => {
  it('an id always lands in the same shard (the hash is part of the stored format)', () => {
    expect.hasAssertions()
    // 32-bit FNV-1a over UTF-16 code units, mod 64: pinned, since stored shards depend on it.
    expect(['a1', 'att-0', 'att-9999', '', '答题-1'].map(statsShardOf)).toEqual([39, 49, 31, 5, 47])
  })

  it('spread 10,000 ids evenly, and every row sits in the shard of its id', () => {
    expect.hasAssertions()
    const ids = Array.from({ length: 10_000 }, (_, i) => `att-${i}`)
    const shards = buildStatsShards(seedAttempts(10_000, { end: NOW, days: 120 }))
    expect(shards.length).toBe(STATS_SHARDS)
    for (const s of shards) {
      for (const r of s.rows) expect(statsShardOf(r.id)).toBe(s.shard)
      // The mean is 156: no shard carries twice its share.
      expect(s.rows.length).toBeGreaterThan(100)
      expect(s.rows.length).toBeLessThan(220)
    }
    expect(shards.flatMap((s) => s.rows.map((r) => r.id)).sort()).toEqual(ids.sort())
  })

  it('withStatsRows replaces a row with the same id and keeps the others', () => {
    expect.hasAssertions()
    const [x, y] = seedAttempts(2, { end: NOW, days: 1 }).map(toStatsRow)
    const first = withStatsRows(3, undefined, [x, y])
    const changed: StatsRow = { ...x, correct: !x.correct }
    const next = withStatsRows(3, first, [changed])
    expect(next.shard).toBe(3)
    expect(next.rows).toHaveLength(2)
    expect(next.rows).toContainEqual(changed)
    expect(next.rows).toContainEqual(y)
    expect(first.rows).toEqual([x, y])
  })
})
