import { describe, expect, it } from 'vitest'
import { computeStats } from '../../lib/tutor/stats.ts'
import { labelFromTonic } from '../../lib/theory/label.ts'
import { answered } from '../../lib/tutor/testing.ts'
import type { Question } from '../../lib/tutor/types.ts'
import { chartSeries, heatColour, linePath, percent, rowShare, xOf, yOf, type Plot } from './chart.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 2, 3, 9)
const scale = { kind: 'scale', direction: 'up', timbre: 'pluck', tempo: 80 } as const
const q = (id: string, pattern: 'yu' | 'gong', kind: 'pattern' | 'type' = 'pattern'): Question => ({
  id,
  kind,
  label: labelFromTonic(9, pattern),
  source: scale,
})
const plot: Plot = { width: 200, height: 120, left: 20, right: 0, top: 10, bottom: 10 }

/** Day 0: 2 yu (1 right); day 1: nothing; day 2: 1 gong (right), 1 yu (right). */
function buckets() {
  const attempts = [
    answered(q('a', 'yu'), { pattern: 'yu' }, T0),
    answered(q('b', 'yu'), { pattern: 'shang' }, T0 + 1000),
    answered(q('c', 'gong'), { pattern: 'gong' }, T0 + 2 * DAY),
    answered(q('d', 'yu'), { pattern: 'yu' }, T0 + 2 * DAY + 1000),
  ]
  return computeStats(attempts, { now: T0 + 3 * DAY, utcOffsetMinutes: 0 }).overTime
}

describe('chartSeries', () => {
  it('has one total line over the buckets with answers', () => {
    const b = buckets()
    expect(b).toHaveLength(2) // days without answers have no bucket
    expect(chartSeries(b, 'total')).toEqual([
      {
        key: 'total',
        points: [
          { i: 0, accuracy: 0.5, n: 2 },
          { i: 1, accuracy: 1, n: 2 },
        ],
      },
    ])
  })

  it('has a line per pattern asked, leaving out buckets where it was not asked', () => {
    const s = chartSeries(buckets(), 'pattern')
    expect(s.map((x) => x.key)).toEqual(['gong', 'yu'])
    expect(s[0].points).toEqual([{ i: 1, accuracy: 1, n: 1 }])
    expect(chartSeries(buckets(), 'kind').map((x) => x.key)).toEqual(['pattern'])
    expect(chartSeries([], 'type')).toEqual([])
  })
})

describe('geometry', () => {
  it('maps buckets left to right and 100% to the top', () => {
    expect(xOf(0, 3, plot)).toBe(20)
    expect(xOf(2, 3, plot)).toBe(200)
    expect(xOf(0, 1, plot)).toBe(110)
    expect(yOf(1, plot)).toBe(10)
    expect(yOf(0, plot)).toBe(110)
  })

  it('breaks the line over a missing bucket', () => {
    const d = linePath(
      [
        { i: 0, accuracy: 1, n: 1 },
        { i: 1, accuracy: 0, n: 1 },
        { i: 3, accuracy: 0.5, n: 1 },
      ],
      4,
      plot,
    )
    expect(d).toBe('M20,10 L80,110 M200,60')
  })
})

describe('numbers', () => {
  it('rounds percentages and says nothing for no answers', () => {
    expect(percent({ n: 3, correct: 2 })).toBe(67)
    expect(percent({ n: 0, correct: 0 })).toBe(null)
  })
  it('gives a cell its share of the row', () => {
    expect(rowShare([1, 3, 0, 0, 0], 1)).toBe(0.75)
    expect(rowShare([0, 0, 0, 0, 0], 1)).toBe(0)
  })
  it('shades from white to a readable colour', () => {
    expect(heatColour(0, true)).toBe('hsl(130 45% 98%)')
    expect(heatColour(1, false)).toBe('hsl(8 75% 62%)')
    expect(heatColour(7, false)).toBe('hsl(8 75% 62%)')
  })
})
