import { afterEach, describe, expect, test } from 'vitest'
import { openDB, type IDBPDatabase } from 'idb'
import { DB_VERSION, MIGRATIONS, openDatabase } from './migrations.ts'
import { deleteDatabase, openStore } from './idb-store.ts'
import type { Store } from './store.ts'
import { StoreError } from './errors.ts'
import { STATS_SHARDS, STORE_NAMES, statsShardOf, toStatsRow, type WushengDB } from './schema.ts'
import {
  bytesOf,
  makeAttempt,
  makeBytes,
  makeCard,
  makeClip,
  makePackManifest,
  makeResultsData,
  uniqueDbName,
} from './test-fixtures.ts'

const opened: { close(): void }[] = []
const names: string[] = []
afterEach(async () => {
  for (const c of opened.splice(0)) c.close()
  for (const n of names.splice(0)) await deleteDatabase(n)
})

function fresh(prefix: string): string {
  const name = uniqueDbName(prefix)
  names.push(name)
  return name
}

/** Opens at `version` exactly as that release did (only its migrations ran). */
async function openAt(name: string, version: number): Promise<IDBPDatabase<WushengDB>> {
  const db = await openDatabase(name, version)
  opened.push(db)
  return db
}

async function openCurrent(name: string): Promise<Store> {
  const store = await openStore(name)
  opened.push(store)
  return store
}

// What each release's code wrote. Writes go through raw IndexedDB because the current Store would add the
// fields (attempt.source) that the old releases did not have: that is exactly what the migrations must fix.
const WRITERS: Record<number, (db: IDBPDatabase<WushengDB>) => Promise<void>> = {
  1: async (db) => {
    const tx = db.transaction(['attempts', 'settings'], 'readwrite')
    await Promise.all([
      // v1 attempts have no `source`: a melody, a plain clip, and an assignment clip.
      tx.objectStore('attempts').put(makeAttempt(1) as never),
      tx.objectStore('attempts').put(makeAttempt(2, { kind: 'clip', clipId: 'c-old' }) as never),
      tx
        .objectStore('attempts')
        .put(makeAttempt(3, { kind: 'clip', clipId: 'c-old', assignmentId: 'pack1' }) as never),
      tx.objectStore('settings').put('zh', 'ui.locale'),
      tx.objectStore('settings').put('sk-v1-secret', 'model.apiKey'),
      tx.done,
    ])
  },
  2: async (db) => {
    const tx = db.transaction(['attempts', 'clips', 'cards'], 'readwrite')
    await Promise.all([
      tx
        .objectStore('attempts')
        .put(makeAttempt(4, { kind: 'scale', direction: 'up', timbre: 'sine', tempo: 60 }) as never),
      // v2 clips had no sha256 yet.
      tx.objectStore('clips').put(makeClip('c-v2', 3000)),
      tx.objectStore('cards').put(makeCard('k-v2', 'confusion:yu>shang', 1_700_000_100_000)),
      tx.done,
    ])
  },
  3: async (db) => {
    const tx = db.transaction(['attempts', 'clips'], 'readwrite')
    await Promise.all([
      tx.objectStore('attempts').put({ ...makeAttempt(5), source: 'melody' }),
      tx.objectStore('clips').put(makeClip('c-v3', 500, { sha256: 'ab'.repeat(32), origin: 'recording' })),
      tx.done,
    ])
  },
  4: async (db) => {
    const tx = db.transaction(['attempts', 'assignments'], 'readwrite')
    await Promise.all([
      // A type question with a free-practice rung, an analyzer label and a model answer.
      tx.objectStore('attempts').put({
        ...makeAttempt(6, { kind: 'clip', clipId: 'c-v3', assignmentId: 'pack4' }),
        question: {
          ...makeAttempt(6).question,
          kind: 'type',
          rung: 'free',
          typeChoices: ['pentatonic', 'heptatonic-yayue'],
        },
        answer: { type: 'heptatonic-yayue' },
        correct: false,
        fields: { type: false },
        analyzerLabel: makeAttempt(7).question.label,
        model: { raw: 'A羽', label: makeAttempt(6).question.label },
        source: 'assignment',
      }),
      tx.objectStore('assignments').put({
        id: 'pack4',
        title: 'Week 4',
        manifest: makePackManifest(),
        clipIds: ['c-v3'],
        status: 'assigned',
        createdAt: 1,
      }),
      tx.done,
    ])
  },
}

