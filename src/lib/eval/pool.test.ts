import { describe, expect, it } from 'vitest'
import { mapPool, progressLine, serial } from './pool.ts'

describe('mapPool', () => {
  it('runs at most `limit` at once, starts in input order and returns results by index', async () => {
    let running = 0
    let most = 0
    const started: number[] = []
    const finished: number[] = []
    const out = await mapPool(
      [30, 5, 20, 1, 10, 2],
      3,
      async (ms, i) => {
        started.push(i)
        running++
        most = Math.max(most, running)
        await new Promise((r) => setTimeout(r, ms))
        running--
        return ms * 2
      },
      (_r, i) => void finished.push(i),
    )
    expect(out).toEqual([60, 10, 40, 2, 20, 4])
    expect(started).toEqual([0, 1, 2, 3, 4, 5])
    expect(most).toBe(3)
    expect(finished[0]).toBe(1) // the shortest of the first three finishes first
  })

  it('starts nothing new once aborted, and refuses a limit below 1', async () => {
    const abort = new AbortController()
    const out = await mapPool(
      [1, 2, 3, 4],
      1,
      async (x) => {
        if (x === 2) abort.abort()
        return x
      },
      undefined,
      abort.signal,
    )
    expect(out).toEqual([1, 2, undefined, undefined])
    await expect(mapPool([1], 0, async (x) => x)).rejects.toThrow(RangeError)
  })
})

describe('progressLine', () => {
  it('shows the bar, the count, the rate and the time left', () => {
    expect(progressLine(12, 48, 6000)).toBe('[#####...............] 12/48  2.0/s  ETA 0:18')
    expect(progressLine(0, 10, 0)).toBe('[....................] 0/10  0.0/s  ETA ?')
    expect(progressLine(10, 10, 5000)).toMatch(/ETA 0:00$/)
  })
})

describe('serial', () => {
  it('runs one at a time in order, and a failure does not block the next', async () => {
    const lock = serial()
    let running = 0
    let most = 0
    const order: number[] = []
    const job = (i: number, fail = false) =>
      lock(async () => {
        running++
        most = Math.max(most, running)
        await new Promise((r) => setTimeout(r, 5 - i))
        order.push(i)
        running--
        if (fail) throw new Error('x')
        return i
      })
    const results = await Promise.allSettled([job(0), job(1, true), job(2)])
    expect(order).toEqual([0, 1, 2])
    expect(most).toBe(1)
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })
})
