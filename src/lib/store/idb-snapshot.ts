// The Store's backup support over IndexedDB: a consistent snapshot, and a merge in one transaction.
import type { IdbConnection } from './idb-connection.ts'
import { putStatsRows } from './idb-attempts.ts'
import { mergeTotal, planMerge, runMerge, snapshotOf } from './rules.ts'
import { toStatsRow, type CardRecord, type SettingRecord } from './schema.ts'
import {
  SNAPSHOT_PARTS,
  type MergeCounts,
  type SnapshotPart,
  type Store,
  type StoreSnapshot,
} from './store.ts'

/** The snapshot and merge methods of a Store over `c`. */
export function snapshotMethods(c: IdbConnection): Pick<Store, 'snapshot' | 'merge'> {
  return {
    /** Everything a backup holds, read in one transaction so it is consistent. Secret settings are left out. */
    snapshot(): Promise<StoreSnapshot> {
      return c.read('Reading your data for the backup', async (db) => {
        const tx = db.transaction(['attempts', 'clips', 'cards', 'settings', 'assignments', 'results'])
        const [attempts, clips, cards, settingKeys, settingValues, assignments, results] = await Promise.all([
          tx.objectStore('attempts').getAll(),
          tx.objectStore('clips').getAll(),
          tx.objectStore('cards').getAll(),
          tx.objectStore('settings').getAllKeys(),
          tx.objectStore('settings').getAll(),
          tx.objectStore('assignments').getAll(),
          tx.objectStore('results').getAll(),
        ])
        return snapshotOf({
          attempts,
          clips,
          cards,
          settings: settingKeys.map((key, i) => ({ key, value: settingValues[i] })),
          assignments,
          results,
        })
      })
    },

    /**
     * Adds every record whose id (setting key; card id or card key) is not stored yet, in ONE transaction: either
     * all of it is written or, on any failure (quota), none of it. Existing records are never overwritten.
     */
    merge(data: StoreSnapshot, onProgress?: (done: number, total: number) => void): Promise<MergeCounts> {
      return c.write('Importing the backup', [...SNAPSHOT_PARTS, 'attemptStats'], async (tx) => {
        const os = <N extends SnapshotPart>(n: N) => tx.objectStore(n)
        // What is stored already, by key: one request per store instead of one lookup per record.
        const [attempts, clips, cards, cardKeys, settings, assignments, results] = (
          await Promise.all([
            os('attempts').getAllKeys(),
            os('clips').getAllKeys(),
            os('cards').getAllKeys(),
            os('cards').index('byKey').getAll(),
            os('settings').getAllKeys(),
            os('assignments').getAllKeys(),
            os('results').getAllKeys(),
          ])
        ).map(
          (keys, i) =>
            new Set<string>(i === 3 ? (keys as CardRecord[]).map((card) => card.key) : (keys as string[])),
        )
        const plan = planMerge(data, { attempts, clips, cards, cardKeys, settings, assignments, results })
        // Requests go out in batches: within a batch they run without a round trip each; between batches the
        // page gets to paint and answer input (the transaction stays open while a request is pending).
        const addBatch = async <P extends SnapshotPart>(part: P, records: StoreSnapshot[P]) => {
          if (part === 'settings')
            await issueAll(records as readonly SettingRecord[], (r) => os('settings').add(r.value, r.key))
          else await issueAll(records as readonly { id: string }[], (r) => os(part).add(r as never))
        }
        const addStatsRows = async (part: SnapshotPart) => {
          if (part === 'attempts')
            await putStatsRows(tx.objectStore('attemptStats'), plan.attempts.fresh.map(toStatsRow))
        }
        return runMerge(plan, mergeTotal(data), addBatch, onProgress, addStatsRows)
      })
    },
  }
}

/**
 * Starts one request per item and awaits them all. If starting one throws (a full disk can throw at once), the
 * requests already started are marked handled: they reject with AbortError when the transaction aborts.
 */
async function issueAll<T, R>(items: readonly T[], start: (item: T) => Promise<R>): Promise<R[]> {
  const pending: Promise<R>[] = []
  try {
    for (const item of items) pending.push(start(item))
  } catch (error) {
    for (const p of pending) p.catch(() => {})
    throw error
  }
  return Promise.all(pending)
}
