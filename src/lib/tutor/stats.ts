import { mod12 } from '../theory/pitch-class.ts'
import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import type { Milliseconds, Timestamp } from '../theory/units.ts'
import { answerLabel } from './grading.ts'
import { FREE_RUNG_ID, inTimeOrder, MasteryCounter, masteryFromCounters, type RungMastery } from './ladder.ts'
import { QUESTION_KINDS, type Attempt, type Question, type QuestionKind } from './types.ts'

/**
 * What computeStats reads of an attempt. Every Attempt is one; so is the store's compact projection
 * (`attemptStats`), which keeps only these fields so the Progress page reads a fraction of the data.
 */
export type StatsAttempt = Pick<
  Attempt,
  'at' | 'correct' | 'fields' | 'answer' | 'latency' | 'replays' | 'hints'
> & { readonly question: Pick<Question, 'kind' | 'label' | 'rung'> }

/** Right answers out of a number asked. */
export interface Counts {
  n: number
  correct: number
}

export interface StatsOptions {
  /** Now, for the streak ("practised today?"). */
  readonly now: Timestamp
  /** Local time minus UTC in minutes (+480 for Beijing; note `Date#getTimezoneOffset()` has the opposite sign). */
  readonly utcOffsetMinutes: number
  /** Bucket size of the accuracy-over-time series (weeks start on Monday, local time). */
  readonly bucket?: 'day' | 'week'
  /** Fewest attempts before a pattern, type or kind can be called a weak spot. */
  readonly minAttemptsForWeakSpot?: number
}

/** One bucket of the accuracy-over-time chart. */
export interface TimeBucket {
  /** Start of the local day or week, as a timestamp. */
  readonly start: Timestamp
  readonly total: Counts
  readonly byPattern: Record<Pattern, Counts>
  readonly byType: Record<ScaleType, Counts>
  readonly byKind: Record<QuestionKind, Counts>
}

/** Where the learner's tonic went when it was wrong. */
export interface TonicErrors {
  /** Attempts that asked for the tonic. */
  readonly asked: number
  readonly wrong: number
  /** Wrong tonics by interval from the true tonic up to the answered one (index 1..11; index 0 stays 0). */
  readonly byInterval: readonly number[]
  /** Wrong tonic inside the true collection: the 同宫系统 confusion (right notes, wrong tone of rest). */
  readonly sameSystem: number
  /** Wrong tonic outside the true collection. */
  readonly otherSystem: number
  /** Pattern right but tonic wrong: the mode was heard, its pitch misplaced. */
  readonly patternRight: number
}

/** Something to practise, with the focus a "practise these" button hands to free practice. */
export interface WeakSpot {
  readonly kind: 'pattern' | 'type' | 'kind' | 'confusion'
  /** The pattern, type or kind id, or `truth>answered` for a confusion. */
  readonly key: string
  readonly n: number
  readonly errors: number
  /** (errors + 1) / (n + 2): smoothed, so 1 wrong out of 1 does not outrank 30 wrong out of 40. */
  readonly errorRate: number
  readonly focus: {
    readonly patterns?: readonly Pattern[]
    readonly types?: readonly ScaleType[]
    readonly kinds?: readonly QuestionKind[]
  }
}

export interface TutorStats {
  readonly totals: {
    readonly attempts: number
    readonly correct: number
    readonly accuracy: number
    /** Sum of answer latencies. */
    readonly answeringMs: Milliseconds
    readonly replays: number
    readonly hints: number
    readonly daysPractised: number
    readonly first?: Timestamp
    readonly last?: Timestamp
  }
  readonly streak: {
    /** Consecutive local days with practice, ending today (or yesterday: today's practice may still come). */
    readonly current: number
    readonly longest: number
    readonly practisedToday: boolean
  }
  /** Pattern field accuracy, by the true pattern (only attempts that asked for the pattern). */
  readonly byPattern: Record<Pattern, Counts>
  /** Whole-answer accuracy by the true type. */
  readonly byType: Record<ScaleType, Counts>
  readonly byKind: Record<QuestionKind, Counts>
  readonly overTime: readonly TimeBucket[]
  /** 5×5, rows the true pattern, columns the answered one, both in 宫商角徵羽 order. */
  readonly confusion: readonly (readonly number[])[]
  readonly tonicErrors: TonicErrors
  readonly mastery: readonly RungMastery[]
  /** Worst first, at most five. */
  readonly weakest: readonly WeakSpot[]
}