/**
 * The statistics shards, read raw (not through the Store, which would rebuild them if they were incomplete):
 * one row per attempt, equal to the attempt's projection, each in its own shard.
 */
async function expectStatsOfEveryAttempt(name: string, ids: readonly string[]): Promise<void> {
  const db = await openDB<WushengDB>(name)
  opened.push(db)
  const [attempts, shards] = await Promise.all([db.getAll('attempts'), db.getAll('attemptStats')])
  expect(attempts.map((a) => a.id).sort()).toEqual([...ids].sort())
  for (const s of shards) {
    expect(s.shard).toBeGreaterThanOrEqual(0)
    expect(s.shard).toBeLessThan(STATS_SHARDS)
    for (const row of s.rows) expect(statsShardOf(row.id)).toBe(s.shard)
  }
  const rows = shards.flatMap((s) => s.rows).sort((a, b) => a.id.localeCompare(b.id))
  expect(rows).toEqual(attempts.map(toStatsRow).sort((a, b) => a.id.localeCompare(b.id)))
  db.close()
}

/** The attempt ids each release's writer stored. */
const ATTEMPT_IDS: Record<number, readonly string[]> = {
  1: ['a1', 'a2', 'a3'],
  2: ['a4'],
  3: ['a5'],
  4: ['a6'],
}

/** Checks that everything every release up to `upTo` wrote is present and migrated. */
async function expectDataOf(store: Store, upTo: number): Promise<void> {
  if (upTo >= 1) {
    const a1 = await store.getAttempt('a1')
    expect(a1?.source).toBe('melody')
    expect(a1?.question.label).toEqual(makeAttempt(1).question.label)
    expect((await store.getAttempt('a2'))?.source).toBe('clip')
    expect((await store.getAttempt('a3'))?.source).toBe('assignment')
    expect(await store.getSetting('ui.locale')).toBe('zh')
    expect(await store.getSetting('model.apiKey')).toBe('sk-v1-secret')
    // The v3 indexes see the backfilled records.
    expect((await store.listAttempts({ source: 'assignment' })).map((a) => a.id)).toEqual(
      upTo >= 4 ? ['a6', 'a3'] : ['a3'],
    )
    const shang = await store.listAttempts({ pattern: 'shang' })
    expect(shang.map((a) => a.id)).toContain('a1')
  }
  if (upTo >= 2) {
    expect((await store.getAttempt('a4'))?.source).toBe('scale')
    const clip = await store.getClip('c-v2')
    expect(clip?.sha256).toBeUndefined()
    expect(await bytesOf(clip!.blob)).toEqual(await bytesOf(makeClip('c-v2', 3000).blob))
    expect((await store.getCardByKey('confusion:yu>shang'))?.id).toBe('k-v2')
  }
  if (upTo >= 3) {
    expect((await store.getAttempt('a5'))?.source).toBe('melody')
    expect((await store.findClipBySha256('ab'.repeat(32)))?.id).toBe('c-v3')
  }
  if (upTo >= 4) {
    expect((await store.getAttempt('a6'))?.model?.raw).toBe('A羽')
    expect((await store.getAssignment('pack4'))?.title).toBe('Week 4')
  }
  // v5: every attempt any release wrote has its statistics row, and the Progress page reads them all.
  const ids = Object.entries(ATTEMPT_IDS).flatMap(([v, xs]) => (Number(v) <= upTo ? xs : []))
  await expectStatsOfEveryAttempt(store.name, ids)
  const attempts = await store.listAttempts({ order: 'oldest' })
  expect(await store.listAttemptStats()).toEqual(attempts.map(toStatsRow))
}

