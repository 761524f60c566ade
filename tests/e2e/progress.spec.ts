// Progress and History on the built app: answers seeded into the app's IndexedDB, seen again after a reload,
// filtered, paged, and an old answer replayed with the network off.
import { expect, test, type Page } from '@playwright/test'
import { formatLabel } from '../../src/lib/theory/format.ts'
import { computeStats } from '../../src/lib/tutor/stats.ts'
import type { AttemptRecord } from '../../src/lib/store/schema.ts'
import { seedAttempts } from '../browser/progress-seed.ts'
import { seedDb } from '../support/seed-db.ts'

const NOW = Date.now()
const CLIP_ID = 'clip-a-yu'

/** Seeds this file's attempts and clip into the app's database. */
const seed = (page: Page, attempts: readonly AttemptRecord[]) => seedDb(page, attempts, NOW, CLIP_ID)

async function openApp(page: Page) {
  await page.goto('/')
  await page.evaluate(() => localStorage.setItem('wusheng.locale', 'en'))
  await page.goto('/#/progress')
  // The app has opened (and created) its database once the page shows.
  await expect(page.getByTestId('progress-empty')).toBeVisible()
}

test('a seeded learner sees the same progress and history after a reload', async ({ page }) => {
  await openApp(page)
  const attempts = seedAttempts(60, { end: NOW - 60_000, days: 6, clipId: CLIP_ID })
  await seed(page, attempts)
  const stats = computeStats(attempts, { now: NOW, utcOffsetMinutes: -new Date(NOW).getTimezoneOffset() })
  const pct = `${Math.round(stats.totals.accuracy * 100)}%`

  for (let visit = 0; visit < 2; visit++) {
    await page.reload()
    await expect(page.getByTestId('total-attempts')).toHaveText('60')
    await expect(page.getByTestId('total-accuracy')).toHaveText(pct)
    await expect(page.getByTestId('streak')).toHaveText(`${stats.streak.current} days`)
    await expect(page.getByTestId('confusion').locator('[data-cell="yu>shang"]')).toHaveText(
      String(stats.confusion[4][1]),
    )
    await expect(page.getByTestId('chart-svg').locator('circle')).toHaveCount(stats.overTime.length)
  }

  // The chart by pattern: a line per pattern asked.
  await page.getByTestId('chart-dimension').selectOption('pattern')
  await expect(page.getByTestId('chart').locator('.legend li')).toHaveCount(5)

  // History: newest first, the truth and the answer in CNPM form.
  await page.getByRole('link', { name: 'History' }).click()
  const rows = page.getByTestId('history-row')
  await expect(rows).toHaveCount(50)
  const newest = attempts[attempts.length - 1]
  await expect(rows.first().getByTestId('row-truth')).toHaveText(formatLabel(newest.question.label, 'cnpm'))
  await expect(page.getByTestId('history-page')).toHaveText('Page 1 (answers 1–50)')
  await page.getByTestId('history-older').click()
  await expect(rows).toHaveCount(10)
  await page.getByTestId('history-newer').click()
  await expect(rows).toHaveCount(50)

  // Filters: wrong answers only; then a bad date range is refused with a reason and the rows stay.
  await page.getByTestId('filter-result').selectOption('wrong')
  await page.getByTestId('filter-apply').click()
  await expect(rows).toHaveCount(attempts.filter((a) => !a.correct).length)
  await expect(page.locator('[data-testid="history-row"] .mark', { hasText: '✓' })).toHaveCount(0)
  await page.getByTestId('filter-from').fill('2030-01-02')
  await page.getByTestId('filter-to').fill('2030-01-01')
  await page.getByTestId('filter-apply').click()
  await expect(page.getByTestId('filter-error')).toHaveText(
    'The start date is after the end date: swap them.',
  )
  await expect(rows).toHaveCount(attempts.filter((a) => !a.correct).length)
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows).toHaveCount(50)

  await page.reload()
  await expect(rows).toHaveCount(50)
  await expect(rows.first().getByTestId('row-truth')).toHaveText(formatLabel(newest.question.label, 'cnpm'))
})

