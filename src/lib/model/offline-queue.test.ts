import { describe, expect, it } from 'vitest'
import { dequeue, enqueue, markFailed, nextDue, retryAllNow, type OfflineQueue } from './offline-queue.ts'

describe('offline queue', () => {
  const policy = { maxItems: 2, maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 5000 }
  it('queues, backs off after failures, gives up, and refuses when full', () => {
    let q: OfflineQueue<string> = []
    q = enqueue(q, { id: 'a', payload: 'clip-a' }, 100, policy).queue
    q = enqueue(q, { id: 'b', payload: 'clip-b' }, 200, policy).queue
    expect(enqueue(q, { id: 'c', payload: 'clip-c' }, 300, policy).accepted).toBe(false)
    expect(nextDue(q, 300)?.id).toBe('a')
    q = markFailed(q, 'a', 'network', 300, policy)
    expect(q[0]).toMatchObject({ attempts: 1, notBefore: 1300, lastError: 'network', gaveUp: false })
    expect(nextDue(q, 300)?.id).toBe('b')
    expect(nextDue(retryAllNow(q, 400), 400)?.id).toBe('a')
    q = markFailed(q, 'a', 'network', 1300, policy)
    expect(q[0]).toMatchObject({ attempts: 2, gaveUp: true })
    q = dequeue(q, 'b')
    expect(nextDue(q, 1e9)).toBeUndefined()
    expect(q.map((i) => i.id)).toEqual(['a'])
  })
})
