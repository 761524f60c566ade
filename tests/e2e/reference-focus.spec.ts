import { expect, test } from '@playwright/test'
import { resolve } from 'node:path'

test('"show in the reference panel" scrolls to the panel and focuses it, with the mode set', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 860 })
  await page.goto('/')
  await page.getByTestId('file-input').setInputFiles(resolve('tests/fixtures/a-yu-pentatonic.wav'))
  await page.getByTestId('identify').click()
  await expect(page.getByTestId('result-label')).not.toBeEmpty()
  const panel = page.getByTestId('reference-panel')
  await expect(panel).not.toBeInViewport()
  await page.getByRole('button', { name: '在参考音阶中显示' }).click()
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused()
  await expect(panel.getByRole('heading', { level: 2 })).toBeInViewport()
  // The panel shows the analyzer's mode (whichever it named).
  const tonic = /^[A-G][#b]?/.exec((await page.getByTestId('result-label').textContent()) ?? '')![0]
  await expect(page.getByTestId('ref-tonic').locator('option:checked')).toHaveText(tonic)
})
