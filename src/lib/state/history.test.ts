import { describe, expect, it } from 'vitest'
import type { Timbre } from '../audio/player.ts'
import type { PlayedNote as MelodyNote } from '../theory/scale-notes.ts'
import { createMemoryStore } from '../store/memory-store.ts'
import type { AttemptRecord, ClipRecord } from '../store/schema.ts'
import type { AttemptQuery } from '../store/store.ts'
import { labelFromTonic, type Label } from '../theory/label.ts'
import { PATTERNS } from '../theory/tones.ts'
import { answered } from '../tutor/testing.ts'
import type { Question, QuestionSource } from '../tutor/types.ts'
import {
  HISTORY_PAGE_SIZE,
  HistoryView,
  NO_FILTERS,
  browserLocalMidnight,
  type ReplayAudio,
} from './history.svelte.ts'
import { questionMelody, toPlayerNotes } from './question-sound.ts'

const DAY = 86_400_000
/** Midnight UTC, 2025-03-01: the fake time zone here is UTC. */
const D0 = Date.UTC(2025, 2, 1)
const utcMidnight = (date: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return new Date(t).toISOString().startsWith(date) ? t : null
}

const melody: QuestionSource = { kind: 'melody', seed: 42, bars: 4, timbre: 'soft', tempo: 90 }

function record(i: number, at: number, source: QuestionSource = melody): AttemptRecord {
  const pattern = PATTERNS[i % 5]
  const q: Question = { id: `q${i}`, kind: 'pattern', label: labelFromTonic(i % 12, pattern), source }
  const a = answered(q, { pattern: i % 3 === 0 ? PATTERNS[(i + 1) % 5] : pattern }, at)
  return { ...a, id: `a${i}`, source: source.kind === 'clip' ? 'clip' : source.kind }
}

/** The memory store, recording the queries it is asked. */
class TestStore {
  readonly store = createMemoryStore()
  queries: AttemptQuery[] = []
  listAttempts = async (q: AttemptQuery = {}) => {
    this.queries.push(q)
    return this.store.listAttempts(q)
  }
  countAttempts = () => this.store.countAttempts()
  getClip = (id: string) => this.store.getClip(id)
  /** Stores answers, as the Practice page saves them. */
  async add(...records: AttemptRecord[]): Promise<void> {
    for (const r of records) await this.store.addAttempt(r)
  }
}

class FakeAudio implements ReplayAudio {
  log: string[] = []
  melodies: { notes: readonly MelodyNote[]; tempo: number; timbre: Timbre }[] = []
  blobs: Blob[] = []
  /** Resolves the sound that is playing. */
  finish: (() => void) | null = null
  ensureAudio = async () => void this.log.push('ensure')
  #wait = () => new Promise<void>((r) => (this.finish = r))
  playMelody = (notes: readonly MelodyNote[], tempo: number, timbre: Timbre) => {
    this.log.push('melody')
    this.melodies.push({ notes, tempo, timbre })
    return this.#wait()
  }
  playScale = (label: Label, opts: { direction: string; tempo: number }) => {
    this.log.push(`scale ${label.tonic} ${label.pattern} ${opts.direction} ${opts.tempo}`)
    return this.#wait()
  }
  playClip = (blob: Blob) => {
    this.log.push('clip')
    this.blobs.push(blob)
    return this.#wait()
  }
  stop = () => {
    this.log.push('stop')
    this.finish?.()
  }
}

async function setup(n: number, spacing = 3_600_000) {
  const store = new TestStore()
  await store.add(...Array.from({ length: n }, (_, i) => record(i, D0 + i * spacing)))
  const audio = new FakeAudio()
  const view = new HistoryView({ store, audio, localMidnight: utcMidnight })
  return { store, audio, view }
}

