import { afterEach, describe, expect, test } from 'vitest'
import { openDB } from 'idb'
import { DB_VERSION } from './migrations.ts'
import { deleteDatabase, openStore, type Store } from './store.ts'
import { StoreError } from './errors.ts'
import { requestPersistence } from './persistence.ts'
import { toStatsRow, type AttemptRecord, type CardRecord, type StatsRow } from './schema.ts'
import {
  bytesOf,
  makeAttempt,
  makeBytes,
  makeCard,
  makeClip,
  makePackManifest,
  makeResultsData,
  storedStats,
  uniqueDbName,
} from './test-fixtures.ts'

const opened: { close(): void }[] = []
const names: string[] = []
afterEach(async () => {
  for (const c of opened.splice(0)) c.close()
  for (const n of names.splice(0)) await deleteDatabase(n)
})

async function freshStore(prefix: string, options?: Parameters<typeof openStore>[1]): Promise<Store> {
  const name = uniqueDbName(prefix)
  names.push(name)
  const store = await openStore(name, options)
  opened.push(store)
  return store
}

describe('attempts', () => {
  test('listAttempts filters by time, pattern, correctness and source, newest first, with a limit', async () => {
    const store = await freshStore('attempts')
    for (let i = 0; i < 30; i++)
      await store.addAttempt(
        makeAttempt(i, i >= 25 ? { kind: 'clip', clipId: 'c', assignmentId: 'p' } : undefined),
      )
    const t0 = makeAttempt(0).at

    const all = await store.listAttempts()
    expect(all.map((a) => a.id)).toEqual(Array.from({ length: 30 }, (_, i) => `a${29 - i}`))
    expect((await store.listAttempts({ order: 'oldest', limit: 3 })).map((a) => a.id)).toEqual([
      'a0',
      'a1',
      'a2',
    ])
    const window = await store.listAttempts({ from: t0 + 10_000, to: t0 + 12_000 })
    expect(window.map((a) => a.id)).toEqual(['a12', 'a11', 'a10'])
    const yu = await store.listAttempts({ pattern: 'yu' })
    expect(yu.map((a) => a.id)).toEqual(['a29', 'a24', 'a19', 'a14', 'a9', 'a4'])
    const wrongYu = await store.listAttempts({ pattern: 'yu', correct: false })
    expect(wrongYu.map((a) => a.id)).toEqual(['a24', 'a9'])
    expect((await store.listAttempts({ source: 'assignment' })).length).toBe(5)
    expect((await store.listAttempts({ source: 'melody', limit: 2 })).map((a) => a.id)).toEqual([
      'a24',
      'a23',
    ])
    expect(await store.listAttempts({ limit: 0 })).toEqual([])
    // Two ways to read one pattern (its index, or the time index with a range) give the same order, ties included.
    await store.addAttempt({ ...makeAttempt(4), id: 'a4-twin' })
    for (const order of ['newest', 'oldest'] as const) {
      const viaPattern = await store.listAttempts({ pattern: 'yu', order })
      const viaTime = await store.listAttempts({ pattern: 'yu', order, from: 0 })
      expect(viaPattern.map((a) => a.id)).toEqual(viaTime.map((a) => a.id))
      expect(viaPattern.length).toBe(7)
    }
    expect(await store.countAttempts()).toBe(31)
  })

  test('an attempt reads back equal to what was saved, plus its indexed source', async () => {
    const store = await freshStore('roundtrip')
    const a = makeAttempt(7, { kind: 'clip', clipId: 'c9' })
    await store.addAttempt(a)
    expect(await store.getAttempt('a7')).toEqual({ ...a, source: 'clip' })
  })
})

