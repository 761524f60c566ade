import type { AttemptRecord } from '../store/schema.ts'
import type { AttemptQuery, Store } from '../store/store.ts'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import type { Timestamp } from '../theory/units.ts'
import type { Attempt } from '../tutor/types.ts'
import { toUiError, type UiError } from './ui-error.ts'
import { clipMissing, playQuestionSound, type QuestionAudio } from './question-sound.ts'

/** What replaying an old answer needs from the audio layer (the app's ReferencePlayer and clip player). */
/** The audio History replays with. */
export type ReplayAudio = QuestionAudio

/** The part of the store the History page uses. */
export type HistoryStore = Pick<Store, 'listAttempts' | 'countAttempts' | 'getClip'>

export interface HistoryDeps {
  /** Null when the store could not be opened: the page says so. */
  readonly store: HistoryStore | null
  readonly audio: ReplayAudio
  /**
   * A local calendar date ('2025-03-05') as the timestamp of its local midnight, or null when it is not a date.
   * Default: the browser's time zone (read here, at the boundary).
   */
  readonly localMidnight?: (date: string) => Timestamp | null
}

/** Rows per page: 10,000 answers are read a page at a time, never all at once. */
export const HISTORY_PAGE_SIZE = 50

export type ResultFilter = 'all' | 'right' | 'wrong'

/** The filters as the form holds them: dates as 'YYYY-MM-DD' (empty for open), pattern '' for any. */
export interface HistoryFilters {
  readonly from: string
  readonly to: string
  readonly pattern: Pattern | ''
  readonly result: ResultFilter
}

export const NO_FILTERS: HistoryFilters = Object.freeze({ from: '', to: '', pattern: '', result: 'all' })

/** Where a page starts: at or before `to`, leaving out the ids already shown at exactly `to`. */
interface Cursor {
  readonly to?: Timestamp
  readonly skip: readonly string[]
}

const DAY_MS = 86_400_000

/** Local midnight of a 'YYYY-MM-DD' date in the browser's time zone, or null. */
export function browserLocalMidnight(date: string): Timestamp | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // A throw-away value, never rendered: not reactive on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const t = new Date(y, mo - 1, d)
  if (t.getFullYear() !== y || t.getMonth() !== mo - 1 || t.getDate() !== d) return null
  return t.getTime()
}

/**
 * The History page's state: filtered pages of past answers, newest first (keyset pages over the store's time
 * index, so the 200th page costs what the first does), and replaying an answer's sound offline: melodies from
 * their seed, scales from their label, clips from the stored Blob.
 */
export class HistoryView {
  phase = $state<'loading' | 'ready' | 'failed'>('loading')
  rows = $state.raw<readonly AttemptRecord[]>([])
  /** Zero-based page number. */
  page = $state(0)
  hasMore = $state(false)
  /** Answers stored in all (unfiltered). */
  total = $state(0)
  filters = $state.raw<HistoryFilters>(NO_FILTERS)
  /** A filter the page could not use (bad date, from after to): the message key's last part. */
  filterError = $state<'badFrom' | 'badTo' | 'reversed' | null>(null)
  error = $state<UiError | null>(null)
  /** The attempt whose sound is playing. */
  playingId = $state<string | null>(null)
  /** A replay that failed, with the attempt it was for. */
  replayError = $state.raw<{ id: string; error: UiError } | null>(null)

  readonly persistent: boolean
  readonly #deps: HistoryDeps
  #cursors: Cursor[] = [{ skip: [] }]
  #token = 0
  #playToken = 0

  constructor(deps: HistoryDeps) {
    this.#deps = deps
    this.persistent = deps.store !== null
  }

  /** Reads the first page with the current filters. */
  async load(): Promise<void> {
    const store = this.#deps.store
    if (!store) {
      this.phase = 'ready'
      return
    }
    try {
      this.total = await store.countAttempts()
    } catch (e) {
      this.error = toUiError(e, 'store')
      this.phase = 'failed'
      return
    }
    await this.#show(0, [{ skip: [] }])
  }

