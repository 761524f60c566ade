// Importing a large backup must not freeze the page: the zip is read and checked, and the records written in
// batches, in a worker, with progress. A PerformanceObserver measures the page's longest task (how long it froze).
// 20,000 attempts here; VITE_IMPORT_BENCH=1 runs the 100,000 of the README's figures.
import { afterEach, expect, test } from 'vitest'
import { importBackup, type ImportProgress } from './backup.ts'
import { deleteDatabase, openStore } from './idb-store.ts'
import type { Store } from './store.ts'
import { makeAttemptsBackup, uniqueDbName } from './test-fixtures.ts'

const opened: Store[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) {
    s.close()
    await deleteDatabase(s.name)
  }
})

/** A backup of `n` attempts and nothing else. */
function backupOf(n: number): Blob {
  return new Blob([makeAttemptsBackup(n)])
}

const N = import.meta.env.VITE_IMPORT_BENCH === '1' ? 100_000 : 20_000

test(
  `imports ${N.toLocaleString('en')} attempts with progress, writing in the worker, not on the page`,
  { timeout: 300_000 },
  async () => {
    // Built in a function of its own, so the test holds only the zip, not 100,000 objects the page would not have.
    const file = backupOf(N)
    const store = await openStore(uniqueDbName('large'))
    opened.push(store)

    // The page freezes for as long as its longest task: input and painting wait for it to end.
    let longest = 0
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longest = Math.max(longest, e.duration)
    })
    observer.observe({ type: 'longtask', buffered: false })
    // A ticker too: the widest gap between its callbacks is the longest the page could not answer, whatever the
    // task was (the observer reports only tasks over 50 ms, and not those of every kind).
    let lastTick = performance.now()
    let widestGap = 0
    let gapAt = ''
    let phase = 'start'
    const ticker = setInterval(() => {
      const now = performance.now()
      if (now - lastTick > widestGap) [widestGap, gapAt] = [now - lastTick, phase]
      lastTick = now
    }, 10)
    const seen: ImportProgress[] = []
    const t0 = performance.now()
    let firstSave = 0
    // Where the records are written: the worker that read the zip writes them (the page only shows progress),
    // so the page's own Store must not be asked to merge them.
    let mergedOnPage = 0
    const watched = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'merge') mergedOnPage++
        const v = Reflect.get(target, key, receiver)
        return typeof v === 'function' ? v.bind(target) : v
      },
    })
    const report = await importBackup(watched, file, {
      onProgress: (p) => {
        if (p.phase === 'saving' && !firstSave) firstSave = performance.now() - t0
        phase = `${p.phase} ${p.done}/${p.total}`
        seen.push(p)
      },
    })
    const seconds = (performance.now() - t0) / 1000
    phase = 'done'
    await new Promise((r) => setTimeout(r, 100))
    observer.disconnect()
    clearInterval(ticker)
    console.log(
      `IMPORT ${N} attempts: ${seconds.toFixed(1)} s (reading and checking ${(firstSave / 1000).toFixed(1)} s), ` +
        `longest task ${longest.toFixed(0)} ms, widest gap between 10 ms ticks ${widestGap.toFixed(0)} ms (ending at ${gapAt})`,
    )

    expect(report.counts.attempts).toEqual({ added: N, skipped: 0 })
    expect(await store.countAttempts()).toBe(N)
    expect(seen.some((p) => p.phase === 'reading')).toBe(true)
    const saving = seen.filter((p) => p.phase === 'saving')
    expect(saving.length).toBeGreaterThan(N / 2000)
    expect(saving.at(-1)).toEqual({ phase: 'saving', done: N, total: N })
    // Timing is reported above, not asserted (a loaded machine stretches any task); what keeps the page
    // responsive is that the page writes nothing itself.
    expect(mergedOnPage).toBe(0)
  },
)