describe('two tabs', () => {
  test('recordAttempt re-reads the cards inside its transaction: two connections answering at once lose nothing', async () => {
    const a = await freshStore('two-tabs')
    const b = await openStore(a.name)
    opened.push(b)
    // Each "tab" bumps the card's reps from what is stored, 20 times, all at once and interleaved.
    const bump = (stored: readonly CardRecord[]) => {
      const c = stored.find((x) => x.key === 'k') ?? makeCard('k', 'k', 1)
      return [{ ...c, card: { ...c.card, reps: c.card.reps + 1 } }]
    }
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).recordAttempt(makeAttempt(i), bump)),
    )
    expect(await a.countAttempts()).toBe(40)
    expect((await a.getCardByKey('k'))?.card.reps).toBe(makeCard('k', 'k', 1).card.reps + 40)
  })
})

describe('statistics rows (attemptStats)', () => {
  const byId = (rows: readonly StatsRow[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))

  test('every saved attempt has its row, a replaced attempt its new row, read oldest first with ties by id', async () => {
    const store = await freshStore('stats')
    for (let i = 0; i < 200; i++) await store.addAttempt(makeAttempt(i))
    // Same time as a3: the tie is ordered by id, as the time index orders it.
    await store.addAttempt({ ...makeAttempt(3), id: 'a3-twin' })
    // Replaced (same id): answered right this time, and moved to another rung.
    const again = { ...makeAttempt(9), correct: true, fields: { tonic: true, pattern: true } }
    await store.addAttempt({ ...again, question: { ...again.question, rung: 'penta-scale' } })

    const attempts = await store.listAttempts({ order: 'oldest' })
    const rows = await store.listAttemptStats()
    expect(rows).toHaveLength(201)
    expect(rows).toEqual(attempts.map(toStatsRow))
    expect(rows.slice(3, 5).map((r) => r.id)).toEqual(['a3', 'a3-twin'])
    expect(rows.find((r) => r.id === 'a9')).toMatchObject({
      correct: true,
      question: { rung: 'penta-scale' },
    })
    // What a row keeps: what computeStats reads, nothing of the source, choices, analyzer or model.
    expect(Object.keys(rows[0]).sort()).toEqual(
      ['answer', 'at', 'correct', 'fields', 'hints', 'id', 'latency', 'question', 'replays'].sort(),
    )
    // Stored, not rebuilt on read: the shards alone hold one row per attempt.
    const stored = await storedStats(store.name)
    expect(stored.rows).toEqual(byId(rows))
    expect(stored.attemptIds).toHaveLength(201)
  })

  test('attempts written around the Store are found on the next read, and their rows are stored', async () => {
    const store = await freshStore('stats-repair')
    await store.addAttempt(makeAttempt(1))
    const raw = await openDB(store.name)
    const extra: AttemptRecord[] = [2, 3].map((i) => ({ ...makeAttempt(i), source: 'melody' }))
    await Promise.all(extra.map((a) => raw.put('attempts', a)))
    raw.close()
    expect((await storedStats(store.name)).rows.map((r) => r.id)).toEqual(['a1'])
    expect((await store.listAttemptStats()).map((r) => r.id)).toEqual(['a1', 'a2', 'a3'])
    expect((await storedStats(store.name)).rows.map((r) => r.id)).toEqual(['a1', 'a2', 'a3'])
  })

  test('a merge adds rows for the attempts it adds, and leaves the rows of kept attempts alone', async () => {
    const store = await freshStore('stats-merge')
    await store.addAttempt(makeAttempt(1))
    const snap = await store.snapshot()
    const changed = { ...makeAttempt(1), correct: false, source: 'melody' as const }
    const counts = await store.merge({
      ...snap,
      attempts: [changed, ...[2, 3].map((i) => ({ ...makeAttempt(i), source: 'melody' as const }))],
    })
    expect(counts.attempts).toEqual({ added: 2, skipped: 1 })
    const { rows } = await storedStats(store.name)
    expect(rows).toEqual(byId((await store.listAttempts()).map(toStatsRow)))
    // The local a1 (right) is kept, not the backup's (wrong).
    expect(rows[0]).toMatchObject({ id: 'a1', correct: true })
  })
})

