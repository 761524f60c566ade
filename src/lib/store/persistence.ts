/** What the browser said to "keep my data even when space runs low". */
export type PersistenceResult = 'granted' | 'denied' | 'unsupported'

/** The part of StorageManager used here, so tests can pass a fake. */
export type PersistApi = Pick<StorageManager, 'persist' | 'persisted'>

/**
 * Asks the browser not to evict the app's data (navigator.storage.persist()), for the UI to show.
 * Chromium decides silently from site engagement; Firefox asks the user.
 */
export async function requestPersistence(
  storage: PersistApi | null = globalThis.navigator?.storage ?? null,
): Promise<PersistenceResult> {
  if (!storage || typeof storage.persist !== 'function') return 'unsupported'
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'granted'
    return (await storage.persist()) ? 'granted' : 'denied'
  } catch {
    // Some browsers throw in private windows or insecure contexts instead of answering false.
    return 'denied'
  }
}

/** Bytes used and available to this origin, when the browser tells (for a "storage used" line in Settings). */
export async function storageEstimate(
  storage: Pick<StorageManager, 'estimate'> | null = globalThis.navigator?.storage ?? null,
): Promise<{ usage: number; quota: number } | undefined> {
  if (!storage || typeof storage.estimate !== 'function') return undefined
  const { usage, quota } = await storage.estimate()
  return usage === undefined || quota === undefined ? undefined : { usage, quota }
}
