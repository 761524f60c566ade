import { deleteDB, type IDBPDatabase, type IDBPTransaction } from 'idb'
import { StoreError, toStoreError } from './errors.ts'
import { DB_VERSION, openDatabase } from './migrations.ts'
import { assignmentProblem, damaged, resultProblem, type DamagedRecord } from './records.ts'
import {
  assertNoSecrets,
  attemptFilter,
  mergeTotal,
  planMerge,
  runMerge,
  snapshotOf,
  sortByTime,
} from './rules.ts'
import {
  attemptSource,
  buildStatsShards,
  DEFAULT_DB_NAME,
  groupByShard,
  toStatsRow,
  withStatsRows,
  type AssignmentRecord,
  type AttemptRecord,
  type CardRecord,
  type ClipOrigin,
  type ClipRecord,
  type JsonValue,
  type OutboxRecord,
  type ResultRecord,
  type SettingRecord,
  type StatsRow,
  type StatsShardRecord,
  type StoreName,
  type WushengDB,
} from './schema.ts'
import {
  SNAPSHOT_PARTS,
  type AttemptQuery,
  type MergeCounts,
  type SnapshotPart,
  type Store,
  type StoreSnapshot,
} from './store.ts'
import type { Attempt } from '../tutor/types.ts'
import type { Timestamp } from '../theory/units.ts'

export interface OpenStoreOptions {
  /** Another tab still has an older version open: this open waits until it closes (ask the user to close it). */
  readonly onBlocked?: () => void
  /** Another tab opened a newer version: this store has closed itself; ask the user to reload. */
  readonly onVersionChange?: () => void
  /**
   * Give up after this many ms when the open stays blocked, rejecting with StoreError kind 'blocked'.
   * Default: wait (the open completes as soon as the other tab closes).
   */
  readonly blockedTimeout?: number
  /** The browser closed the database (site data cleared, disk failure): later calls fail; ask for a reload. */
  readonly onTerminated?: () => void
  /**
   * The IndexedDB to use: the page's by default. A Storage Bucket's (`(await navigator.storageBuckets.open(n,
   * { quota, persisted })).indexedDB`) gives the data its own quota and eviction policy.
   */
  readonly factory?: IDBFactory
}

/** Opens (creating or migrating) the app's database. Rejects with a StoreError ('version' when it is newer). */
export async function openStore(
  name: string = DEFAULT_DB_NAME,
  options: OpenStoreOptions = {},
): Promise<Store> {
  // The callbacks fire only after open() resolved, by which time `ref.store` is set.
  const ref: { store?: IdbStore } = {}
  let timer: ReturnType<typeof setTimeout> | undefined
  let gaveUp = false
  const opening = openDatabase(name, DB_VERSION, {
    blocked: () => options.onBlocked?.(),
    blocking: () => ref.store?.closeForVersionChange(),
    terminated: () => ref.store?.markTerminated(),
    factory: options.factory,
  })
  const blockedFor = options.blockedTimeout
  if (blockedFor === undefined) {
    ref.store = new IdbStore(await opening, options)
    return ref.store
  }
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      gaveUp = true
      reject(
        new StoreError(
          'blocked',
          'Another Wusheng tab with an older version is still open. Close the other tabs, then reload this one.',
        ),
      )
    }, blockedFor)
  })
  // If we gave up, the open may still complete later (when the other tab closes): close it at once.
  opening.then((db) => gaveUp && db.close()).catch(() => {})
  try {
    ref.store = new IdbStore(await Promise.race([opening, timeout]), options)
    return ref.store
  } finally {
    clearTimeout(timer)
  }
}

/** Deletes the whole database (the "erase all my data" button, and tests). */
export async function deleteDatabase(name: string = DEFAULT_DB_NAME, onBlocked?: () => void): Promise<void> {
  try {
    await deleteDB(name, { blocked: () => onBlocked?.() })
  } catch (error) {
    throw toStoreError(error, `Deleting the database '${name}'`)
  }
}