  /** Applies new filters (validated first: a bad one is shown and the rows stay as they were). */
  async setFilters(f: HistoryFilters): Promise<void> {
    this.filters = f
    if (this.#query(f) === null) return
    await this.#show(0, [{ skip: [] }])
  }

  async nextPage(): Promise<void> {
    if (!this.hasMore || this.rows.length === 0) return
    const cur = this.#cursors[this.page]
    const last = this.rows[this.rows.length - 1]
    const sameAt = this.rows.filter((r) => r.at === last.at).map((r) => r.id)
    const skip = cur.to === last.at ? [...cur.skip, ...sameAt] : sameAt
    const cursors = [...this.#cursors.slice(0, this.page + 1), { to: last.at, skip }]
    await this.#show(this.page + 1, cursors)
  }

  async previousPage(): Promise<void> {
    if (this.page === 0) return
    await this.#show(this.page - 1, this.#cursors)
  }

  async firstPage(): Promise<void> {
    await this.#show(0, [{ skip: [] }])
  }

  /** Plays an answer's sound again, offline; a second press on the playing one stops it. */
  async replay(a: Attempt): Promise<void> {
    const audio = this.#deps.audio
    if (this.playingId === a.id) {
      this.stop()
      return
    }
    const token = ++this.#playToken
    this.replayError = null
    try {
      await audio.ensureAudio()
      audio.stop()
      this.playingId = a.id
      await playQuestionSound(audio, a.question, async (id) => {
        const clip = await this.#deps.store?.getClip(id)
        if (!clip) throw clipMissing(id)
        if (token !== this.#playToken) throw new DOMException('replaced by a newer replay', 'AbortError')
        return clip.blob
      })
    } catch (e) {
      if (token === this.#playToken) this.replayError = { id: a.id, error: toUiError(e, 'audio') }
    } finally {
      if (token === this.#playToken) this.playingId = null
    }
  }

  stop(): void {
    this.#playToken++
    this.#deps.audio.stop()
    this.playingId = null
  }

  dispose(): void {
    if (this.playingId !== null) this.stop()
  }

  /** The store query for the filters, or null (with `filterError` set) when they cannot be used. */
  #query(f: HistoryFilters): AttemptQuery | null {
    const midnight = this.#deps.localMidnight ?? browserLocalMidnight
    const from = f.from === '' ? undefined : midnight(f.from)
    const toStart = f.to === '' ? undefined : midnight(f.to)
    this.filterError = from === null ? 'badFrom' : toStart === null ? 'badTo' : null
    if (from === null || toStart === null) return null
    // The end date is inclusive: up to the last millisecond before the next local midnight.
    const to = toStart === undefined ? undefined : (midnight(nextDate(f.to)) ?? toStart + DAY_MS) - 1
    if (from !== undefined && to !== undefined && from > to) {
      this.filterError = 'reversed'
      return null
    }
    return {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(f.pattern !== '' && PATTERNS.includes(f.pattern) ? { pattern: f.pattern } : {}),
      ...(f.result === 'all' ? {} : { correct: f.result === 'right' }),
    }
  }

  async #show(page: number, cursors: Cursor[]): Promise<void> {
    const store = this.#deps.store
    const base = this.#query(this.filters)
    if (!store || !base) return
    const token = ++this.#token
    const cur = cursors[page]
    const to = cur.to === undefined ? base.to : Math.min(cur.to, base.to ?? Infinity)
    this.error = null
    try {
      const got = await store.listAttempts({
        ...base,
        ...(to !== undefined ? { to } : {}),
        limit: HISTORY_PAGE_SIZE + 1 + cur.skip.length,
        order: 'newest',
      })
      if (token !== this.#token) return
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never rendered
      const skip = new Set(cur.skip)
      const fresh = got.filter((r) => !skip.has(r.id))
      this.rows = fresh.slice(0, HISTORY_PAGE_SIZE)
      this.hasMore = fresh.length > HISTORY_PAGE_SIZE
      this.page = page
      this.#cursors = cursors
      this.phase = 'ready'
    } catch (e) {
      if (token !== this.#token) return
      this.error = toUiError(e, 'store')
      this.phase = this.phase === 'loading' ? 'failed' : this.phase
    }
  }
}

/** The calendar date after a 'YYYY-MM-DD' date (UTC arithmetic on the date alone: no time zone involved). */
function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}