describe('HistoryView pages', () => {
  it('shows the newest answers first, a page at a time, and pages back and forth', async () => {
    expect.hasAssertions()
    const { view } = await setup(120)
    await view.load()
    expect(view.total).toBe(120)
    expect(view.rows).toHaveLength(HISTORY_PAGE_SIZE)
    expect(view.rows[0].id).toBe('a119')
    expect(view.hasMore).toBe(true)
    await view.nextPage()
    expect(view.page).toBe(1)
    expect(view.rows[0].id).toBe('a69')
    await view.nextPage()
    expect(view.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `a${19 - i}`))
    expect(view.hasMore).toBe(false)
    await view.nextPage() // no further
    expect(view.page).toBe(2)
    await view.previousPage()
    expect(view.rows[0].id).toBe('a69')
    await view.firstPage()
    expect(view.page).toBe(0)
    expect(view.rows[0].id).toBe('a119')
  })

  it('never skips or repeats answers that share a timestamp across a page boundary', async () => {
    expect.hasAssertions()
    const store = new TestStore()
    // 130 answers in 13 runs of 10 with the same timestamp each.
    await store.add(...Array.from({ length: 130 }, (_, i) => record(i, D0 + Math.floor(i / 10) * 1000)))
    const view = new HistoryView({ store, audio: new FakeAudio(), localMidnight: utcMidnight })
    await view.load()
    const seen: string[] = [...view.rows.map((r) => r.id)]
    while (view.hasMore) {
      await view.nextPage()
      seen.push(...view.rows.map((r) => r.id))
    }
    expect(seen).toHaveLength(130)
    expect(new Set(seen).size).toBe(130)
  })

  it('reads a page from the store, never everything (limit set)', async () => {
    expect.hasAssertions()
    const { view, store } = await setup(10_000, 60_000)
    await view.load()
    await view.nextPage()
    expect(store.queries.every((q) => q.limit !== undefined && q.limit <= HISTORY_PAGE_SIZE + 1 + 1)).toBe(
      true,
    )
    expect(view.rows).toHaveLength(HISTORY_PAGE_SIZE)
  })
})

describe('HistoryView filters', () => {
  it('filters by pattern and by right or wrong', async () => {
    expect.hasAssertions()
    const { view } = await setup(60)
    await view.load()
    await view.setFilters({ ...NO_FILTERS, pattern: 'yu' })
    expect(view.rows.length).toBe(12)
    expect(view.rows.every((r) => r.question.label.pattern === 'yu')).toBe(true)
    await view.setFilters({ ...NO_FILTERS, result: 'wrong' })
    expect(view.rows.length).toBe(20)
    expect(view.rows.every((r) => !r.correct)).toBe(true)
    await view.setFilters({ ...NO_FILTERS, result: 'right', pattern: 'gong' })
    expect(view.rows.every((r) => r.correct && r.question.label.pattern === 'gong')).toBe(true)
    expect(view.rows.length).toBe(8)
  })

  it('takes an inclusive range of local dates', async () => {
    expect.hasAssertions()
    const { view, store } = await setup(24 * 5) // one an hour for five days from 2025-03-01
    await view.load()
    await view.setFilters({ ...NO_FILTERS, from: '2025-03-02', to: '2025-03-03' })
    expect(view.filterError).toBe(null)
    expect(store.queries.at(-1)).toMatchObject({ from: D0 + DAY, to: D0 + 3 * DAY - 1 })
    expect(view.rows).toHaveLength(48)
    expect(view.rows[0].at).toBe(D0 + 3 * DAY - 3_600_000)
    expect(view.rows.at(-1)!.at).toBe(D0 + DAY)
    await view.setFilters({ ...NO_FILTERS, to: '2025-03-01' })
    expect(view.rows).toHaveLength(24)
  })

  it('refuses a reversed range or a bad date and keeps the rows', async () => {
    expect.hasAssertions()
    const { view, store } = await setup(30)
    await view.load()
    const before = view.rows
    const queries = store.queries.length
    await view.setFilters({ ...NO_FILTERS, from: '2025-03-04', to: '2025-03-02' })
    expect(view.filterError).toBe('reversed')
    await view.setFilters({ ...NO_FILTERS, from: '2025-02-30' })
    expect(view.filterError).toBe('badFrom')
    await view.setFilters({ ...NO_FILTERS, to: 'tomorrow' })
    expect(view.filterError).toBe('badTo')
    expect(view.rows).toBe(before)
    expect(store.queries.length).toBe(queries)
    await view.setFilters(NO_FILTERS)
    expect(view.filterError).toBe(null)
  })

  it('shows a read failure', async () => {
    expect.hasAssertions()
    const { view, store } = await setup(3)
    store.listAttempts = async () => {
      throw Object.assign(new Error('gone'), { kind: 'unknown' })
    }
    await view.load()
    expect(view.phase).toBe('failed')
    expect(view.error?.message).toBe('gone')
  })
})

