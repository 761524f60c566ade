import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry.ts'

describe('retry timing', () => {
  it('reads Retry-After as seconds or an HTTP date, and ignores junk', () => {
    const now = Date.parse('2025-03-01T12:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-1', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('backs off exponentially within [ceiling/2, ceiling], capped', () => {
    const p = DEFAULT_RETRY_POLICY
    expect([1, 2, 3].map((n) => backoffDelay(n, p, () => 0))).toEqual([250, 500, 1000])
    expect([1, 2, 3].map((n) => backoffDelay(n, p, () => 1))).toEqual([500, 1000, 2000])
    expect(backoffDelay(30, p, () => 1)).toBe(p.maxDelayMs)
  })
})