describe('clips, cards, settings, assignments, outbox', () => {
  test('a clip keeps its audio bytes and metadata', async () => {
    const store = await freshStore('clips')
    const clip = makeClip('c1', 5000, { sha256: 'cd'.repeat(32) })
    await store.putClip(clip)
    await store.putClip(makeClip('c2', 10, { origin: 'recording', createdAt: 1 }))
    const back = await store.getClip('c1')
    expect(back?.name).toBe('c1.wav')
    expect(back?.label).toEqual(clip.label)
    expect(await bytesOf(back!.blob)).toEqual(await bytesOf(clip.blob))
    expect((await store.listClips()).map((c) => c.id)).toEqual(['c2', 'c1'])
    expect((await store.listClips('recording')).map((c) => c.id)).toEqual(['c2'])
    expect((await store.findClipBySha256('cd'.repeat(32)))?.id).toBe('c1')
    await store.deleteClip('c1')
    expect(await store.getClip('c1')).toBeUndefined()
  })

  test('cards: by key, due before now, and one card per key', async () => {
    const store = await freshStore('cards')
    await store.putCard(makeCard('k1', 'confusion:yu>shang', 100))
    await store.putCard(makeCard('k2', 'clip:c1', 300))
    await store.putCard(makeCard('k3', 'confusion:gong>zhi', 200))
    expect((await store.getCardByKey('clip:c1'))?.id).toBe('k2')
    expect((await store.listDueCards(250)).map((c) => c.id)).toEqual(['k1', 'k3'])
    const dup = await store.putCard(makeCard('k4', 'clip:c1', 1)).catch((e: unknown) => e)
    expect(dup).toBeInstanceOf(StoreError)
    expect((dup as StoreError).kind).toBe('invalid')
    expect((await store.listCards()).length).toBe(3)
  })

  test('settings round-trip; the API key is stored but never in a snapshot', async () => {
    const store = await freshStore('settings')
    await store.setSetting('ui.locale', 'zh')
    await store.setSetting('model.baseUrl', 'http://gpu.lab:8000')
    await store.setSetting('model.maxTokens', 64)
    await store.setSetting('model.apiKey', 'sk-secret')
    expect(await store.getSetting('model.apiKey')).toBe('sk-secret')
    const snap = await store.snapshot()
    expect(snap.settings.map((s) => s.key).sort()).toEqual(['model.baseUrl', 'model.maxTokens', 'ui.locale'])
    await store.deleteSetting('ui.locale')
    expect(await store.getSetting('ui.locale')).toBeUndefined()
  })

  test('deleting an assignment deletes its results, not others', async () => {
    const store = await freshStore('assign')
    const base = { manifest: makePackManifest(), clipIds: ['c1'], status: 'assigned' as const, createdAt: 1 }
    await store.putAssignment({ id: 'p1', title: 'Week 1', ...base })
    await store.putAssignment({ id: 'p2', title: 'Week 2', ...base, createdAt: 2 })
    const result = { student: 'Li', data: makeResultsData(), verified: true, importedAt: 5 }
    await store.putResult({ id: 'r1', assignmentId: 'p1', ...result })
    await store.putResult({ id: 'r2', assignmentId: 'p2', ...result })
    await store.deleteAssignment('p1')
    expect((await store.listAssignments()).map((a) => a.id)).toEqual(['p2'])
    expect((await store.listResults()).map((r) => r.id)).toEqual(['r2'])
  })

  test('the outbox queues requests but refuses a settings snapshot that carries a key', async () => {
    const store = await freshStore('outbox')
    const payload = { clipId: 'c1', settings: { baseUrl: 'http://x' } }
    const item = { id: 'o1', createdAt: 5, attempts: 0, notBefore: 5, gaveUp: false, payload }
    await store.putOutbox(item)
    await store.putOutbox({
      ...item,
      id: 'o0',
      createdAt: 1,
      payload: { ...payload, wav: new Blob([makeBytes(10)]) },
    })
    expect((await store.listOutbox()).map((o) => o.id)).toEqual(['o0', 'o1'])
    expect((await store.listOutbox())[0].payload.wav?.size).toBe(10)
    const refused = await store
      .putOutbox({ ...item, id: 'o2', payload: { settings: { baseUrl: 'x', apiKey: 'sk' } } })
      .catch((e: unknown) => e)
    expect((refused as StoreError).kind).toBe('invalid')
    const nested = await store
      .putOutbox({ ...item, id: 'o3', payload: { settings: { model: { token: 'sk' }, maxTokens: 64 } } })
      .catch((e: unknown) => e)
    expect((nested as StoreError).message).toContain("'model.token'")
    await store.putOutbox({
      ...item,
      id: 'o4',
      createdAt: 9,
      payload: { settings: { model: { maxTokens: 64 } } },
    })
    expect((await store.listOutbox()).map((o) => o.id)).toEqual(['o0', 'o1', 'o4'])
    await store.deleteOutbox('o4')
    await store.deleteOutbox('o1')
    expect((await store.listOutbox()).map((o) => o.id)).toEqual(['o0'])
  })
})

