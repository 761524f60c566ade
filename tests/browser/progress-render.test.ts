// The Progress and History pages on the REAL IndexedDB store, rendered inside the real app shell in Chromium.
// Also measures the render with 10,000 stored answers (printed, never asserted: the cores are shared).
import { afterEach, describe, expect, it } from 'vitest'
import { render } from 'vitest-browser-svelte'
import App from '../../src/ui/App.svelte'
import { I18n } from '../../src/ui/i18n/i18n.svelte.ts'
import { Router } from '../../src/lib/state/router.svelte.ts'
import { AppStatus, type Services } from '../../src/lib/state/app.svelte.ts'
import { AnalyzeSession } from '../../src/lib/state/analyze.svelte.ts'
import { ReferenceScale } from '../../src/lib/state/reference.svelte.ts'
import { ModelState } from '../../src/lib/state/model/model.svelte.ts'
import { ReferencePlayer, ensureAudio } from '../../src/lib/audio/player.ts'
import { BlobPlayer } from '../../src/lib/audio/blob-player.ts'
import { deleteDatabase, openStore } from '../../src/lib/store/idb-store.ts'
import type { Store } from '../../src/lib/store/store.ts'
import { uniqueDbName } from '../../src/lib/store/test-fixtures.ts'
import { computeStats } from '../../src/lib/tutor/stats.ts'
import { browserUtcOffset, PRACTICE_FOCUS_KEY } from '../../src/lib/state/progress.svelte.ts'
import { PATTERNS } from '../../src/lib/theory/tones.ts'
import { seedAttempts } from './progress-seed.ts'

const NOW = Date.now()
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
  location.hash = ''
})

async function seededStore(n: number, days: number): Promise<Store> {
  const name = uniqueDbName('progress')
  const store = await openStore(name)
  cleanups.push(async () => {
    store.close()
    await deleteDatabase(name)
  })
  const attempts = seedAttempts(n, { end: NOW - 60_000, days })
  await store.merge({ attempts, clips: [], cards: [], settings: [], assignments: [], results: [] })
  return store
}

async function renderApp(store: Store, page: 'progress' | 'history', locale: 'zh' | 'en' = 'en') {
  location.hash = `#/${page}`
  const player = new ReferencePlayer()
  const services: Services = {
    store,
    status: new AppStatus(),
    player,
    analyze: new AnalyzeSession({
      decode: () => Promise.reject(new Error('unused')),
      identify: () => Promise.reject(new Error('unused')),
    }),
    reference: new ReferenceScale({
      ensureAudio,
      playScale: (l, o) => player.playScale(l, o),
      stop: () => player.stop(),
      startDrone: (pc) => player.startDrone(pc),
      stopDrone: () => player.stopDrone(),
    }),
    model: new ModelState({
      store,
      now: () => NOW,
      prepareWav: () => Promise.reject(new Error('unused')),
      isOnline: () => true,
      watchNetwork: () => () => {},
      newId: () => 'id',
    }),
    now: () => NOW,
    random: Math.random,
    newId: () => crypto.randomUUID(),
    audio: {
      decode: () => Promise.reject(new Error('unused')),
      identify: () => Promise.reject(new Error('unused')),
      ensureAudio,
      mountWaveform: () => {
        throw new Error('unused')
      },
      createRecorder: () => {
        throw new Error('unused')
      },
      createBlobPlayer: () => new BlobPlayer(),
      createClipPlayer: () => {
        throw new Error('unused')
      },
    },
    data: {
      exportBackup: () => Promise.reject(new Error('unused')),
      importBackup: () => Promise.reject(new Error('unused')),
      backupFileName: () => 'backup.zip',
      estimateStorage: async () => null,
      watchPresence: () => () => {},
    },
  }
  const router = new Router(window)
  const screen = await render(App, { props: { i18n: new I18n(locale), router, services } })
  cleanups.push(async () => {
    await screen.unmount()
    router.dispose()
  })
  return screen
}

/** Resolves once the browser has painted the frame after the current DOM. */
const painted = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)))

