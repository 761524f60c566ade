// One open IndexedDB connection and how the Store uses it: its status (closed by us, by another tab's upgrade, or
// by the browser), reads that map every failure to a StoreError, and writes that resolve only once committed.
import type { IDBPDatabase, IDBPTransaction } from 'idb'
import { StoreError, toStoreError } from './errors.ts'
import type { StoreName, WushengDB } from './schema.ts'

export type Db = IDBPDatabase<WushengDB>
export type WriteTx<N extends StoreName> = IDBPTransaction<WushengDB, N[], 'readwrite'>
type Status = 'open' | 'version-change' | 'terminated' | 'closed'

/** What the connection tells the app about. */
export interface ConnectionEvents {
  /** Another tab opened a newer version: this connection has closed itself. */
  readonly onVersionChange?: () => void
  /** The browser closed the database (site data cleared, disk failure). */
  readonly onTerminated?: () => void
}

export class IdbConnection {
  readonly #db: Db
  readonly #events: ConnectionEvents
  #status: Status = 'open'

  constructor(db: Db, events: ConnectionEvents = {}) {
    this.#db = db
    this.#events = events
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

  /** Another tab wants a newer version: step aside so it is not blocked, then tell the app. */
  closeForVersionChange(): void {
    if (this.#status !== 'open') return
    this.#db.close()
    this.#status = 'version-change'
    this.#events.onVersionChange?.()
  }

  /** The browser closed the connection abnormally (site data cleared, disk failure). */
  markTerminated(): void {
    this.#status = 'terminated'
    this.#events.onTerminated?.()
  }

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

  /** Runs `fn` on the database; any failure becomes a StoreError saying what was being done. */
  async read<T>(context: string, fn: (db: Db) => Promise<T>): Promise<T> {
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
  async write<N extends StoreName, T>(
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
