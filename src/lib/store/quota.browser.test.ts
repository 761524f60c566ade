// A REAL QuotaExceededError, not a mock: the store is opened in a Storage Bucket with a 1 MiB quota
// (Chromium's navigator.storageBuckets), and a 4 MiB clip is written to it.
import { afterEach, expect, test } from 'vitest'
import { openStore } from './idb-store.ts'
import type { Store } from './store.ts'
import { StoreError } from './errors.ts'
import { toStatsRow } from './schema.ts'
import { bytesOf, makeAttempt, makeClip, uniqueDbName } from './test-fixtures.ts'

interface Buckets {
  open(name: string, options: { quota: number }): Promise<{ indexedDB: IDBFactory }>
}
const buckets = (navigator as unknown as { storageBuckets: Buckets }).storageBuckets
const QUOTA = 1024 * 1024

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A store in a fresh bucket of QUOTA bytes, holding one attempt and one small clip. */
async function tightStore(): Promise<Store> {
  const bucketName = uniqueDbName('quota')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
  // Not deleted afterwards: deleting a bucket force-closes its backing store and Chromium then rejects idb's
  // internal promises asynchronously. Each bucket is tiny and the browser profile is thrown away after the run.
  const bucket = await buckets.open(bucketName, { quota: QUOTA })
  const store = await openStore('wusheng', { factory: bucket.indexedDB })
  cleanups.push(() => store.close())
  await store.addAttempt(makeAttempt(1))
  await store.putClip(makeClip('small', 2000))
  return store
}

test('a write over quota fails as kind "quota", and what was stored before is intact', async () => {
  const store = await tightStore()
  const error = await store.putClip(makeClip('huge', 4 * QUOTA)).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(StoreError)
  expect((error as StoreError).kind).toBe('quota')
  expect((error as StoreError).message).toMatch(/quota/i)
  expect(((error as StoreError).cause as DOMException).name).toBe('QuotaExceededError')

  expect(await store.getClip('huge')).toBeUndefined()
  expect(await bytesOf((await store.getClip('small'))!.blob)).toEqual(
    await bytesOf(makeClip('small', 2000).blob),
  )
  expect(await store.getAttempt('a1')).toBeDefined()
})

test('a backup merge over quota writes none of its records (one transaction)', async () => {
  const store = await tightStore()
  const snap = await store.snapshot()
  const error = await store
    .merge({
      ...snap,
      attempts: [2, 3].map((i) => ({ ...makeAttempt(i), source: 'melody' as const })),
      clips: [makeClip('huge', 4 * QUOTA)],
    })
    .catch((e: unknown) => e)
  expect((error as StoreError).kind).toBe('quota')
  expect((await store.listAttempts()).map((a) => a.id)).toEqual(['a1'])
  expect(await store.listAttemptStats()).toEqual([toStatsRow(makeAttempt(1))])
  expect((await store.listClips()).map((c) => c.id)).toEqual(['small'])
})
