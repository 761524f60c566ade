import type { Store } from '../store/store.ts'
import type { JsonValue } from '../store/schema.ts'
import type { Timestamp } from '../theory/units.ts'
import { computeStats, type StatsAttempt, type TutorStats, type WeakSpot } from '../tutor/stats.ts'
import { toUiError, type UiError } from './ui-error.ts'

/**
 * The settings key where "practise these" leaves its focus for the Practice page: a {@link PracticeFocus}.
 * The Practice page reads it (and may clear it) when it opens.
 */
export const PRACTICE_FOCUS_KEY = 'practice.focus'

/** What "practise these" hands to free practice: the weak spot's patterns, types or question kinds. */
export interface PracticeFocus {
  readonly patterns?: readonly string[]
  readonly types?: readonly string[]
  readonly kinds?: readonly string[]
  /** The weak spot it came from, e.g. `confusion:yu>shang`. */
  readonly from: string
  readonly at: Timestamp
}

/** The part of the store the Progress page uses. */
export type ProgressStore = Pick<Store, 'listAttemptStats' | 'setSetting'>

export interface ProgressDeps {
  /** Null when the store could not be opened: the page says so and shows nothing. */
  readonly store: ProgressStore | null
  readonly now: () => Timestamp
  /**
   * Local time minus UTC in minutes at a moment (+480 in Beijing). Default: the browser's own
   * (`-Date#getTimezoneOffset()`), read here at the boundary so the core never reads a clock or a zone.
   */
  readonly utcOffsetMinutes?: (at: Timestamp) => number
  /** A monotonic clock for the timings (performance.now in the app). */
  readonly clock?: () => number
}

/** How long the page took, measured by the state layer (milliseconds). */
export interface ProgressTimings {
  /** Reading every attempt's statistics row from the store. */
  readonly loadMs: number
  /** computeStats over them. */
  readonly statsMs: number
}

export type ChartBucket = 'day' | 'week'

/** The browser's offset from UTC at a moment, in the sign the core uses (east positive). */
export function browserUtcOffset(at: Timestamp): number {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throw-away value, never rendered
  return -new Date(at).getTimezoneOffset()
}

/**
 * The Progress page's state: every attempt's statistics row read once, the statistics computed from them (again on a change of
 * the chart's bucket), and the "practise these" hand-off to the Practice page.
 */
export class ProgressView {
  phase = $state<'loading' | 'ready' | 'failed'>('loading')
  stats = $state.raw<TutorStats | null>(null)
  bucket = $state<ChartBucket>('day')
  error = $state<UiError | null>(null)
  timings = $state.raw<ProgressTimings | null>(null)
  /** The focus being saved for the Practice page (its weak spot key), while it is saved. */
  handingOff = $state<string | null>(null)

  readonly persistent: boolean
  readonly #deps: ProgressDeps
  #attempts: readonly StatsAttempt[] = []

  constructor(deps: ProgressDeps) {
    this.#deps = deps
    this.persistent = deps.store !== null
  }

  /** Reads the attempts and computes the statistics. A failure is shown; nothing is written. */
  async load(): Promise<void> {
    const store = this.#deps.store
    this.phase = 'loading'
    this.error = null
    if (!store) {
      this.#attempts = []
      this.#compute(0)
      return
    }
    const clock = this.#deps.clock ?? (() => 0)
    const t0 = clock()
    try {
      this.#attempts = await store.listAttemptStats()
    } catch (e) {
      this.error = toUiError(e, 'store')
      this.phase = 'failed'
      return
    }
    this.#compute(clock() - t0)
  }

  /** Day or week buckets for the accuracy-over-time chart. */
  setBucket(b: ChartBucket): void {
    if (b === this.bucket) return
    this.bucket = b
    if (this.phase === 'ready') this.#compute(this.timings?.loadMs ?? 0)
  }

  /** True when the learner has answered nothing yet. */
  get empty(): boolean {
    return (this.stats?.totals.attempts ?? 0) === 0
  }

  /**
   * Saves a weak spot's focus under {@link PRACTICE_FOCUS_KEY} for the Practice page. Resolves true when saved
   * (the page then goes to #/practice); false with `error` set when it could not be.
   */
  async practise(spot: WeakSpot): Promise<boolean> {
    const store = this.#deps.store
    if (!store) {
      this.error = { kind: 'noStore', message: 'no store' }
      return false
    }
    const from = `${spot.kind}:${spot.key}`
    const focus: PracticeFocus = {
      ...(spot.focus.patterns ? { patterns: [...spot.focus.patterns] } : {}),
      ...(spot.focus.types ? { types: [...spot.focus.types] } : {}),
      ...(spot.focus.kinds ? { kinds: [...spot.focus.kinds] } : {}),
      from,
      at: this.#deps.now(),
    }
    this.handingOff = from
    this.error = null
    try {
      await store.setSetting(PRACTICE_FOCUS_KEY, focus as unknown as JsonValue)
      return true
    } catch (e) {
      this.error = toUiError(e, 'store')
      return false
    } finally {
      this.handingOff = null
    }
  }

  #compute(loadMs: number): void {
    const clock = this.#deps.clock ?? (() => 0)
    const now = this.#deps.now()
    const offset = (this.#deps.utcOffsetMinutes ?? browserUtcOffset)(now)
    const t0 = clock()
    this.stats = computeStats(this.#attempts, { now, utcOffsetMinutes: offset, bucket: this.bucket })
    this.timings = { loadMs, statsMs: clock() - t0 }
    this.phase = 'ready'
  }
}
