// The Store contract: what the app reads and writes, whatever keeps it. `openStore()` (idb-store.ts) keeps it in
// IndexedDB; `createMemoryStore()` (memory-store.ts) keeps it in memory for Node tests. Both pass the tests of
// store-contract.ts.
import type { DamagedRecord } from './records.ts'
import type {
  AssignmentRecord,
  AttemptRecord,
  AttemptSource,
  CardRecord,
  ClipOrigin,
  ClipRecord,
  JsonValue,
  OutboxRecord,
  ResultRecord,
  SettingRecord,
  StatsRow,
} from './schema.ts'
import type { Attempt } from '../tutor/types.ts'
import type { Pattern } from '../theory/tones.ts'
import type { Timestamp } from '../theory/units.ts'

/** What a backup holds: every store except the outbox (pending requests are device-local) and secret settings. */
export interface StoreSnapshot {
  readonly attempts: readonly AttemptRecord[]
  readonly clips: readonly ClipRecord[]
  readonly cards: readonly CardRecord[]
  readonly settings: readonly SettingRecord[]
  readonly assignments: readonly AssignmentRecord[]
  readonly results: readonly ResultRecord[]
}
export type SnapshotPart = keyof StoreSnapshot
export const SNAPSHOT_PARTS: readonly SnapshotPart[] = Object.freeze([
  'attempts',
  'clips',
  'cards',
  'settings',
  'assignments',
  'results',
])

/** Per store: records written, and records left alone because the same id (or card key, or setting) exists. */
export type MergeCounts = Record<SnapshotPart, { added: number; skipped: number }>

/** Filters for the history page. All optional; `from`/`to` are inclusive timestamps. */
export interface AttemptQuery {
  readonly from?: Timestamp
  readonly to?: Timestamp
  readonly pattern?: Pattern
  readonly correct?: boolean
  readonly source?: AttemptSource
  /** At most this many, after filtering. */
  readonly limit?: number
  /** Default 'newest' first. */
  readonly order?: 'newest' | 'oldest'
}

/**
 * The app's persistence: typed reads and writes. Every failure is a StoreError. Records are copied in and out
 * (structured clone): changing a returned record never changes what is stored.
 */
export interface Store {
  /** The database name. */
  readonly name: string
  /**
   * Where the records live: the page's IndexedDB (which a worker can open by the name, so a backup import writes
   * there off the main thread) or this object's memory (tests, Node).
   */
  readonly backend: 'indexeddb' | 'memory'
  /** False once closed (by close(), another tab's upgrade, or the browser). */
  readonly isOpen: boolean
  /** Closes the store; later calls throw. */
  close(): void

  // --- attempts

  /** Stores an answered question (same id replaces it), and its statistics row with it. */
  addAttempt(attempt: Attempt): Promise<void>
  /**
   * Stores an attempt and updates the review cards it touches in ONE transaction: `update` gets the cards as
   * stored at that moment (another tab may have changed them since this one read them) and returns the cards
   * to write. Two tabs answering at once therefore never overwrite each other's reviews. Returns what was
   * written, so the caller can refresh its copy.
   */
  recordAttempt(
    attempt: Attempt,
    update: (stored: readonly CardRecord[]) => readonly CardRecord[],
  ): Promise<CardRecord[]>
  /** What the Progress page needs of every attempt (its StatsRow), oldest first, ties by id. */
  listAttemptStats(): Promise<StatsRow[]>
  /** One attempt by id. */
  getAttempt(id: string): Promise<AttemptRecord | undefined>
  /** Attempts in time order (newest first by default), ties by id, filtered. */
  listAttempts(query?: AttemptQuery): Promise<AttemptRecord[]>
  /** How many attempts are stored. */
  countAttempts(): Promise<number>

  // --- clips

  /** Stores a clip with its audio (same id replaces it). */
  putClip(clip: ClipRecord): Promise<void>
  /** One clip with its audio Blob. */
  getClip(id: string): Promise<ClipRecord | undefined>
  /** Clips, oldest first (ties by id); of one origin, by id. */
  listClips(origin?: ClipOrigin): Promise<ClipRecord[]>
  /** A clip with these exact bytes, if one is stored (its sha256 was recorded). */
  findClipBySha256(sha256: string): Promise<ClipRecord | undefined>
  /** Deletes a clip (attempts that point to it keep their record, without audio). */
  deleteClip(id: string): Promise<void>

  // --- review cards

  /** Stores a review card (same id replaces it; a different id with the same key is refused). */
  putCard(card: CardRecord): Promise<void>
  /** One card by id. */
  getCard(id: string): Promise<CardRecord | undefined>
  /** The card for a key such as 'confusion:yu>shang' or 'clip:<id>'. */
  getCardByKey(key: string): Promise<CardRecord | undefined>
  /** Cards due at or before `now`, soonest first. */
  listDueCards(now: Timestamp, limit?: number): Promise<CardRecord[]>
  /** Every card, by id. */
  listCards(): Promise<CardRecord[]>
  /** Deletes a card. */
  deleteCard(id: string): Promise<void>

  // --- settings

  /** A setting's value, or undefined. The caller knows (and should check) its shape. */
  getSetting(key: string): Promise<JsonValue | undefined>
  /** Sets a setting (the model API key included: it stays on this device). */
  setSetting(key: string, value: JsonValue): Promise<void>
  /** Removes a setting. */
  deleteSetting(key: string): Promise<void>
  /** Every setting, by key, secrets included (backups filter them out). */
  listSettings(): Promise<SettingRecord[]>

  // --- assignments and results

  /** Stores an assignment pack record (same id replaces it). */
  putAssignment(assignment: AssignmentRecord): Promise<void>
  /** One assignment; undefined when it is missing or damaged (see listDamaged). */
  getAssignment(id: string): Promise<AssignmentRecord | undefined>
  /** Assignments, oldest first. Damaged records are left out: listDamaged lists them. */
  listAssignments(): Promise<AssignmentRecord[]>
  /**
   * Stored assignments and results that fail the checks the app reads them with (written by an older or a
   * buggy version, or edited by hand): kept out of every list so no page breaks, listed here to export or delete.
   */
  listDamaged(): Promise<DamagedRecord[]>
  /** Deletes one damaged record (only a record that is damaged: a good one is refused). */
  deleteDamaged(which: Pick<DamagedRecord, 'store' | 'id'>): Promise<void>
  /** Deletes an assignment and its results together. */
  deleteAssignment(id: string): Promise<void>
  /** Stores an imported results record (same id replaces it). */
  putResult(result: ResultRecord): Promise<void>
  /** Results, of one assignment or all, by id. Damaged records are left out: listDamaged lists them. */
  listResults(assignmentId?: string): Promise<ResultRecord[]>

  // --- outbox (queued model requests)

  /** Queues (or updates) a model request. Refuses a settings snapshot that carries a secret. */
  putOutbox(item: OutboxRecord): Promise<void>
  /** Queued requests, oldest first. */
  listOutbox(): Promise<OutboxRecord[]>
  /** Removes a request (sent, or dropped by the user). */
  deleteOutbox(id: string): Promise<void>

  // --- backup support

  /** Everything a backup holds, read at one moment so it is consistent. Secret and damaged records are left out. */
  snapshot(): Promise<StoreSnapshot>
  /**
   * Adds every record whose id (setting key; card id or card key) is not stored yet, all at once: either all of
   * it is written or, on any failure (quota), none of it. Existing records are never overwritten.
   */
  merge(data: StoreSnapshot, onProgress?: (done: number, total: number) => void): Promise<MergeCounts>
}