describe('HistoryView replay', () => {
  it('replays a melody from its seed, as the Practice page played it', async () => {
    expect.hasAssertions()
    const { view, audio } = await setup(1)
    await view.load()
    const a = view.rows[0]
    const playing = view.replay(a)
    await Promise.resolve()
    await Promise.resolve()
    expect(view.playingId).toBe('a0')
    audio.finish!()
    await playing
    expect(view.playingId).toBe(null)
    const m = questionMelody(a.question)!
    expect(audio.melodies[0]).toEqual({ notes: toPlayerNotes(m), tempo: 90, timbre: 'soft' })
    expect(audio.log.slice(0, 2)).toEqual(['ensure', 'stop'])
  })

  it('replays a scale from its label, direction and tempo', async () => {
    expect.hasAssertions()
    const store = new TestStore()
    await store.add(record(9, D0, { kind: 'scale', direction: 'down', timbre: 'pluck', tempo: 70 }))
    const audio = new FakeAudio()
    const view = new HistoryView({ store, audio })
    await view.load()
    const p = view.replay(view.rows[0])
    await new Promise((r) => setTimeout(r, 0))
    audio.finish!()
    await p
    expect(audio.log).toContain('scale 9 yu down 70')
  })

  it('replays a clip from its stored Blob, and says so when the clip is gone', async () => {
    expect.hasAssertions()
    const store = new TestStore()
    await store.add(
      record(0, D0, { kind: 'clip', clipId: 'c1' }),
      record(1, D0 + 1, { kind: 'clip', clipId: 'c2' }),
    )
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/wav' })
    await store.store.putClip({
      id: 'c1',
      blob,
      name: 'c1.wav',
      mime: 'audio/wav',
      origin: 'import',
      createdAt: D0,
    } as ClipRecord)
    const audio = new FakeAudio()
    const view = new HistoryView({ store, audio })
    await view.load()
    const c1 = view.rows.find((r) => r.id === 'a0')!
    const c2 = view.rows.find((r) => r.id === 'a1')!
    const p = view.replay(c1)
    await new Promise((r) => setTimeout(r, 0))
    expect(view.playingId).toBe('a0')
    audio.finish!()
    await p
    expect(audio.blobs[0]).toBe(blob)
    await view.replay(c2)
    expect(view.replayError).toEqual({
      id: 'a1',
      error: { kind: 'clipMissing', message: 'clip c2 is not on this device' },
    })
    expect(view.playingId).toBe(null)
  })

  it('a second press stops the sound; another row takes over', async () => {
    expect.hasAssertions()
    const { view, audio } = await setup(2)
    await view.load()
    const [a, b] = view.rows
    const pa = view.replay(a)
    await new Promise((r) => setTimeout(r, 0))
    const pb = view.replay(b)
    await new Promise((r) => setTimeout(r, 0))
    expect(view.playingId).toBe(b.id)
    await pa
    expect(view.playingId).toBe(b.id) // a's ending does not clear b
    await view.replay(b)
    expect(view.playingId).toBe(null)
    await pb
    expect(audio.log.filter((l) => l === 'melody')).toHaveLength(2)
  })

  it('shows an audio failure on its row', async () => {
    expect.hasAssertions()
    const { view, audio } = await setup(1)
    audio.ensureAudio = async () => {
      throw Object.assign(new Error('blocked'), { kind: 'audioBlocked' })
    }
    await view.load()
    await view.replay(view.rows[0])
    expect(view.replayError?.error.kind).toBe('audioBlocked')
    expect(view.playingId).toBe(null)
  })
})

describe('browserLocalMidnight', () => {
  it('reads calendar dates and refuses impossible ones', () => {
    expect(browserLocalMidnight('2025-03-05')).toBe(new Date(2025, 2, 5).getTime())
    expect(browserLocalMidnight('2025-02-29')).toBe(null)
    expect(browserLocalMidnight('5/3/2025')).toBe(null)
  })
})
