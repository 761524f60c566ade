// Every page with data at phone size (390×844), in both languages: nothing wider than the screen, no content
// hidden in a sideways-scrolling box, and no English sentence left in the Chinese UI.
import { expect, test, type Page } from '@playwright/test'
import { join } from 'node:path'
import { seedAttempts } from '../browser/progress-seed.ts'
import { latinSentence } from '../../src/ui/i18n/latin.ts'
import { seedDb } from '../support/seed-db.ts'
import { overflow } from '../support/overflow.ts'

const NOW = Date.now()
const CLIP_ID = 'clip-a-yu'
const PHONE = { width: 390, height: 844 }
const SHOTS = process.env.SHOTS
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

test.use({ viewport: PHONE })

async function expectFits(page: Page, name: string, zh: boolean) {
  await shot(page, name)
  expect.soft(await overflow(page), name).toEqual([])
  if (zh) expect.soft(latinSentence(await page.locator('main').innerText()), name).toBeNull()
}

for (const locale of ['zh', 'en'] as const) {
  test(`every page with data fits a phone (${locale})`, async ({ page }) => {
    await page.goto('/')
    await page.evaluate((l) => localStorage.setItem('wusheng.locale', l), locale)
    await page.goto('/#/progress')
    await expect(page.getByTestId('progress-empty')).toBeVisible()
    await seedDb(page, seedAttempts(60, { end: NOW - 60_000, days: 6, clipId: CLIP_ID }), NOW, CLIP_ID)
    const zh = locale === 'zh'

    await page.reload()
    await expect(page.getByTestId('chart-svg')).toBeVisible()
    await expectFits(page, `progress-${locale}`, zh)
    // The chart is drawn at the width it is shown, so its labels keep a readable size.
    const fontPx = await page
      .getByTestId('chart-svg')
      .locator('text')
      .first()
      .evaluate((el) => el.getBoundingClientRect().height)
    expect(fontPx).toBeGreaterThanOrEqual(10)

    await page.goto('/#/history')
    await expect(page.getByTestId('history-row')).toHaveCount(50)
    await expectFits(page, `history-${locale}`, zh)
    // Every field of a card is on screen, the replay button too.
    const row = page.getByTestId('history-row').first()
    for (const id of ['row-truth', 'row-analyzer', 'row-replay'])
      await expect(row.getByTestId(id)).toBeInViewport({ ratio: 1 })

    await page.goto('/#/practice')
    await page.getByTestId('practice-start').click()
    await page.keyboard.press('1')
    await expect(page.getByTestId('verdict')).toBeVisible()
    await expect(page.getByTestId('histogram')).toBeVisible()
    await expectFits(page, `practice-feedback-${locale}`, zh)

    await page.goto('/#/primer')
    await expect(page.getByTestId('primer-extra')).toBeVisible()
    await expectFits(page, `primer-${locale}`, zh)

    await page.goto('/#/settings')
    await expectFits(page, `settings-${locale}`, zh)
  })
}