describe('Progress page on the real store', () => {
  it('shows the numbers computeStats gives for the stored answers, and "practise these" hands the focus over', async () => {
    const store = await seededStore(300, 20)
    const screen = await renderApp(store, 'progress')
    await expect.element(screen.getByTestId('progress-ready')).toBeInTheDocument()
    const attempts = await store.listAttempts({ order: 'oldest' })
    const s = computeStats(attempts, { now: NOW, utcOffsetMinutes: browserUtcOffset(NOW) })
    await expect.element(screen.getByTestId('total-attempts')).toHaveTextContent('300')
    await expect
      .element(screen.getByTestId('total-accuracy'))
      .toHaveTextContent(`${Math.round(s.totals.accuracy * 100)}%`)
    await expect.element(screen.getByTestId('streak')).toHaveTextContent(`${s.streak.current} days`)
    // Every cell of the 5×5 matrix.
    for (const [i, truth] of PATTERNS.entries())
      for (const [j, answer] of PATTERNS.entries())
        expect(document.querySelector(`[data-cell="${truth}>${answer}"]`)?.textContent?.trim()).toBe(
          String(s.confusion[i][j]),
        )
    // Per-pattern accuracy.
    const yu = s.byPattern.yu
    await expect
      .element(screen.getByTestId('accuracy-pattern').getByText(`(${yu.correct}/${yu.n})`, { exact: false }))
      .toBeInTheDocument()
    await expect
      .element(screen.getByTestId('tonic-summary'))
      .toHaveTextContent(
        `Questions asking for the tonic: ${s.tonicErrors.asked}; the tonic was wrong in ${s.tonicErrors.wrong}.`,
      )
    // The weakest spot first, and its button stores the focus and goes to Practice.
    const worst = s.weakest[0]
    const item = document.querySelector(`[data-spot="${worst.kind}:${worst.key}"]`)
    expect(item).not.toBeNull()
    expect(document.querySelector('[data-testid="weak-spots"] li')).toBe(item)
    ;(item!.querySelector('button') as HTMLButtonElement).click()
    await expect.poll(() => location.hash).toBe('#/practice')
    const focus = (await store.getSetting(PRACTICE_FOCUS_KEY)) as Record<string, unknown>
    expect(focus.from).toBe(`${worst.kind}:${worst.key}`)
  })

  it('shows the empty state to a new learner, in Chinese', async () => {
    const name = uniqueDbName('progress-empty')
    const store = await openStore(name)
    cleanups.push(async () => {
      store.close()
      await deleteDatabase(name)
    })
    const screen = await renderApp(store, 'progress', 'zh')
    await expect.element(screen.getByTestId('progress-empty')).toHaveTextContent('还没有答题记录')
    await expect.element(screen.getByRole('link', { name: '去练习' })).toBeInTheDocument()
  })
})

describe('10,000 answers', () => {
  it('Progress renders them (load + computeStats + first paint) and History pages through them', async () => {
    const store = await seededStore(10_000, 120)
    expect(await store.countAttempts()).toBe(10_000)
    const runs: { total: number; load: number; stats: number }[] = []
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now()
      const screen = await renderApp(store, 'progress')
      await expect.element(screen.getByTestId('progress-ready'), { timeout: 20_000 }).toBeInTheDocument()
      await painted()
      const total = performance.now() - t0
      const text = screen.getByTestId('progress-timing').element().textContent ?? ''
      const [, load, stats] = /in (\d+) ms; statistics in (\d+) ms/.exec(text) ?? []
      runs.push({ total, load: Number(load), stats: Number(stats) })
      await expect.element(screen.getByTestId('total-attempts')).toHaveTextContent('10,000')
      await cleanups.pop()!()
    }
    const sorted = [...runs].sort((a, b) => a.total - b.total)
    console.log(
      `[progress-render] 10,000 attempts, ${runs.length} runs (dev build, vitest browser): ` +
        runs.map((r) => `${r.total.toFixed(0)} ms (IndexedDB ${r.load} ms, stats ${r.stats} ms)`).join('; ') +
        `; median ${sorted[1].total.toFixed(0)} ms`,
    )

    // For comparison, the two ways to read them: every full attempt, or the statistics rows the page reads.
    const reads: string[] = []
    for (let run = 0; run < 3; run++) {
      const a0 = performance.now()
      const full = await store.listAttempts({ order: 'oldest' })
      const a1 = performance.now()
      const rows = await store.listAttemptStats()
      const a2 = performance.now()
      expect(rows).toHaveLength(full.length)
      reads.push(`full attempts ${(a1 - a0).toFixed(0)} ms, statistics rows ${(a2 - a1).toFixed(0)} ms`)
    }
    console.log(`[progress-render] reading the 10,000: ${reads.join('; ')}`)

    const t0 = performance.now()
    const screen = await renderApp(store, 'history')
    await expect.element(screen.getByTestId('history-table')).toBeInTheDocument()
    await painted()
    const firstPage = performance.now() - t0
    expect(document.querySelectorAll('[data-testid="history-row"]')).toHaveLength(50)
    for (let p = 0; p < 5; p++) await screen.getByTestId('history-older').click()
    await expect.element(screen.getByTestId('history-page')).toHaveTextContent('Page 6 (answers 251–300)')
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="history-row"]')].map(
      (r) => r.dataset.id,
    )
    expect(rows[0]).toBe('att-9749')
    console.log(`[history-render] 10,000 attempts: first page painted in ${firstPage.toFixed(0)} ms`)
  }, 120_000)
})
