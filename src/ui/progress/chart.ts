// Pure geometry and numbers for the Progress page: no DOM, testable in Node.
import { QUESTION_KINDS } from '../../lib/tutor/types.ts'
import { SCALE_TYPES } from '../../lib/theory/scale-types.ts'
import { PATTERNS } from '../../lib/theory/tones.ts'
import type { Counts, TimeBucket } from '../../lib/tutor/stats.ts'

/** What the accuracy-over-time chart draws one line per. */
export type ChartDimension = 'total' | 'pattern' | 'type' | 'kind'
export const CHART_DIMENSIONS: readonly ChartDimension[] = ['total', 'pattern', 'type', 'kind']

export interface ChartPoint {
  /** Index of the bucket (x). */
  readonly i: number
  /** Accuracy 0..1 (y). */
  readonly accuracy: number
  readonly n: number
}

export interface ChartSeries {
  /** 'total', or the pattern, type or kind id. */
  readonly key: string
  /** Only the buckets that had answers for this key: a gap is not a zero. */
  readonly points: readonly ChartPoint[]
}

/** The lines of the chart: one for the total, or one per pattern, type or kind that was ever asked. */
export function chartSeries(buckets: readonly TimeBucket[], dim: ChartDimension): ChartSeries[] {
  const keysOf = { total: ['total'], pattern: PATTERNS, type: SCALE_TYPES, kind: QUESTION_KINDS }[dim]
  const countsOf = (b: TimeBucket, key: string): Counts =>
    dim === 'total'
      ? b.total
      : dim === 'pattern'
        ? b.byPattern[key as keyof TimeBucket['byPattern']]
        : dim === 'type'
          ? b.byType[key as keyof TimeBucket['byType']]
          : b.byKind[key as keyof TimeBucket['byKind']]
  const out: ChartSeries[] = []
  for (const key of keysOf) {
    const points: ChartPoint[] = []
    buckets.forEach((b, i) => {
      const c = countsOf(b, key)
      if (c.n > 0) points.push({ i, accuracy: c.correct / c.n, n: c.n })
    })
    if (points.length > 0) out.push({ key, points })
  }
  return out
}

export interface Plot {
  readonly width: number
  readonly height: number
  /** Space kept for the axis labels. */
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

/** x of bucket i of `count` (one bucket sits in the middle). */
export function xOf(i: number, count: number, p: Plot): number {
  const w = p.width - p.left - p.right
  return count <= 1 ? p.left + w / 2 : p.left + (i / (count - 1)) * w
}

/** y of an accuracy 0..1 (100% at the top). */
export function yOf(accuracy: number, p: Plot): number {
  return p.top + (1 - accuracy) * (p.height - p.top - p.bottom)
}

/** An SVG path through the points; a missing bucket breaks the line (a new `M`). */
export function linePath(points: readonly ChartPoint[], count: number, p: Plot): string {
  let d = ''
  let prev = -2
  for (const pt of points) {
    const cmd = pt.i === prev + 1 ? 'L' : 'M'
    d += `${d ? ' ' : ''}${cmd}${round(xOf(pt.i, count, p))},${round(yOf(pt.accuracy, p))}`
    prev = pt.i
  }
  return d
}

function round(v: number): number {
  return Math.round(v * 10) / 10
}

/** A whole percentage, or null when nothing was asked. @example percent({ n: 3, correct: 2 }) → 67 */
export function percent(c: Counts): number | null {
  return c.n === 0 ? null : Math.round((100 * c.correct) / c.n)
}

/** The share of a confusion-matrix row a cell holds, 0..1 (0 for an empty row). */
export function rowShare(row: readonly number[], j: number): number {
  const sum = row.reduce((a, b) => a + b, 0)
  return sum === 0 ? 0 : row[j] / sum
}

/**
 * A heat-map cell's background for a share 0..1: the diagonal (right answers) in green, confusions in red,
 * both from white. Text stays dark enough to read on every shade (checked at share 1: 4.5:1 or better).
 */
export function heatColour(share: number, diagonal: boolean): string {
  const s = Math.max(0, Math.min(1, share))
  // Lightness from 98% (nothing) to 62% (all): dark ink stays readable on it.
  const l = Math.round(98 - s * 36)
  return diagonal ? `hsl(130 45% ${l}%)` : `hsl(8 75% ${l}%)`
}

/**
 * Eight distinguishable line colours (the Okabe–Ito palette, safe for colour-blind readers); the first and the
 * last follow the theme (set them with `style:`, not as SVG attributes).
 */
export const LINE_COLOURS = [
  'var(--accent)',
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  'var(--ink)',
] as const
