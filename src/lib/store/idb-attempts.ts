// The Store's attempts over IndexedDB: each write updates the attempt's statistics row (attemptStats) in the
// same transaction; reads use the time and pattern indexes.
import type { IdbConnection, Db } from './idb-connection.ts'
import { attemptFilter, sortByTime } from './rules.ts'
import {
  attemptSource,
  buildStatsShards,
  groupByShard,
  toStatsRow,
  withStatsRows,
  type AttemptRecord,
  type CardRecord,
  type StatsRow,
  type StatsShardRecord,
} from './schema.ts'
import type { AttemptQuery, Store } from './store.ts'
import type { Attempt } from '../tutor/types.ts'
import type { Timestamp } from '../theory/units.ts'

export type AttemptMethods = Pick<
  Store,
  'addAttempt' | 'recordAttempt' | 'listAttemptStats' | 'getAttempt' | 'listAttempts' | 'countAttempts'
>

/** The attempt methods of a Store over `c`. */
export function attemptMethods(c: IdbConnection): AttemptMethods {
  return {
    /** Stores an answered question (same id replaces it), and its statistics row in the same transaction. */
    async addAttempt(attempt: Attempt): Promise<void> {
      const record: AttemptRecord = { ...attempt, source: attemptSource(attempt) }
      await c.write('Saving your answer', ['attempts', 'attemptStats'], async (tx) => {
        const put = tx.objectStore('attempts').put(record)
        await Promise.all([put, putStatsRows(tx.objectStore('attemptStats'), [toStatsRow(record)])])
      })
    },

    /**
     * Stores an attempt and updates the review cards it touches in ONE transaction: `update` gets the cards as
     * stored at that moment (another tab may have changed them since this one read them) and returns the cards
     * to write. Two tabs answering at once therefore never overwrite each other's reviews. Returns what was
     * written, so the caller can refresh its copy.
     */
    async recordAttempt(
      attempt: Attempt,
      update: (stored: readonly CardRecord[]) => readonly CardRecord[],
    ): Promise<CardRecord[]> {
      const record: AttemptRecord = { ...attempt, source: attemptSource(attempt) }
      return c.write('Saving your answer', ['attempts', 'attemptStats', 'cards'], async (tx) => {
        const cards = tx.objectStore('cards')
        // Sync between the read and the writes: no other transaction on 'cards' can run in between.
        const written = [...update(await cards.getAll())]
        await Promise.all([
          tx.objectStore('attempts').put(record),
          putStatsRows(tx.objectStore('attemptStats'), [toStatsRow(record)]),
          ...written.map((card) => cards.put(card)),
        ])
        return written
      })
    },

    /**
     * What the Progress page needs of every attempt (its StatsRow), oldest first, ties by id (as listAttempts
     * orders them): a few sharded records instead of every full attempt. Should the rows not match the attempts
     * (records written around the Store), they are rebuilt from the attempts first.
     */
    listAttemptStats(): Promise<StatsRow[]> {
      return c.read('Reading your progress', async (db) => {
        const tx = db.transaction(['attempts', 'attemptStats'])
        const [count, shards] = await Promise.all([
          tx.objectStore('attempts').count(),
          tx.objectStore('attemptStats').getAll(),
        ])
        let rows = shards.flatMap((s) => s.rows)
        if (rows.length !== count) rows = await rebuildAttemptStats(db)
        return sortByTime(rows, 'oldest')
      })
    },
    /** One attempt by id. */
    getAttempt(id: string): Promise<AttemptRecord | undefined> {
      return c.read('Reading an answer', (db) => db.get('attempts', id))
    },

    /** Attempts in time order (newest first by default), filtered. */
    listAttempts(query: AttemptQuery = {}): Promise<AttemptRecord[]> {
      const { from, to, pattern, limit = Infinity, order = 'newest' } = query
      if (limit <= 0) return Promise.resolve([])
      const keep = attemptFilter(query)
      return c.read('Reading your history', async (db) => {
        if (pattern !== undefined && from === undefined && to === undefined) {
          // One pattern over all time: its index reads a fifth of the store instead of walking every attempt.
          const rows = (await db.getAllFromIndex('attempts', 'byPattern', pattern)).filter(keep)
          // Same order as the byTime cursor: by time, ties by id in code-unit order (IndexedDB's key order).
          return sortByTime(rows, order).slice(0, limit)
        }
        if (limit === Infinity) {
          // Everything in range: one getAll request is several times faster than a cursor step per record.
          const rows = (await db.getAllFromIndex('attempts', 'byTime', timeRange(from, to))).filter(keep)
          return order === 'newest' ? rows.reverse() : rows
        }
        const out: AttemptRecord[] = []
        const index = db.transaction('attempts').store.index('byTime')
        let cursor = await index.openCursor(timeRange(from, to), order === 'newest' ? 'prev' : 'next')
        for (; cursor && out.length < limit; cursor = await cursor.continue())
          if (keep(cursor.value)) out.push(cursor.value)
        return out
      })
    },

    /** How many attempts are stored. */
    countAttempts(): Promise<number> {
      return c.read('Counting answers', (db) => db.count('attempts'))
    },
  }
}

/**
 * Rewrites every statistics shard from the attempts, and returns the rows. The rows are returned even when
 * the rewrite cannot be saved (a full disk): they are derived data, so the page is right, only slower.
 */
async function rebuildAttemptStats(db: Db): Promise<StatsRow[]> {
  const tx = db.transaction(['attempts', 'attemptStats'], 'readwrite')
  const attempts = await tx.objectStore('attempts').getAll()
  const shards = buildStatsShards(attempts)
  try {
    const stats = tx.objectStore('attemptStats')
    await stats.clear()
    await Promise.all([...shards.map((shard) => stats.put(shard)), tx.done])
  } catch {
    // The transaction rolled back: the old shards stay, and the next read tries again.
  }
  return shards.flatMap((s) => s.rows)
}

/** The `attemptStats` object store of a readwrite transaction, as putStatsRows uses it. */
interface StatsStore {
  get(shard: number): Promise<StatsShardRecord | undefined>
  put(record: StatsShardRecord): Promise<unknown>
}

/** Puts statistics rows into their shards (read, replace by id, write back), inside the caller's transaction. */
export async function putStatsRows(stats: StatsStore, rows: readonly StatsRow[]): Promise<void> {
  // One shard after another: an import's 100,000 rows are cloned a shard per task, not all in one long task.
  for (const [shard, group] of groupByShard(rows))
    await stats.put(withStatsRows(shard, await stats.get(shard), group))
}

/** An IDBKeyRange over timestamps, or undefined for "all". */
function timeRange(from?: Timestamp, to?: Timestamp): IDBKeyRange | undefined {
  if (from !== undefined && to !== undefined) return IDBKeyRange.bound(from, to)
  if (from !== undefined) return IDBKeyRange.lowerBound(from)
  if (to !== undefined) return IDBKeyRange.upperBound(to)
  return undefined
}
