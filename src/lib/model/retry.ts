import type { Milliseconds, Timestamp } from '../theory/units.ts'

/** How hard to retry; all bounds, so a dead server fails in bounded time. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly maxAttempts: number
  /** Backoff before the second attempt; doubles each time. */
  readonly baseDelayMs: Milliseconds
  /** Cap on one wait. A Retry-After longer than this is not waited for: the error is thrown with it. */
  readonly maxDelayMs: Milliseconds
  /** Cap on the sum of all waits. */
  readonly maxTotalDelayMs: Milliseconds
}

/** Three attempts, 0.5 s then 1 s (± jitter), at most 10 s per wait and 20 s in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxTotalDelayMs: 20_000,
})

/**
 * Reads Retry-After (delay seconds or an HTTP date) as milliseconds from now, or undefined when absent/invalid.
 * @example parseRetryAfter('2', 0) → 2000; parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', t) → ms until then
 */
export function parseRetryAfter(value: string | null | undefined, now: Timestamp): Milliseconds | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined
  return Math.max(0, at - now)
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): exponential, with "equal jitter" —
 * half fixed, half random — so many clients that failed together do not come back together.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): Milliseconds {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return ceiling / 2 + random() * (ceiling / 2)
}

/** Resolves after ms, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: Milliseconds, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
