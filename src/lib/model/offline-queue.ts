import type { Milliseconds, Timestamp } from '../theory/units.ts'

/** A request waiting for the network. The payload is whatever the caller needs to resend it. */
export interface QueueItem<T> {
  readonly id: string
  readonly createdAt: Timestamp
  readonly attempts: number
  /** Not before this time (backoff after a failure). */
  readonly notBefore: Timestamp
  readonly lastError?: string
  /** True once attempts ran out: kept so the user is told it was not sent, never retried silently. */
  readonly gaveUp: boolean
  readonly payload: T
}

/** The whole queue, as plain data the store persists as is. */
export type OfflineQueue<T> = readonly QueueItem<T>[]

/** Bounds of the queue. */
export interface QueuePolicy {
  readonly maxItems: number
  readonly maxAttempts: number
  readonly baseDelayMs: Milliseconds
  readonly maxDelayMs: Milliseconds
}

/** Twenty items, five tries each, waits from 5 s doubling up to 5 min. */
export const DEFAULT_QUEUE_POLICY: QueuePolicy = Object.freeze({
  maxItems: 20,
  maxAttempts: 5,
  baseDelayMs: 5_000,
  maxDelayMs: 300_000,
})

/** The result of enqueue: the new queue, and whether the item was refused because the queue is full. */
export interface EnqueueResult<T> {
  readonly queue: OfflineQueue<T>
  readonly accepted: boolean
}

/**
 * Adds an item (ids are unique: an existing id is replaced). A full queue refuses the item rather than
 * dropping an older one, so the caller can tell the user it was not queued.
 */
export function enqueue<T>(
  queue: OfflineQueue<T>,
  item: { readonly id: string; readonly payload: T },
  now: Timestamp,
  policy: QueuePolicy = DEFAULT_QUEUE_POLICY,
): EnqueueResult<T> {
  const rest = queue.filter((q) => q.id !== item.id)
  if (rest.length >= policy.maxItems) return { queue, accepted: false }
  const added: QueueItem<T> = { ...item, createdAt: now, attempts: 0, notBefore: now, gaveUp: false }
  return { queue: [...rest, added], accepted: true }
}

/** The oldest item that may be sent now, or undefined. */
export function nextDue<T>(queue: OfflineQueue<T>, now: Timestamp): QueueItem<T> | undefined {
  return queue.filter((q) => !q.gaveUp && q.notBefore <= now).sort((a, b) => a.createdAt - b.createdAt)[0]
}

/** Removes an item (sent, or dismissed by the user). */
export function dequeue<T>(queue: OfflineQueue<T>, id: string): OfflineQueue<T> {
  return queue.filter((q) => q.id !== id)
}

/** Records a failed send: one more attempt, a doubled wait, and gaveUp once attempts run out. */
export function markFailed<T>(
  queue: OfflineQueue<T>,
  id: string,
  error: string,
  now: Timestamp,
  policy: QueuePolicy = DEFAULT_QUEUE_POLICY,
): OfflineQueue<T> {
  return queue.map((q) => {
    if (q.id !== id) return q
    const attempts = q.attempts + 1
    const wait = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1))
    return { ...q, attempts, lastError: error, notBefore: now + wait, gaveUp: attempts >= policy.maxAttempts }
  })
}

/** Makes every waiting item due now: the network just came back, no reason to wait out the backoff. */
export function retryAllNow<T>(queue: OfflineQueue<T>, now: Timestamp): OfflineQueue<T> {
  return queue.map((q) => (q.gaveUp ? q : { ...q, notBefore: Math.min(q.notBefore, now) }))
}