const DAY_MS = 86_400_000
// 1970-01-01 was a Thursday: day index + 3 counts from a Monday.
const MONDAY_SHIFT = 3

function counts(): Counts {
  return { n: 0, correct: 0 }
}

function table<K extends string>(keys: readonly K[]): Record<K, Counts> {
  const t = {} as Record<K, Counts>
  for (const k of keys) t[k] = counts()
  return t
}

function add(c: Counts, correct: boolean): void {
  c.n++
  if (correct) c.correct++
}

/** Accuracy 0..1, or 0 with nothing asked. */
export function accuracy(c: Counts): number {
  return c.n === 0 ? 0 : c.correct / c.n
}

/** Local day number of a timestamp (days since 1970-01-01 in local time). */
export function localDay(at: Timestamp, utcOffsetMinutes: number): number {
  return Math.floor((at + utcOffsetMinutes * 60_000) / DAY_MS)
}

/** Everything the progress page shows, in one pass over the attempts (sorted here only if they are not). */
export function computeStats(attempts: readonly StatsAttempt[], opts: StatsOptions): TutorStats {
  const { utcOffsetMinutes, bucket = 'day', minAttemptsForWeakSpot = 5 } = opts
  const ordered = inTimeOrder(attempts)
  const byPattern = table(PATTERNS)
  const byType = table(SCALE_TYPES)
  const byKind = table(QUESTION_KINDS)
  const confusion = PATTERNS.map(() => PATTERNS.map(() => 0))
  const byInterval = new Array<number>(12).fill(0)
  const tonic = { asked: 0, wrong: 0, sameSystem: 0, otherSystem: 0, patternRight: 0 }
  const buckets = new Map<number, TimeBucket>()
  const days = new Set<number>()
  const counters = new Map<string, MasteryCounter>()
  let correct = 0
  let answeringMs = 0
  let replays = 0
  let hints = 0

  for (const a of ordered) {
    const truth = a.question.label
    if (a.correct) correct++
    answeringMs += a.latency
    replays += a.replays
    hints += a.hints
    const day = localDay(a.at, utcOffsetMinutes)
    days.add(day)
    const b = bucketFor(buckets, day, bucket, utcOffsetMinutes)
    add(b.total, a.correct)
    add(byType[truth.type], a.correct)
    add(b.byType[truth.type], a.correct)
    add(byKind[a.question.kind], a.correct)
    add(b.byKind[a.question.kind], a.correct)
    const needsAnswerLabel = a.fields.pattern === false || a.fields.tonic === false
    // answerLabel reads only the question's kind and label, which a StatsAttempt keeps.
    const given = needsAnswerLabel ? answerLabel(a.question as Question, a.answer) : truth
    if (a.fields.pattern !== undefined) {
      add(byPattern[truth.pattern], a.fields.pattern)
      add(b.byPattern[truth.pattern], a.fields.pattern)
      if (!given.empty) confusion[PATTERNS.indexOf(truth.pattern)][PATTERNS.indexOf(given.pattern)]++
    }
    if (a.fields.tonic !== undefined) {
      tonic.asked++
      if (!a.fields.tonic) {
        tonic.wrong++
        if (!given.empty) {
          byInterval[mod12(given.tonic - truth.tonic)]++
          if (given.system === truth.system) tonic.sameSystem++
          else tonic.otherSystem++
          if (given.pattern === truth.pattern) tonic.patternRight++
        }
      }
    }
    const rung = a.question.rung
    if (rung !== undefined && rung !== FREE_RUNG_ID) {
      let c = counters.get(rung)
      if (!c) counters.set(rung, (c = new MasteryCounter()))
      c.add(a.correct)
    }
  }

  const n = ordered.length
  return {
    totals: {
      attempts: n,
      correct,
      accuracy: n === 0 ? 0 : correct / n,
      answeringMs,
      replays,
      hints,
      daysPractised: days.size,
      ...(n > 0 ? { first: ordered[0].at, last: ordered[n - 1].at } : {}),
    },
    streak: streaks(days, localDay(opts.now, utcOffsetMinutes)),
    byPattern,
    byType,
    byKind,
    overTime: [...buckets.values()].sort((x, y) => x.start - y.start),
    confusion,
    tonicErrors: { ...tonic, byInterval },
    mastery: masteryFromCounters(counters),
    weakest: weakSpots(byPattern, byType, byKind, confusion, minAttemptsForWeakSpot),
  }
}