type Db = IDBPDatabase<WushengDB>
type Status = 'open' | 'version-change' | 'terminated' | 'closed'

/** The Store over IndexedDB. */
class IdbStore implements Store {
  readonly #db: Db
  readonly #options: OpenStoreOptions
  #status: Status = 'open'

  /** Use openStore(). */
  constructor(db: Db, options: OpenStoreOptions = {}) {
    this.#db = db
    this.#options = options
  }

  /** The database name. */
  get name(): string {
    return this.#db.name
  }

  /** False once closed (by close(), another tab's upgrade, or the browser). */
  get isOpen(): boolean {
    return this.#status === 'open'
  }

  /** Closes the connection; later calls throw. */
  close(): void {
    if (this.#status === 'open') this.#db.close()
    this.#status = 'closed'
  }

  /** @internal Another tab wants a newer version: step aside so it is not blocked, then tell the app. */
  closeForVersionChange(): void {
    if (this.#status !== 'open') return
    this.#db.close()
    this.#status = 'version-change'
    this.#options.onVersionChange?.()
  }

  /** @internal The browser closed the connection abnormally (site data cleared, disk failure). */
  markTerminated(): void {
    this.#status = 'terminated'
    this.#options.onTerminated?.()
  }

  // --- attempts -----------------------------------------------------------------------------------------

  /** Stores an answered question (same id replaces it), and its statistics row in the same transaction. */
  async addAttempt(attempt: Attempt): Promise<void> {
    const record: AttemptRecord = { ...attempt, source: attemptSource(attempt) }
    await this.#write('Saving your answer', ['attempts', 'attemptStats'], async (tx) => {
      const put = tx.objectStore('attempts').put(record)
      await Promise.all([put, putStatsRows(tx.objectStore('attemptStats'), [toStatsRow(record)])])
    })
  }

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
    return this.#write('Saving your answer', ['attempts', 'attemptStats', 'cards'], async (tx) => {
      const cards = tx.objectStore('cards')
      // Sync between the read and the writes: no other transaction on 'cards' can run in between.
      const written = [...update(await cards.getAll())]
      await Promise.all([
        tx.objectStore('attempts').put(record),
        putStatsRows(tx.objectStore('attemptStats'), [toStatsRow(record)]),
        ...written.map((c) => cards.put(c)),
      ])
      return written
    })
  }

  /**
   * What the Progress page needs of every attempt (its StatsRow), oldest first, ties by id (as listAttempts
   * orders them): a few sharded records instead of every full attempt. Should the rows not match the attempts
   * (records written around the Store), they are rebuilt from the attempts first.
   */
  listAttemptStats(): Promise<StatsRow[]> {
    return this.#read('Reading your progress', async (db) => {
      const tx = db.transaction(['attempts', 'attemptStats'])
      const [count, shards] = await Promise.all([
        tx.objectStore('attempts').count(),
        tx.objectStore('attemptStats').getAll(),
      ])
      let rows = shards.flatMap((s) => s.rows)
      if (rows.length !== count) rows = await this.#rebuildAttemptStats(db)
      return sortByTime(rows, 'oldest')
    })
  }

  /**
   * Rewrites every statistics shard from the attempts, and returns the rows. The rows are returned even when
   * the rewrite cannot be saved (a full disk): they are derived data, so the page is right, only slower.
   */
  async #rebuildAttemptStats(db: Db): Promise<StatsRow[]> {
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

  /** One attempt by id. */
  getAttempt(id: string): Promise<AttemptRecord | undefined> {
    return this.#read('Reading an answer', (db) => db.get('attempts', id))
  }

  /** Attempts in time order (newest first by default), filtered. */
  listAttempts(query: AttemptQuery = {}): Promise<AttemptRecord[]> {
    const { from, to, pattern, limit = Infinity, order = 'newest' } = query
    if (limit <= 0) return Promise.resolve([])
    const keep = attemptFilter(query)
    return this.#read('Reading your history', async (db) => {
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
  }

  /** How many attempts are stored. */
  countAttempts(): Promise<number> {
    return this.#read('Counting answers', (db) => db.count('attempts'))
  }

  // --- clips --------------------------------------------------------------------------------------------

  /** Stores a clip with its audio (same id replaces it). */
  async putClip(clip: ClipRecord): Promise<void> {
    await this.#write(`Saving the clip '${clip.name}'`, 'clips', (tx) => tx.objectStore('clips').put(clip))
  }

  /** One clip with its audio Blob. */
  getClip(id: string): Promise<ClipRecord | undefined> {
    return this.#read('Reading a clip', (db) => db.get('clips', id))
  }

  /** Clips, oldest first, optionally of one origin. */
  listClips(origin?: ClipOrigin): Promise<ClipRecord[]> {
    return this.#read('Listing clips', (db) =>
      origin === undefined
        ? db.getAllFromIndex('clips', 'byCreated')
        : db.getAllFromIndex('clips', 'byOrigin', origin),
    )
  }

  /** A clip with these exact bytes, if one is stored (its sha256 was recorded). */
  findClipBySha256(sha256: string): Promise<ClipRecord | undefined> {
    return this.#read('Looking up a clip', (db) => db.getFromIndex('clips', 'bySha256', sha256))
  }

  /** Deletes a clip (attempts that point to it keep their record, without audio). */
  async deleteClip(id: string): Promise<void> {
    await this.#write('Deleting a clip', 'clips', (tx) => tx.objectStore('clips').delete(id))
  }

  // --- review cards -------------------------------------------------------------------------------------

  /** Stores a review card (same id replaces it; a different id with the same key is refused). */
  async putCard(card: CardRecord): Promise<void> {
    await this.#write('Saving a review card', 'cards', (tx) => tx.objectStore('cards').put(card))
  }

  /** One card by id. */
  getCard(id: string): Promise<CardRecord | undefined> {
    return this.#read('Reading a review card', (db) => db.get('cards', id))
  }

  /** The card for a key such as 'confusion:yu>shang' or 'clip:<id>'. */
  getCardByKey(key: string): Promise<CardRecord | undefined> {
    return this.#read('Reading a review card', (db) => db.getFromIndex('cards', 'byKey', key))
  }

  /** Cards due at or before `now`, soonest first. */
  listDueCards(now: Timestamp, limit?: number): Promise<CardRecord[]> {
    return this.#read('Reading due reviews', (db) =>
      db.getAllFromIndex('cards', 'byDue', IDBKeyRange.upperBound(now), limit),
    )
  }

  /** Every card. */
  listCards(): Promise<CardRecord[]> {
    return this.#read('Reading review cards', (db) => db.getAll('cards'))
  }

  /** Deletes a card. */
  async deleteCard(id: string): Promise<void> {
    await this.#write('Deleting a review card', 'cards', (tx) => tx.objectStore('cards').delete(id))
  }

  // --- settings -----------------------------------------------------------------------------------------

  /** A setting's value, or undefined. The caller knows (and should check) its shape. */
  getSetting(key: string): Promise<JsonValue | undefined> {
    return this.#read('Reading a setting', (db) => db.get('settings', key))
  }

  /** Sets a setting (the model API key included: it stays on this device). */
  async setSetting(key: string, value: JsonValue): Promise<void> {
    await this.#write('Saving a setting', 'settings', (tx) => tx.objectStore('settings').put(value, key))
  }

  /** Removes a setting. */
  async deleteSetting(key: string): Promise<void> {
    await this.#write('Removing a setting', 'settings', (tx) => tx.objectStore('settings').delete(key))
  }

  /** Every setting, secrets included (backups filter them out). */
  listSettings(): Promise<SettingRecord[]> {
    return this.#read('Reading settings', async (db) => {
      const tx = db.transaction('settings')
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()])
      return keys.map((key, i) => ({ key, value: values[i] }))
    })
  }

  // --- assignments and results (issue 6) ----------------------------------------------------------------

  /** Stores an assignment pack record (same id replaces it). */
  async putAssignment(assignment: AssignmentRecord): Promise<void> {
    await this.#write('Saving the assignment', 'assignments', (tx) =>
      tx.objectStore('assignments').put(assignment),
    )
  }

  /** One assignment; undefined when it is missing or damaged (see listDamaged). */
  getAssignment(id: string): Promise<AssignmentRecord | undefined> {
    return this.#read('Reading an assignment', async (db) => {
      const r = await db.get('assignments', id)
      return r && assignmentProblem(r) === null ? r : undefined
    })
  }

  /** Assignments, oldest first. Damaged records are left out: listDamaged lists them. */
  listAssignments(): Promise<AssignmentRecord[]> {
    return this.#read('Listing assignments', async (db) =>
      (await db.getAllFromIndex('assignments', 'byCreated')).filter((r) => assignmentProblem(r) === null),
    )
  }

  /**
   * Stored assignments and results that fail the checks the app reads them with (written by an older or a
   * buggy version, or edited by hand): kept out of every list so no page breaks, listed here to export or delete.
   */
  listDamaged(): Promise<DamagedRecord[]> {
    return this.#read('Checking stored assignments', async (db) => {
      const tx = db.transaction(['assignments', 'results'])
      const [assignments, results] = await Promise.all([
        tx.objectStore('assignments').getAll(),
        tx.objectStore('results').getAll(),
      ])
      const out: DamagedRecord[] = []
      for (const r of assignments) {
        const problem = assignmentProblem(r)
        if (problem !== null) out.push(damaged('assignments', r, problem))
      }
      for (const r of results) {
        const problem = resultProblem(r)
        if (problem !== null) out.push(damaged('results', r, problem))
      }
      return out
    })
  }

  /** Deletes one damaged record (only a record that is damaged: a good one is refused). */
  async deleteDamaged(which: Pick<DamagedRecord, 'store' | 'id'>): Promise<void> {
    await this.#write('Deleting a damaged record', which.store, async (tx) => {
      const os = tx.objectStore(which.store)
      const r = await os.get(which.id)
      if (!r) return
      const problem =
        which.store === 'assignments'
          ? assignmentProblem(r as AssignmentRecord)
          : resultProblem(r as ResultRecord)
      if (problem === null)
        throw new StoreError(
          'invalid',
          `The ${which.store} record '${which.id}' is not damaged: not deleted.`,
        )
      await os.delete(which.id)
    })
  }

  /** Deletes an assignment and its results in one transaction. */
  async deleteAssignment(id: string): Promise<void> {
    await this.#write('Deleting an assignment', ['assignments', 'results'], async (tx) => {
      await tx.objectStore('assignments').delete(id)
      const results = tx.objectStore('results')
      for (const key of await results.index('byAssignment').getAllKeys(id)) await results.delete(key)
    })
  }

  /** Stores an imported results record (same id replaces it). */
  async putResult(result: ResultRecord): Promise<void> {
    await this.#write('Saving results', 'results', (tx) => tx.objectStore('results').put(result))
  }

  /** Results, of one assignment or all. Damaged records are left out: listDamaged lists them. */
  listResults(assignmentId?: string): Promise<ResultRecord[]> {
    return this.#read('Reading results', async (db) =>
      (assignmentId === undefined
        ? await db.getAll('results')
        : await db.getAllFromIndex('results', 'byAssignment', assignmentId)
      ).filter((r) => resultProblem(r) === null),
    )
  }

  // --- outbox (queued model requests) -------------------------------------------------------------------

  /** Queues (or updates) a model request. Refuses a settings snapshot that carries a secret. */
  async putOutbox(item: OutboxRecord): Promise<void> {
    assertNoSecrets(item)
    await this.#write('Queueing the request to the model', 'outbox', (tx) =>
      tx.objectStore('outbox').put(item),
    )
  }

  /** Queued requests, oldest first. */
  listOutbox(): Promise<OutboxRecord[]> {
    return this.#read('Reading queued requests', (db) => db.getAllFromIndex('outbox', 'byCreated'))
  }

  /** Removes a request (sent, or dropped by the user). */
  async deleteOutbox(id: string): Promise<void> {
    await this.#write('Removing a queued request', 'outbox', (tx) => tx.objectStore('outbox').delete(id))
  }

  // --- backup support -----------------------------------------------------------------------------------

  /** Everything a backup holds, read in one transaction so it is consistent. Secret settings are left out. */
  snapshot(): Promise<StoreSnapshot> {
    return this.#read('Reading your data for the backup', async (db) => {
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
  }

  /**
   * Adds every record whose id (setting key; card id or card key) is not stored yet, in ONE transaction: either
   * all of it is written or, on any failure (quota), none of it. Existing records are never overwritten.
   */
  merge(data: StoreSnapshot, onProgress?: (done: number, total: number) => void): Promise<MergeCounts> {
    return this.#write('Importing the backup', [...SNAPSHOT_PARTS, 'attemptStats'], async (tx) => {
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
        (keys, i) => new Set<string>(i === 3 ? (keys as CardRecord[]).map((c) => c.key) : (keys as string[])),
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
  }

  // --- plumbing -----------------------------------------------------------------------------------------

  #check(context: string): void {
    if (this.#status === 'version-change')
      throw new StoreError(
        'version',
        `${context}: Wusheng was updated in another tab, so this tab stopped saving. Reload the page.`,
      )
    if (this.#status === 'terminated')
      throw new StoreError(
        'unknown',
        `${context}: the browser closed the database (was site data cleared?). Reload.`,
      )
    if (this.#status !== 'open') throw new StoreError('unknown', `${context}: the database is closed`)
  }

  async #read<T>(context: string, fn: (db: Db) => Promise<T>): Promise<T> {
    this.#check(context)
    try {
      return await fn(this.#db)
    } catch (error) {
      throw toStoreError(error, context)
    }
  }

  /**
   * Runs `fn` in one readwrite transaction and resolves only once it has COMMITTED: a quota failure shows up at
   * commit, and then the whole transaction is rolled back, so nothing stored before is lost.
   */
  async #write<N extends StoreName, T>(
    context: string,
    stores: N | readonly N[],
    fn: (tx: WriteTx<N>) => Promise<T>,
  ): Promise<T> {
    this.#check(context)
    const tx = this.#db.transaction(typeof stores === 'string' ? [stores] : [...stores], 'readwrite')
    try {
      const work = fn(tx).catch((error: unknown) => {
        // A throw in our own code does not abort a transaction by itself: abort, so it is all or nothing.
        try {
          tx.abort()
        } catch {
          // Already aborted by the failed request.
        }
        throw error
      })
      const [result] = await Promise.all([work, tx.done])
      return result
    } catch (error) {
      // After an abort, tx.error holds the real cause (QuotaExceededError); a request's own error otherwise.
      throw toStoreError(tx.error ?? error, context)
    }
  }
}

type WriteTx<N extends StoreName> = IDBPTransaction<WushengDB, N[], 'readwrite'>

/** The `attemptStats` object store of a readwrite transaction, as putStatsRows uses it. */
interface StatsStore {
  get(shard: number): Promise<StatsShardRecord | undefined>
  put(record: StatsShardRecord): Promise<unknown>
}

/** Puts statistics rows into their shards (read, replace by id, write back), inside the caller's transaction. */
async function putStatsRows(stats: StatsStore, rows: readonly StatsRow[]): Promise<void> {
  // One shard after another: an import's 100,000 rows are cloned a shard per task, not all in one long task.
  for (const [shard, group] of groupByShard(rows))
    await stats.put(withStatsRows(shard, await stats.get(shard), group))
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

/** An IDBKeyRange over timestamps, or undefined for "all". */
function timeRange(from?: Timestamp, to?: Timestamp): IDBKeyRange | undefined {
  if (from !== undefined && to !== undefined) return IDBKeyRange.bound(from, to)
  if (from !== undefined) return IDBKeyRange.lowerBound(from)
  if (to !== undefined) return IDBKeyRange.upperBound(to)
  return undefined
}
