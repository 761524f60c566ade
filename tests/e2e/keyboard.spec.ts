// A keyboard-only learner: no mouse clicks anywhere. Loads a file, sets a segment, identifies it and answers five
// practice questions; the phone header never covers the focused control; single-key shortcuts can be turned off.
import { expect, test, type Page } from '@playwright/test'
import { resolve } from 'node:path'

const fixture = (name: string) => resolve('tests/fixtures', name)

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** The focused element, seen through open shadow roots (wavesurfer keeps the region in one). */
const focusedPart = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
    return el?.getAttribute('part') ?? el?.getAttribute('data-testid') ?? el?.tagName ?? null
  })

test('load, set a segment, identify and answer five practice questions with the keyboard only', async ({
  page,
}) => {
  await page.goto('/')
  // Listening early turns on Playwright's file-chooser interception before the key press opens one.
  const chooser = page.waitForEvent('filechooser')
  await expect(page).toHaveTitle('分析 · 五声')
  // The skip link is the first stop and moves focus to the page.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: '跳到主要内容' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()

  // Load a file: the "choose a file" button opens the file chooser.
  await tabTo(page, '[data-testid="dropzone"] button.primary')
  await page.keyboard.press('Enter')
  await (await chooser).setFiles(fixture('a-yu-pentatonic.wav'))
  await expect(page.getByTestId('clip-info')).toContainText('a-yu-pentatonic.wav')

  // Set the segment in the time fields.
  await tabTo(page, '[data-testid="segment-start"]')
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('0:01')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('segment-end')).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('11.5')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('segment')).toContainText('0:01.0 – 0:11.5')

  // The region's start edge is a slider: an arrow key moves it half a second.
  // Going back from the fields, the first stop in the waveform is the region's end edge, then its start edge.
  await tabTo(page, '[data-testid="waveform"] *', { back: true })
  expect(await focusedPart(page)).toBe('region-handle region-handle-right')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('segment')).toContainText('0:01.0 – 0:12.0')
  await page.keyboard.press('Shift+Tab')
  expect(await focusedPart(page)).toBe('region-handle region-handle-left')
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByTestId('segment')).toContainText('0:00.5 – 0:12.0')
  await expect(page.getByTestId('segment-end')).toHaveValue('0:12.0')

  // Identify: focus goes to Cancel while it runs, then to the result's heading; the result is announced.
  await tabTo(page, '[data-testid="identify"]')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('result-label')).toHaveText(/^[A-G][#b♯♭]?[宫商角徵羽]/)
  await expect(page.locator('#result-title')).toBeFocused()
  const label = (await page.getByTestId('result-label').textContent())!
  await expect(page.getByTestId('analyze-announcer')).toContainText(`结果：${label}`)

  // To Practice through the navigation: the page change is announced and focus moves to the page.
  await tabTo(page, 'nav a[href="#/practice"]', { back: true, max: 80 })
  await page.keyboard.press('Enter')
  await expect(page).toHaveTitle('练习 · 五声')
  await expect(page.getByTestId('route-announcer')).toHaveText('已打开“练习”页')
  await tabTo(page, '[data-testid="practice-start"]')
  await page.keyboard.press('Enter')
  for (let i = 0; i < 5; i++) {
    // The new question's prompt has focus (not the page body), so keys 1–5 answer at once.
    await expect(page.getByTestId('practice-prompt')).toBeFocused()
    await page.keyboard.press(String(i + 1))
    await expect(page.getByTestId('verdict')).toBeFocused()
    await expect(page.getByTestId('practice-announcer')).toContainText('正确答案是')
    await expect(page.getByTestId('save-status')).toContainText(`本次共 ${i + 1} 题`)
    if (i < 4) await page.keyboard.press('Enter')
  }
})

test('on a phone the compact header never covers the focused control', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  for (const locale of ['zh', 'en']) {
    await page.goto('/#/practice')
    await page.evaluate((l) => localStorage.setItem('wusheng.locale', l), locale)
    await page.reload()
    const header = await page.locator('header').boundingBox()
    expect(header!.height).toBeLessThan(100)
    await page.getByTestId('practice-start').press('Enter')
    await expect(page.getByTestId('practice-prompt')).toBeFocused()
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      const hidden = await page.evaluate(() => {
        const el = document.activeElement
        if (!el || !el.closest('main')) return null
        const r = el.getBoundingClientRect()
        const bottom = document.querySelector('header')!.getBoundingClientRect().bottom
        return r.top < bottom - 1 ? `${el.outerHTML.slice(0, 80)} top ${r.top} under header ${bottom}` : null
      })
      expect(hidden, `Tab stop ${i + 1} (${locale})`).toBeNull()
    }
  }
})

test('single-key shortcuts can be turned off in Settings', async ({ page }) => {
  await page.goto('/#/settings')
  await page.getByTestId('s-shortcuts').focus()
  await page.keyboard.press('Space')
  await expect(page.getByTestId('s-shortcuts')).not.toBeChecked()
  await page.goto('/#/practice')
  await page.reload()
  await page.getByTestId('practice-start').press('Enter')
  await expect(page.getByTestId('practice-prompt')).toBeFocused()
  await expect(page.getByTestId('practice-keys')).toContainText('单键快捷键已关闭')
  await expect(page.getByTestId('practice-play')).not.toHaveAttribute('aria-keyshortcuts')
  await page.keyboard.press('1')
  await page.waitForTimeout(300)
  await expect(page.getByTestId('verdict')).toHaveCount(0)
  // The answer buttons still work from the keyboard.
  await tabTo(page, '[data-testid^="answer-pattern-"]')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('verdict')).toBeVisible()
})

test('a link inside a page that opens another page leaves focus on the new page, not on the body', async ({
  page,
}) => {
  await page.goto('/#/progress')
  await page.evaluate(() => localStorage.setItem('wusheng.locale', 'en'))
  await page.reload()
  await expect(page).toHaveTitle('Progress · Wusheng')
  await page.getByTestId('progress-empty').getByRole('link').focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveTitle('Practice · Wusheng')
  await expect(page.locator('main')).toBeFocused()
  await expect(page.getByTestId('route-announcer')).toHaveText('Practice page')
})

test('recording from the keyboard: Record turns into Stop and keeps focus', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('record').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('record-status')).toBeVisible()
  await expect(page.getByTestId('record')).toBeFocused()
  await page.waitForTimeout(1500)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('clip-info')).toContainText('录音')
  await expect(page.getByTestId('record')).toBeFocused()
})