test('an old answer replays with the network off: a melody from its seed and a clip from the store', async ({
  page,
  context,
}) => {
  await openApp(page)
  const attempts = seedAttempts(60, { end: NOW - 60_000, days: 6, clipId: CLIP_ID })
  await seed(page, attempts)
  // The service worker precaches the app (Tone's chunk included): wait until it is in control.
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.goto('/#/history')
  await expect(page.getByTestId('history-row')).toHaveCount(50)
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)

  await context.setOffline(true)
  await page.reload()
  const melody = page.locator('[data-testid="history-row"]', { hasText: 'melody' }).last()
  const button = melody.getByTestId('row-replay')
  await button.click()
  await expect(button).toHaveAttribute('data-playing', 'true')
  await expect(button).toHaveText('■ Stop')
  await expect(melody).toHaveClass(/playing/)
  await button.click()
  await expect(button).toHaveAttribute('data-playing', 'false')

  // A clip question (the 50th-oldest answer is one: every 25th is): its audio comes from IndexedDB.
  await page.getByTestId('history-older').click()
  const clipRow = page.locator('[data-testid="history-row"]', { hasText: 'clip' }).first()
  const clipButton = clipRow.getByTestId('row-replay')
  await clipButton.click()
  await expect(clipButton).toHaveAttribute('data-playing', 'true')
  await expect(clipRow.getByRole('alert')).toHaveCount(0)
  await context.setOffline(false)
})

test('10,000 answers: the Progress page renders them (time printed, not asserted) and History pages through them', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await openApp(page)
  const attempts = seedAttempts(10_000, { end: NOW - 60_000, days: 120, clipId: CLIP_ID })
  for (let i = 0; i < attempts.length; i += 2000) await seed(page, attempts.slice(i, i + 2000))
  const runs: string[] = []
  for (let run = 0; run < 3; run++) {
    await page.reload()
    await expect(page.getByTestId('total-attempts')).toHaveText('10,000')
    const m = await page.evaluate(async () => {
      for (let i = 0; i < 100 && performance.getEntriesByName('progress-render').length === 0; i++)
        await new Promise((r) => setTimeout(r, 50))
      const measure = performance.getEntriesByName('progress-render')[0]
      const painted = performance.getEntriesByName('progress-painted')[0]
      const computed = performance.getEntriesByName('progress-computed')[0]
      const text = document.querySelector('[data-testid="progress-timing"]')?.textContent ?? ''
      return {
        render: measure.duration,
        sinceNavigation: painted.startTime,
        dom: painted.startTime - computed.startTime,
        text,
      }
    })
    runs.push(
      `${m.render.toFixed(0)} ms from the page's start to painted numbers (${m.sinceNavigation.toFixed(0)} ms since navigation; ${m.text.trim()} DOM and paint ${m.dom.toFixed(0)} ms)`,
    )
  }
  console.log(`[progress-render, production build] 10,000 attempts:\n  ${runs.join('\n  ')}`)
  await page.getByRole('link', { name: 'History' }).click()
  await expect(page.getByTestId('history-row')).toHaveCount(50)
  await page.getByTestId('history-older').click()
  await expect(page.getByTestId('history-page')).toHaveText('Page 2 (answers 51–100)')
})

test('replaying an answer whose recording was deleted says so on its row, in Chinese', async ({ page }) => {
  await page.goto('/#/progress')
  await expect(page.getByTestId('progress-empty')).toBeVisible()
  // Every 25th answer points to a clip that is not stored.
  await seed(page, seedAttempts(30, { end: NOW - 60_000, days: 2, clipId: 'deleted-clip' }))
  await page.goto('/#/history')
  const row = page.locator('[data-testid="history-row"]', { hasText: '录音' }).first()
  await row.getByTestId('row-replay').click()
  await expect(row.getByRole('alert')).toHaveText('这段录音已不在本设备上（可能已被删除），无法重听。')
  await expect(row.getByTestId('row-replay')).toHaveAttribute('data-playing', 'false')
})
