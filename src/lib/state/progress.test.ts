import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../store/memory-store.ts'
import type { JsonValue } from '../store/schema.ts'
import { labelFromTonic } from '../theory/label.ts'
import { answered } from '../tutor/testing.ts'
import type { Question } from '../tutor/types.ts'
import { PRACTICE_FOCUS_KEY, ProgressView, browserUtcOffset } from './progress.svelte.ts'

const HOUR = 3_600_000
const BEIJING = 480
/** 2025-03-05 10:00 in Beijing. */
const T0 = Date.UTC(2025, 2, 5, 2)

const scale = { kind: 'scale', direction: 'up', timbre: 'pluck', tempo: 80 } as const
const question = (id: string, pattern: 'yu' | 'shang' = 'yu'): Question => ({
  id,
  kind: 'pattern',
  label: labelFromTonic(9, pattern),
  source: scale,
  rung: 'penta-scale',
})

/** The memory store, counting statistics reads; `failRead` / `failWrite` make those calls fail as a dying disk would. */
class TestStore {
  readonly store = createMemoryStore()
  reads = 0
  failRead = false
  failWrite = false
  listAttemptStats = async () => {
    this.reads++
    if (this.failRead) throw Object.assign(new Error('disk gone'), { kind: 'unknown' })
    return this.store.listAttemptStats()
  }
  setSetting = async (k: string, v: JsonValue) => {
    if (this.failWrite) throw Object.assign(new Error('quota exceeded'), { kind: 'quota' })
    await this.store.setSetting(k, v)
  }
}

async function seeded(): Promise<TestStore> {
  const store = new TestStore()
  // 23:30 and 00:30 UTC: two UTC days, but 07:30 and 08:30 on one day in Beijing.
  const times = [T0 - 2.5 * HOUR, T0 - 1.5 * HOUR, T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR]
  for (const [i, at] of times.entries()) {
    const wrong = i % 2 === 0
    await store.store.addAttempt(answered(question(`q${i}`), { pattern: wrong ? 'shang' : 'yu' }, at))
  }
  return store
}

describe('ProgressView', () => {
  it("reads every attempt's statistics row once and computes the numbers with the given offset and clock", async () => {
    expect.hasAssertions()
    const store = await seeded()
    const view = new ProgressView({ store, now: () => T0 + 5 * HOUR, utcOffsetMinutes: () => BEIJING })
    expect(view.phase).toBe('loading')
    await view.load()
    expect(view.phase).toBe('ready')
    expect(store.reads).toBe(1)
    const s = view.stats!
    expect(s.totals.attempts).toBe(7)
    expect(s.totals.correct).toBe(3)
    expect(s.byPattern.yu).toEqual({ n: 7, correct: 3 })
    expect(s.confusion[4][1]).toBe(4) // 羽 heard as 商
    // In Beijing all seven fall on one local day.
    expect(s.totals.daysPractised).toBe(1)
    expect(s.streak).toMatchObject({ current: 1, practisedToday: true })
    expect(view.empty).toBe(false)
  })

  it('the same attempts in UTC fall on two days', async () => {
    expect.hasAssertions()
    const view = new ProgressView({
      store: await seeded(),
      now: () => T0 + 5 * HOUR,
      utcOffsetMinutes: () => 0,
    })
    await view.load()
    expect(view.stats!.totals.daysPractised).toBe(2)
    expect(view.stats!.streak.current).toBe(2)
  })

  it('re-buckets the chart by week without reading the store again', async () => {
    expect.hasAssertions()
    const store = await seeded()
    const view = new ProgressView({ store, now: () => T0, utcOffsetMinutes: () => 0 })
    await view.load()
    expect(view.stats!.overTime).toHaveLength(2) // Tuesday and Wednesday
    view.setBucket('week')
    expect(view.stats!.overTime[0].total.n).toBe(7)
    expect(view.bucket).toBe('week')
    expect(view.stats!.overTime).toHaveLength(1)
    expect(store.reads).toBe(1)
  })

  it('is empty for a new learner', async () => {
    expect.hasAssertions()
    const view = new ProgressView({ store: new TestStore(), now: () => T0 })
    await view.load()
    expect(view.phase).toBe('ready')
    expect(view.empty).toBe(true)
    expect(view.stats!.weakest).toEqual([])
  })

  it('without a store it is ready and empty, and says it cannot hand a focus over', async () => {
    expect.hasAssertions()
    const view = new ProgressView({ store: null, now: () => T0 })
    await view.load()
    expect(view.persistent).toBe(false)
    expect(view.empty).toBe(true)
    expect(
      await view.practise({ kind: 'pattern', key: 'yu', n: 5, errors: 3, errorRate: 0.5, focus: {} }),
    ).toBe(false)
    expect(view.error?.kind).toBe('noStore')
  })

  it('shows a read failure', async () => {
    expect.hasAssertions()
    const store = await seeded()
    store.failRead = true
    const view = new ProgressView({ store, now: () => T0 })
    await view.load()
    expect(view.phase).toBe('failed')
    expect(view.error?.message).toContain('disk gone')
  })

  it('measures the load and the statistics with the clock it is given', async () => {
    expect.hasAssertions()
    let t = 0
    const view = new ProgressView({ store: await seeded(), now: () => T0, clock: () => (t += 10) })
    await view.load()
    expect(view.timings).toEqual({ loadMs: 10, statsMs: 10 })
  })

  it('"practise these" saves the weak spot\'s focus for the Practice page', async () => {
    expect.hasAssertions()
    const store = await seeded()
    const view = new ProgressView({ store, now: () => T0 + 5 * HOUR, utcOffsetMinutes: () => BEIJING })
    await view.load()
    const spot = view.stats!.weakest.find((w) => w.kind === 'confusion')!
    expect(spot.key).toBe('yu>shang')
    expect(await view.practise(spot)).toBe(true)
    expect(await store.store.getSetting(PRACTICE_FOCUS_KEY)).toEqual({
      patterns: ['yu', 'shang'],
      from: 'confusion:yu>shang',
      at: T0 + 5 * HOUR,
    })
    expect(view.handingOff).toBe(null)
  })

  it('a failed save of the focus is shown and nothing else changes', async () => {
    expect.hasAssertions()
    const store = await seeded()
    const view = new ProgressView({ store, now: () => T0, utcOffsetMinutes: () => BEIJING })
    await view.load()
    store.failWrite = true
    const before = view.stats
    expect(await view.practise(view.stats!.weakest[0])).toBe(false)
    expect(view.error?.kind).toBe('quota')
    expect(view.stats).toBe(before)
    expect(await store.store.listSettings()).toHaveLength(0)
  })
})

describe('browserUtcOffset', () => {
  it('has the sign the core uses (east of UTC positive)', () => {
    expect(browserUtcOffset(T0)).toBe(-new Date(T0).getTimezoneOffset())
  })
})
