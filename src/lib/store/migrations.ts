import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb'
import { StoreError, toStoreError } from './errors.ts'
import { attemptSource, buildStatsShards, type AttemptRecord, type WushengDB } from './schema.ts'
import type { Attempt } from '../tutor/types.ts'

/** One schema step. Old versions have no types of their own, so a step sees the database untyped. */
export type Migration = (
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
) => void | Promise<void>

/**
 * Append-only: never edit or reorder a shipped step, add a new one. Version N = the first N steps.
 * A step may only await IndexedDB requests of `tx` (any other await would let the upgrade transaction commit).
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  // v1: what the first release stored: answers and settings.
  (db) => {
    db.createObjectStore('attempts', { keyPath: 'id' }).createIndex('byTime', 'at')
    db.createObjectStore('settings')
  },
  // v2: imported/recorded audio and FSRS review cards.
  (db) => {
    const clips = db.createObjectStore('clips', { keyPath: 'id' })
    clips.createIndex('byCreated', 'createdAt')
    clips.createIndex('byOrigin', 'origin')
    const cards = db.createObjectStore('cards', { keyPath: 'id' })
    cards.createIndex('byKey', 'key', { unique: true })
    cards.createIndex('byDue', 'card.due')
  },
  // v3: history filters by pattern and source. `source` is derived (clip + assignmentId → 'assignment'), so
  // it is a stored field, backfilled here on every attempt written by v1/v2.
  async (_db, tx) => {
    const attempts = tx.objectStore('attempts')
    attempts.createIndex('byPattern', 'question.label.pattern')
    attempts.createIndex('bySource', 'source')
    tx.objectStore('clips').createIndex('bySha256', 'sha256')
    for (let cursor = await attempts.openCursor(); cursor; cursor = await cursor.continue()) {
      const old = cursor.value as Attempt & { source?: unknown }
      if (old.source === undefined)
        await cursor.update({ ...old, source: attemptSource(old) } satisfies AttemptRecord)
    }
  },
  // v4: teacher packs (issue 6) and the queue of requests to the remote model.
  (db) => {
    db.createObjectStore('assignments', { keyPath: 'id' }).createIndex('byCreated', 'createdAt')
    db.createObjectStore('results', { keyPath: 'id' }).createIndex('byAssignment', 'assignmentId')
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byCreated', 'createdAt')
  },
  // v5: the Progress page's statistics rows, sharded (see StatsShardRecord), backfilled from every attempt.
  async (db, tx) => {
    db.createObjectStore('attemptStats', { keyPath: 'shard' })
    const attempts = (await tx.objectStore('attempts').getAll()) as Attempt[]
    const stats = tx.objectStore('attemptStats')
    await Promise.all(buildStatsShards(attempts).map((shard) => stats.put(shard)))
  },
])

/** The schema version this code writes. */
export const DB_VERSION = MIGRATIONS.length

/** Callbacks for the two-tabs cases (see openStore). */
export interface OpenCallbacks {
  /** Another connection (tab) on an older version has not closed yet: the open waits for it. */
  readonly blocked?: () => void
  /** A newer version wants to open (another tab was updated): this connection must close. */
  readonly blocking?: () => void
  /** The browser closed the connection (storage cleared, disk error). */
  readonly terminated?: () => void
  /** Where to open it: the page's indexedDB by default, or e.g. a Storage Bucket's (`bucket.indexedDB`). */
  readonly factory?: IDBFactory
  /** The steps to run, MIGRATIONS by default: tests pass a list with a failing step to prove rollback. */
  readonly migrations?: readonly Migration[]
}

/**
 * Opens `name` at `version` (default: current), running the steps from the stored version up to it.
 * Opening below the current version is for migration tests: it is exactly what an older release did.
 */
export async function openDatabase(
  name: string,
  version: number = DB_VERSION,
  callbacks: OpenCallbacks = {},
): Promise<IDBPDatabase<WushengDB>> {
  const steps = callbacks.migrations ?? MIGRATIONS
  if (!Number.isInteger(version) || version < 1 || version > steps.length)
    throw new RangeError(`version must be 1..${steps.length}, got ${version}`)
  let stepFailure: StoreError | undefined
  try {
    // idb's openDB() always uses the global indexedDB; this is the same wiring over any IDBFactory.
    const request = (callbacks.factory ?? indexedDB).open(name, version)
    request.addEventListener('upgradeneeded', (event) => {
      const db = wrap(request.result) as IDBPDatabase<unknown>
      const tx = wrap(request.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>
      // An aborted upgrade is reported by open() rejecting; the transaction's own promise must not go unhandled.
      tx.done.catch(() => {})
      void runSteps(steps, event.oldVersion, version, db, tx).catch((e: StoreError) => (stepFailure = e))
    })
    request.addEventListener('blocked', () => callbacks.blocked?.())
    const db = (await wrap(request)) as IDBPDatabase<WushengDB>
    db.addEventListener('close', () => callbacks.terminated?.())
    db.addEventListener('versionchange', () => callbacks.blocking?.())
    return db
  } catch (error) {
    // The upgrade aborted: report the step that failed rather than the bare AbortError of open().
    if (stepFailure) throw stepFailure
    throw toStoreError(error, `Opening the database '${name}'`)
  }
}

/**
 * Runs steps `from+1..to` in order inside the upgrade transaction. A failing step aborts the whole upgrade
 * (nothing half-migrated, the old version stays) and rejects with the step number and its error.
 */
async function runSteps(
  steps: readonly Migration[],
  from: number,
  to: number,
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
): Promise<void> {
  for (let v = from + 1; v <= to; v++) {
    try {
      await steps[v - 1](db, tx)
    } catch (error) {
      try {
        tx.abort()
      } catch {
        // Already aborted (a failed request aborts it by itself): open() rejects either way.
      }
      throw new StoreError('unknown', `Updating the saved data to version ${v} failed`, { cause: error })
    }
  }
}