describe('two tabs', () => {
  test('a newer version opened elsewhere closes this store and tells the app', async () => {
    let told = 0
    const store = await freshStore('versionchange', { onVersionChange: () => told++ })
    await store.addAttempt(makeAttempt(1))
    // The "other tab": a newer release upgrading the same database. It must not be blocked by us.
    const newer = await openDB(store.name, DB_VERSION + 1, {
      blocked: () => expect.fail('the old tab blocked it'),
    })
    opened.push(newer)
    expect(told).toBe(1)
    expect(store.isOpen).toBe(false)
    const error = await store.addAttempt(makeAttempt(2)).catch((e: unknown) => e)
    expect((error as StoreError).kind).toBe('version')
    expect((error as StoreError).message).toMatch(/reload/i)
    expect(await newer.count('attempts')).toBe(1)
  })

  test('an old tab that does not let go blocks the upgrade; the open waits, says so, then completes', async () => {
    const name = uniqueDbName('blocked')
    names.push(name)
    // The "old tab": an earlier release that ignores versionchange.
    const old = await openDB(name, 1, {
      upgrade: (db) => void db.createObjectStore('attempts', { keyPath: 'id' }),
    })
    let blocked = 0
    const opening = openStore(name, {
      onBlocked: () => {
        blocked++
        old.close() // the user closed the other tab
      },
    })
    const store = await opening
    opened.push(store)
    expect(blocked).toBe(1)
    expect(store.isOpen).toBe(true)
  })

  test('with blockedTimeout, a still-blocked open gives up with kind "blocked"; it opens once the tab is gone', async () => {
    const name = uniqueDbName('blocked-timeout')
    names.push(name)
    const old = await openDB(name, 1, {
      upgrade: (db) => void db.createObjectStore('attempts', { keyPath: 'id' }),
    })
    let blocked = 0
    const error = await openStore(name, { blockedTimeout: 100, onBlocked: () => blocked++ }).catch(
      (e: unknown) => e,
    )
    expect(blocked).toBe(1)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).kind).toBe('blocked')
    old.close()
    const store = await openStore(name, { blockedTimeout: 1000 })
    opened.push(store)
    await store.addAttempt(makeAttempt(1))
    expect(await store.countAttempts()).toBe(1)
  })

  test('a closed store refuses further calls', async () => {
    const store = await freshStore('closed')
    store.close()
    await expect(store.countAttempts()).rejects.toBeInstanceOf(StoreError)
  })
})