describe('migrations', () => {
  test('the schema evolved in real steps', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length)
    expect(DB_VERSION).toBeGreaterThanOrEqual(5)
  })

  test('a new database gets every store of the current schema', async () => {
    const name = fresh('new')
    const db = await openAt(name, DB_VERSION)
    expect(db.version).toBe(DB_VERSION)
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort())
  })

  for (let from = 1; from < DB_VERSION; from++) {
    test(`opening v${DB_VERSION} over data written by v${from} keeps and migrates it`, async () => {
      const name = fresh(`from-v${from}`)
      // Each release wrote its own data in its own shape: v1 data went through the v1→v2 upgrade, and so on.
      for (let v = 1; v <= from; v++) {
        const old = await openAt(name, v)
        expect(old.version).toBe(v)
        await WRITERS[v](old)
        old.close()
      }

      const store = await openCurrent(name)
      await expectDataOf(store, from)
      // The new stores work on the migrated database.
      await store.putResult({
        id: 'r1',
        assignmentId: 'pack1',
        student: 'Li',
        data: makeResultsData(),
        verified: true,
        importedAt: 1,
      })
      expect((await store.listResults('pack1')).length).toBe(1)
    })
  }

  test('v1 data opened straight at the current version (skipping releases) migrates in one upgrade', async () => {
    const name = fresh('skip')
    const v1 = await openAt(name, 1)
    await WRITERS[1](v1)
    v1.close()
    const store = await openCurrent(name)
    await expectDataOf(store, 1)
    expect(await store.countAttempts()).toBe(3)
  })

  test('a database from a newer release is refused with kind "version", its data untouched', async () => {
    const name = fresh('newer')
    const newer = await openDB(name, DB_VERSION + 1, {
      upgrade: (db) => void db.createObjectStore('future').put('kept', 'k'),
    })
    newer.close()
    const error = await openStore(name).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).kind).toBe('version')
    const again = await openDB(name)
    opened.push(again)
    expect(again.version).toBe(DB_VERSION + 1)
    expect(await again.get('future', 'k')).toBe('kept')
  })

  test('a failing step rolls the whole upgrade back: the old version and its data stay', async () => {
    const name = fresh('rollback')
    const v1 = await openAt(name, 1)
    await WRITERS[1](v1)
    v1.close()
    const boom = new Error('step 3 broke')
    const broken = [...MIGRATIONS.slice(0, 2), () => Promise.reject(boom)]
    const error = await openDatabase(name, 3, { migrations: broken }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).message).toMatch(/version 3 failed/)
    expect((error as StoreError).cause).toBe(boom)
    // Step 2 ran in the same transaction, so it was rolled back too: still v1, no clips store, data intact.
    const still = await openDB(name)
    opened.push(still)
    expect(still.version).toBe(1)
    expect(still.objectStoreNames.contains('clips')).toBe(false)
    expect(await still.count('attempts')).toBe(3)
    still.close()
    // And the real migrations still upgrade it afterwards.
    await expectDataOf(await openCurrent(name), 1)
  })

  test('openDatabase refuses versions outside 1..current', async () => {
    await expect(openDatabase(fresh('range'), 0)).rejects.toThrow(RangeError)
    await expect(openDatabase(fresh('range'), DB_VERSION + 1)).rejects.toThrow(RangeError)
  })

  test('clip audio written at v2 is byte-identical after the upgrade (large blob)', async () => {
    const name = fresh('blob')
    const old = await openAt(name, 2)
    const bytes = makeBytes(64 * 1024, 99)
    await old.put('clips', { ...makeClip('big'), blob: new Blob([bytes], { type: 'audio/wav' }) })
    old.close()
    const store = await openCurrent(name)
    expect(await bytesOf((await store.getClip('big'))!.blob)).toEqual(bytes)
  })
})
