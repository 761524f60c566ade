import { afterEach, describe, expect, test } from 'vitest'
import { openDB } from 'idb'
import { DB_VERSION } from './migrations.ts'
import { deleteDatabase, openStore } from './idb-store.ts'
import type { Store } from './store.ts'
import { StoreError } from './errors.ts'
import { storeContract } from './store-contract.ts'
import { requestPersistence } from './persistence.ts'
import { toStatsRow, type AttemptRecord, type CardRecord, type StatsRow } from './schema.ts'
import { makeAttempt, makeCard, makeClip, storedStats, uniqueDbName } from './test-fixtures.ts'

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

storeContract('IndexedDB store', () => freshStore('contract'))

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

  test('the rows are stored with the attempts, not rebuilt on read (the contract checks what they hold)', async () => {
    const store = await freshStore('stats')
    for (let i = 0; i < 200; i++) await store.addAttempt(makeAttempt(i))
    await store.addAttempt({ ...makeAttempt(3), id: 'a3-twin' })
    const again = { ...makeAttempt(9), correct: true, fields: { tonic: true, pattern: true } }
    await store.addAttempt({ ...again, question: { ...again.question, rung: 'penta-scale' } })

    const rows = await store.listAttemptStats()
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