describe('quota exceeded, simulated in the middle of a transaction', () => {
  /** Makes IDBObjectStore.put/add throw QuotaExceededError for values matching `hit`, as a full disk does. */
  function failWritesOf(hit: (value: unknown) => boolean): () => void {
    const proto = IDBObjectStore.prototype
    const { put, add } = proto
    const wrap = (orig: typeof put) =>
      function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (hit(value)) throw new DOMException('Simulated: the disk is full', 'QuotaExceededError')
        return orig.call(this, value, key)
      }
    proto.put = wrap(put)
    proto.add = wrap(add)
    return () => {
      proto.put = put
      proto.add = add
    }
  }

  test('a merge that fails on its last record writes none of the records before it', async () => {
    const store = await freshStore('quota-sim')
    await store.addAttempt(makeAttempt(1))
    const snap = await store.snapshot()
    const restore = failWritesOf((v) => (v as { id?: string }).id === 'boom')
    let error: unknown
    try {
      error = await store
        .merge({
          ...snap,
          attempts: [2, 3, 4].map((i) => ({ ...makeAttempt(i), source: 'melody' as const })),
          clips: [makeClip('fits', 100), makeClip('boom', 100)],
        })
        .catch((e: unknown) => e)
    } finally {
      restore()
    }
    expect((error as StoreError).kind).toBe('quota')
    expect((await store.listAttempts()).map((a) => a.id)).toEqual(['a1'])
    expect((await storedStats(store.name)).rows.map((r) => r.id)).toEqual(['a1'])
    expect(await store.listClips()).toEqual([])
    // And the store still works afterwards.
    await store.putClip(makeClip('later', 10))
    expect((await store.listClips()).map((c) => c.id)).toEqual(['later'])
  })
})

describe('an attempt and its statistics row commit together or not at all', () => {
  /** Makes IDBObjectStore.put throw QuotaExceededError for values matching `hit`, as a full disk does. */
  function failPutsOf(hit: (value: unknown) => boolean): () => void {
    const proto = IDBObjectStore.prototype
    const { put } = proto
    proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (hit(value)) throw new DOMException('Simulated: the disk is full', 'QuotaExceededError')
      return put.call(this, value, key)
    }
    return () => {
      proto.put = put
    }
  }
  const isShard = (v: unknown) => typeof v === 'object' && v !== null && 'rows' in v
  const isAttempt = (id: string) => (v: unknown) => (v as { id?: string }).id === id

  for (const [what, hit] of [
    ['the row cannot be written', isShard],
    ['the attempt cannot be written', isAttempt('a2')],
  ] as const)
    test(`when ${what}, neither is saved, and what was saved before is intact`, async () => {
      const store = await freshStore('stats-atomic')
      await store.addAttempt(makeAttempt(1))
      const restore = failPutsOf(hit)
      let error: unknown
      try {
        error = await store.addAttempt(makeAttempt(2)).catch((e: unknown) => e)
      } finally {
        restore()
      }
      expect((error as StoreError).kind).toBe('quota')
      expect(await store.getAttempt('a2')).toBeUndefined()
      const stored = await storedStats(store.name)
      expect(stored.attemptIds).toEqual(['a1'])
      expect(stored.rows).toEqual([toStatsRow(makeAttempt(1))])
      // And the next save works.
      await store.addAttempt(makeAttempt(2))
      expect((await storedStats(store.name)).rows.map((r) => r.id)).toEqual(['a1', 'a2'])
    })
})

describe('requestPersistence', () => {
  test('maps the browser answer to granted / denied / unsupported', async () => {
    const fake = (persisted: boolean, persist: boolean | Error) => ({
      persisted: async () => persisted,
      persist: async () => {
        if (persist instanceof Error) throw persist
        return persist
      },
    })
    expect(await requestPersistence(fake(true, false))).toBe('granted')
    expect(await requestPersistence(fake(false, true))).toBe('granted')
    expect(await requestPersistence(fake(false, false))).toBe('denied')
    expect(await requestPersistence(fake(false, new Error('insecure')))).toBe('denied')
    expect(await requestPersistence(null)).toBe('unsupported')
    // The real one answers too (headless Chromium without engagement usually says 'denied').
    expect(['granted', 'denied']).toContain(await requestPersistence())
  })
})
