// The Store in memory, for Node tests: the same contract as the IndexedDB store (store-contract.ts runs against
// both), with IndexedDB's rules for keys, indexes and copies (memory-table.ts). Writes run one at a time and are
// all or nothing (a failed one is rolled back); reads wait for the write before them, as IndexedDB's do.
import { StoreError, toStoreError } from './errors.ts'
import { MemoryTable, compareKeys, isValidKey, type Key } from './memory-table.ts'
import { assignmentProblem, resultProblem, type DamagedRecord } from './records.ts'
import {
  assertDamaged,
  assertNoSecrets,
  damagedOf,
  attemptFilter,
  mergeTotal,
  planMerge,
  runMerge,
  snapshotOf,
  sortByTime,
} from './rules.ts'
import {
  attemptSource,
  toStatsRow,
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

function newTables() {
  return {
    attempts: new MemoryTable<AttemptRecord>({
      keyPath: 'id',
      indexes: {
        byTime: { path: 'at' },
        byPattern: { path: 'question.label.pattern' },
        bySource: { path: 'source' },
      },
    }),
    settings: new MemoryTable<JsonValue>({}),
    clips: new MemoryTable<ClipRecord>({
      keyPath: 'id',
      indexes: {
        byCreated: { path: 'createdAt' },
        byOrigin: { path: 'origin' },
        bySha256: { path: 'sha256' },
      },
    }),
    cards: new MemoryTable<CardRecord>({
      keyPath: 'id',
      indexes: { byKey: { path: 'key', unique: true }, byDue: { path: 'card.due' } },
    }),
    assignments: new MemoryTable<AssignmentRecord>({
      keyPath: 'id',
      indexes: { byCreated: { path: 'createdAt' } },
    }),
    results: new MemoryTable<ResultRecord>({
      keyPath: 'id',
      indexes: { byAssignment: { path: 'assignmentId' } },
    }),
    outbox: new MemoryTable<OutboxRecord>({ keyPath: 'id', indexes: { byCreated: { path: 'createdAt' } } }),
  }
}
type Tables = ReturnType<typeof newTables>
type TableName = keyof Tables

/** A key range as IDBKeyRange.bound/lowerBound/upperBound checks it: bounds must be keys, lower ≤ upper. */
function timeRange(from?: Timestamp, to?: Timestamp): (k: Key) => boolean {
  for (const bound of [from, to])
    if (bound !== undefined && !isValidKey(bound))
      throw new DOMException('The time range bound is not a valid key', 'DataError')
  if (from !== undefined && to !== undefined && compareKeys(from, to) > 0)
    throw new DOMException('The time range is empty (from > to)', 'DataError')
  return (k) =>
    (from === undefined || compareKeys(k, from) >= 0) && (to === undefined || compareKeys(k, to) <= 0)
}

/** An empty Store kept in memory. `name` is what `store.name` says. */
export function createMemoryStore(name = 'memory'): Store {
  return new MemoryStore(name)
}

class MemoryStore implements Store {
  readonly name: string
  readonly backend = 'memory'
  readonly #tables: Tables = newTables()
  #open = true
  /** Writes run one after another, as IndexedDB runs readwrite transactions over the same stores. */
  #writes: Promise<unknown> = Promise.resolve()

  constructor(name: string) {
    this.name = name
  }

  get isOpen(): boolean {
    return this.#open
  }

  close(): void {
    this.#open = false
  }

  // --- attempts

  async addAttempt(attempt: Attempt): Promise<void> {
    const record: AttemptRecord = { ...attempt, source: attemptSource(attempt) }
    await this.#write('Saving your answer', ['attempts'], (t) => t.attempts.put(record))
  }

  recordAttempt(
    attempt: Attempt,
    update: (stored: readonly CardRecord[]) => readonly CardRecord[],
  ): Promise<CardRecord[]> {
    const record: AttemptRecord = { ...attempt, source: attemptSource(attempt) }
    return this.#write('Saving your answer', ['attempts', 'cards'], (t) => {
      const written = [...update(t.cards.all())]
      t.attempts.put(record)
      for (const card of written) t.cards.put(card)
      return written
    })
  }

  listAttemptStats(): Promise<StatsRow[]> {
    return this.#read('Reading your progress', (t) => sortByTime(t.attempts.all().map(toStatsRow), 'oldest'))
  }

  getAttempt(id: string): Promise<AttemptRecord | undefined> {
    return this.#read('Reading an answer', (t) => t.attempts.get(id))
  }

  listAttempts(query: AttemptQuery = {}): Promise<AttemptRecord[]> {
    const { from, to, limit = Infinity, order = 'newest' } = query
    if (limit <= 0) return Promise.resolve([])
    const keep = attemptFilter(query)
    return this.#read('Reading your history', (t) => {
      // The time index orders by time, ties by id: the same order as sortByTime.
      const accept = timeRange(from, to)
      return t.attempts.byIndex('byTime', { accept, keep, limit, reverse: order === 'newest' })
    })
  }

  countAttempts(): Promise<number> {
    return this.#read('Counting answers', (t) => t.attempts.size)
  }

  // --- clips

  async putClip(clip: ClipRecord): Promise<void> {
    await this.#write(`Saving the clip '${clip.name}'`, ['clips'], (t) => t.clips.put(clip))
  }

  getClip(id: string): Promise<ClipRecord | undefined> {
    return this.#read('Reading a clip', (t) => t.clips.get(id))
  }

  listClips(origin?: ClipOrigin): Promise<ClipRecord[]> {
    return this.#read('Listing clips', (t) =>
      origin === undefined
        ? t.clips.byIndex('byCreated')
        : t.clips.byIndex('byOrigin', { accept: (k) => k === origin }),
    )
  }

  findClipBySha256(sha256: string): Promise<ClipRecord | undefined> {
    return this.#read(
      'Looking up a clip',
      (t) => t.clips.byIndex('bySha256', { accept: (k) => k === sha256 })[0],
    )
  }

  async deleteClip(id: string): Promise<void> {
    await this.#write('Deleting a clip', ['clips'], (t) => t.clips.delete(id))
  }

  // --- review cards

  async putCard(card: CardRecord): Promise<void> {
    await this.#write('Saving a review card', ['cards'], (t) => t.cards.put(card))
  }

  getCard(id: string): Promise<CardRecord | undefined> {
    return this.#read('Reading a review card', (t) => t.cards.get(id))
  }

  getCardByKey(key: string): Promise<CardRecord | undefined> {
    return this.#read(
      'Reading a review card',
      (t) => t.cards.byIndex('byKey', { accept: (k) => k === key })[0],
    )
  }

  listDueCards(now: Timestamp, limit?: number): Promise<CardRecord[]> {
    return this.#read('Reading due reviews', (t) => {
      // As IDBObjectStore.getAll: a count of 0 (or none) means all.
      return t.cards.byIndex('byDue', { accept: timeRange(undefined, now), limit: limit || Infinity })
    })
  }

  listCards(): Promise<CardRecord[]> {
    return this.#read('Reading review cards', (t) => t.cards.all())
  }

  async deleteCard(id: string): Promise<void> {
    await this.#write('Deleting a review card', ['cards'], (t) => t.cards.delete(id))
  }

  // --- settings

  getSetting(key: string): Promise<JsonValue | undefined> {
    return this.#read('Reading a setting', (t) => t.settings.get(key))
  }

  async setSetting(key: string, value: JsonValue): Promise<void> {
    await this.#write('Saving a setting', ['settings'], (t) => t.settings.put(value, key))
  }

  async deleteSetting(key: string): Promise<void> {
    await this.#write('Removing a setting', ['settings'], (t) => t.settings.delete(key))
  }

  listSettings(): Promise<SettingRecord[]> {
    return this.#read('Reading settings', (t) => settingsOf(t))
  }

  // --- assignments and results

  async putAssignment(assignment: AssignmentRecord): Promise<void> {
    await this.#write('Saving the assignment', ['assignments'], (t) => t.assignments.put(assignment))
  }

  getAssignment(id: string): Promise<AssignmentRecord | undefined> {
    return this.#read('Reading an assignment', (t) => {
      const r = t.assignments.get(id)
      return r && assignmentProblem(r) === null ? r : undefined
    })
  }

  listAssignments(): Promise<AssignmentRecord[]> {
    return this.#read('Listing assignments', (t) =>
      t.assignments.byIndex('byCreated').filter((r) => assignmentProblem(r) === null),
    )
  }

  listDamaged(): Promise<DamagedRecord[]> {
    return this.#read('Checking stored assignments', (t) => damagedOf(t.assignments.all(), t.results.all()))
  }

  async deleteDamaged(which: Pick<DamagedRecord, 'store' | 'id'>): Promise<void> {
    if (which.store !== 'assignments' && which.store !== 'results')
      throw toStoreError(
        new DOMException(`No store '${String(which.store)}'`, 'NotFoundError'),
        'Deleting a damaged record',
      )
    await this.#write('Deleting a damaged record', [which.store], (t) => {
      const table = t[which.store] as MemoryTable<AssignmentRecord | ResultRecord>
      const r = table.get(which.id)
      if (!r) return
      assertDamaged(which, r)
      table.delete(which.id)
    })
  }

  async deleteAssignment(id: string): Promise<void> {
    await this.#write('Deleting an assignment', ['assignments', 'results'], (t) => {
      t.assignments.delete(id)
      for (const r of t.results.byIndex('byAssignment', { accept: (k) => k === id })) t.results.delete(r.id)
    })
  }

  async putResult(result: ResultRecord): Promise<void> {
    await this.#write('Saving results', ['results'], (t) => t.results.put(result))
  }

  listResults(assignmentId?: string): Promise<ResultRecord[]> {
    return this.#read('Reading results', (t) =>
      (assignmentId === undefined
        ? t.results.all()
        : t.results.byIndex('byAssignment', { accept: (k) => k === assignmentId })
      ).filter((r) => resultProblem(r) === null),
    )
  }

  // --- outbox

  async putOutbox(item: OutboxRecord): Promise<void> {
    assertNoSecrets(item)
    await this.#write('Queueing the request to the model', ['outbox'], (t) => t.outbox.put(item))
  }

  listOutbox(): Promise<OutboxRecord[]> {
    return this.#read('Reading queued requests', (t) => t.outbox.byIndex('byCreated'))
  }

  async deleteOutbox(id: string): Promise<void> {
    await this.#write('Removing a queued request', ['outbox'], (t) => t.outbox.delete(id))
  }

  // --- backup support

  snapshot(): Promise<StoreSnapshot> {
    return this.#read('Reading your data for the backup', (t) =>
      snapshotOf({
        attempts: t.attempts.all(),
        clips: t.clips.all(),
        cards: t.cards.all(),
        settings: settingsOf(t),
        assignments: t.assignments.all(),
        results: t.results.all(),
      }),
    )
  }

  merge(data: StoreSnapshot, onProgress?: (done: number, total: number) => void): Promise<MergeCounts> {
    return this.#write('Importing the backup', SNAPSHOT_PARTS, async (t) => {
      const ids = (table: MemoryTable<unknown>) => new Set(table.keys().map(String))
      const plan = planMerge(data, {
        attempts: ids(t.attempts),
        clips: ids(t.clips),
        cards: ids(t.cards),
        cardKeys: new Set(t.cards.all().map((c) => c.key)),
        settings: ids(t.settings),
        assignments: ids(t.assignments),
        results: ids(t.results),
      })
      const addBatch = <P extends SnapshotPart>(part: P, records: StoreSnapshot[P]) => {
        for (const r of records)
          if (part === 'settings') t.settings.add((r as SettingRecord).value, (r as SettingRecord).key)
          else (t[part] as MemoryTable<unknown>).add(r)
      }
      return runMerge(plan, mergeTotal(data), addBatch, onProgress)
    })
  }

  // --- plumbing

  #check(context: string): void {
    if (!this.#open) throw new StoreError('unknown', `${context}: the database is closed`)
  }

  /** Runs `fn` once the writes queued before it are done. */
  async #read<T>(context: string, fn: (t: Tables) => T): Promise<T> {
    this.#check(context)
    await this.#writes
    try {
      return fn(this.#tables)
    } catch (error) {
      throw toStoreError(error, context)
    }
  }

  /** Runs `fn` after the writes queued before it; if it fails, what it changed in `names` is rolled back. */
  async #write<T>(
    context: string,
    names: readonly TableName[],
    fn: (t: Tables) => T | Promise<T>,
  ): Promise<T> {
    this.#check(context)
    const run = async () => {
      const tables = names.map((n) => this.#tables[n])
      for (const table of tables) table.begin()
      try {
        const result = await fn(this.#tables)
        for (const table of tables) table.commit()
        return result
      } catch (error) {
        for (const table of tables) table.rollback()
        throw toStoreError(error, context)
      }
    }
    const done = this.#writes.then(run)
    this.#writes = done.catch(() => {})
    return done
  }
}

function settingsOf(t: Tables): SettingRecord[] {
  return t.settings.entries().map(([key, value]) => ({ key: key as string, value }))
}