function bucketFor(
  buckets: Map<number, TimeBucket>,
  day: number,
  size: 'day' | 'week',
  utcOffsetMinutes: number,
): TimeBucket {
  const startDay = size === 'day' ? day : Math.floor((day + MONDAY_SHIFT) / 7) * 7 - MONDAY_SHIFT
  let b = buckets.get(startDay)
  if (!b) {
    b = {
      start: startDay * DAY_MS - utcOffsetMinutes * 60_000,
      total: counts(),
      byPattern: table(PATTERNS),
      byType: table(SCALE_TYPES),
      byKind: table(QUESTION_KINDS),
    }
    buckets.set(startDay, b)
  }
  return b
}

/** Current and longest runs of consecutive days. The current run survives until today ends unpractised. */
export function streaks(days: ReadonlySet<number>, today: number): TutorStats['streak'] {
  const practisedToday = days.has(today)
  let current = 0
  for (let d = practisedToday ? today : today - 1; days.has(d); d--) current++
  let longest = 0
  for (const d of days) {
    if (days.has(d - 1)) continue // only count from the first day of each run
    let len = 1
    while (days.has(d + len)) len++
    longest = Math.max(longest, len)
  }
  return { current, longest, practisedToday }
}

function weakSpots(
  byPattern: Record<Pattern, Counts>,
  byType: Record<ScaleType, Counts>,
  byKind: Record<QuestionKind, Counts>,
  confusion: readonly (readonly number[])[],
  minN: number,
): WeakSpot[] {
  const spots: WeakSpot[] = []
  const consider = (kind: WeakSpot['kind'], key: string, c: Counts, focus: WeakSpot['focus']) => {
    const errors = c.n - c.correct
    if (c.n >= minN && errors > 0)
      spots.push({ kind, key, n: c.n, errors, errorRate: (errors + 1) / (c.n + 2), focus })
  }
  for (const p of PATTERNS) consider('pattern', p, byPattern[p], { patterns: [p] })
  for (const t of SCALE_TYPES) consider('type', t, byType[t], { types: [t] })
  for (const k of QUESTION_KINDS) consider('kind', k, byKind[k], { kinds: [k] })
  PATTERNS.forEach((truth, i) => {
    const row = byPattern[truth].n
    PATTERNS.forEach((answered, j) => {
      // A pair is as weak as the share of the truth's questions lost to it.
      if (i !== j && confusion[i][j] > 0 && row >= minN)
        spots.push({
          kind: 'confusion',
          key: `${truth}>${answered}`,
          n: row,
          errors: confusion[i][j],
          errorRate: (confusion[i][j] + 1) / (row + 2),
          focus: { patterns: [truth, answered] },
        })
    })
  })
  return spots.sort((a, b) => b.errorRate - a.errorRate || b.errors - a.errors).slice(0, 5)
}
