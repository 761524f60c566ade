// The Store over IndexedDB: opening (and migrating) the database, deleting it, and a Store whose methods are
// those of idb-attempts, idb-records, idb-assignments and idb-snapshot over one connection.
import { deleteDB } from 'idb'
import { StoreError, toStoreError } from './errors.ts'
import { attemptMethods } from './idb-attempts.ts'
import { assignmentMethods } from './idb-assignments.ts'
import { IdbConnection } from './idb-connection.ts'
import { recordMethods } from './idb-records.ts'
import { snapshotMethods } from './idb-snapshot.ts'
import { DB_VERSION, openDatabase } from './migrations.ts'
import { DEFAULT_DB_NAME } from './schema.ts'
import type { Store } from './store.ts'

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
  // The callbacks fire only after open() resolved, by which time `ref.conn` is set.
  const ref: { conn?: IdbConnection } = {}
  let timer: ReturnType<typeof setTimeout> | undefined
  let gaveUp = false
  const opening = openDatabase(name, DB_VERSION, {
    blocked: () => options.onBlocked?.(),
    blocking: () => ref.conn?.closeForVersionChange(),
    terminated: () => ref.conn?.markTerminated(),
    factory: options.factory,
  })
  const blockedFor = options.blockedTimeout
  if (blockedFor === undefined) {
    ref.conn = new IdbConnection(await opening, options)
    return storeOver(ref.conn)
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
    ref.conn = new IdbConnection(await Promise.race([opening, timeout]), options)
    return storeOver(ref.conn)
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

/** The Store over an open connection. */
function storeOver(conn: IdbConnection): Store {
  return {
    get name() {
      return conn.name
    },
    backend: 'indexeddb',
    get isOpen() {
      return conn.isOpen
    },
    close: () => conn.close(),
    ...attemptMethods(conn),
    ...recordMethods(conn),
    ...assignmentMethods(conn),
    ...snapshotMethods(conn),
  }
}
