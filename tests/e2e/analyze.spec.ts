import { expect, test, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import { encodeWav } from '../../src/lib/audio/wav.ts'
import { melodyNotes, synthesize } from '../../src/lib/analysis/test-signals.ts'
import { labelFromTonic } from '../../src/lib/theory/label.ts'

const fixture = (name: string) => resolve('tests/fixtures', name)

async function loadFile(page: Page, name: string) {
  await page.getByTestId('file-input').setInputFiles(fixture(name))
}

test.beforeEach(async ({ page }) => {
  await page.goto('/')
})

test('opens in Chinese and switches to English', async ({ page }) => {
  await expect(page.getByRole('heading', { level: 1 })).toContainText('五声')
  await expect(page.getByRole('link', { name: '分析' })).toHaveAttribute('aria-current', 'page')
  await page.getByTestId('language').click()
  await expect(page.getByRole('link', { name: 'Analyze' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('link', { name: 'Analyze' })).toBeVisible()
})

test('loads a WAV, shows its waveform and duration, and identifies its mode with evidence', async ({
  page,
}) => {
  await loadFile(page, 'a-yu-pentatonic.wav')
  await expect(page.getByTestId('clip-info')).toContainText('a-yu-pentatonic.wav')
  await expect(page.getByTestId('clip-info')).toContainText(/0:1\d\.\d/)
  // wavesurfer draws into canvases inside its shadow root.
  await expect
    .poll(() =>
      page
        .getByTestId('waveform')
        .evaluate((el) => el.querySelector('div')?.shadowRoot?.querySelectorAll('canvas').length ?? 0),
    )
    .toBeGreaterThan(0)
  await page.getByTestId('identify').click()
  await expect(page.getByTestId('result-label')).toHaveText('A羽五声')
  await expect(page.getByTestId('result-confidence')).toContainText(/调式置信度 \d+%/)
  await expect(page.getByTestId('result-alternatives')).not.toContainText('A羽')
  await expect(page.getByTestId('histogram')).toBeVisible()
  // The contour lies over the waveform, one mark per note heard.
  await expect(page.getByTestId('contour-overlay')).toBeVisible()
  expect(await page.getByTestId('contour-overlay').locator('rect').count()).toBeGreaterThan(8)
  await expect(page.getByTestId('third')).toContainText('C – E')
  await expect(page.getByTestId('cadences')).toContainText('A')
  // It ends on its resting note: no mid-phrase notice.
  await expect(page.getByTestId('result-mid-phrase')).toHaveCount(0)
})

test('a recording stopped mid-phrase is said to be one, its tonic inferred from context', async ({
  page,
}) => {
  const melody = synthesize(melodyNotes(labelFromTonic(9, 'yu')), { sampleRate: 22050 })
  // Stopped 61% of the way through, while a note still sounds.
  const cut = melody.subarray(0, Math.round(0.61 * melody.length))
  await page.getByTestId('file-input').setInputFiles({
    name: 'stopped-mid-phrase.wav',
    mimeType: 'audio/wav',
    buffer: Buffer.from(encodeWav(cut, 22050)),
  })
  await page.getByTestId('identify').click()
  await expect(page.getByTestId('result-mid-phrase')).toContainText('这段停在乐句中间')
  // Its last note is shown as where the clip was cut, not as a final cadence.
  await expect(page.getByTestId('cadences')).toContainText('不是终止')
  await page.getByTestId('language').click()
  await expect(page.getByTestId('result-mid-phrase')).toContainText('stops mid-phrase')
})

test('a clip longer than 30 s gets its last 30 s as the default segment, and the region can be dragged', async ({
  page,
}) => {
  await loadFile(page, 'long-45s.wav')
  await expect(page.getByTestId('segment')).toContainText('0:15.0 – 0:45.0')
  const region = page.getByTestId('waveform').locator('div').first()
  await expect(region).toBeVisible()
  // Drag the middle of the region 200 px to the left: the region moves earlier, keeping its length.
  const box = await page.getByTestId('waveform').boundingBox()
  if (!box) throw new Error('no waveform box')
  const y = box.y + box.height / 2
  const x = box.x + box.width * 0.66
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x - 100, y, { steps: 5 })
  await page.mouse.move(x - 200, y, { steps: 5 })
  await page.mouse.up()
  await expect(page.getByTestId('segment')).not.toContainText('0:15.0 – 0:45.0')
  await expect(page.getByTestId('segment')).toContainText(/[（(]0:30\.0[)）]/)
})

test('a broken file shows a clear error and the app stays usable', async ({ page }) => {
  await loadFile(page, 'not-audio.wav')
  await expect(page.getByRole('alert')).toContainText('这不是音频文件')
  await loadFile(page, 'truncated.wav')
  await expect(page.getByRole('alert')).toContainText('截断')
  await loadFile(page, 'empty.wav')
  await expect(page.getByRole('alert')).toContainText('空的')
  await loadFile(page, 'a-yu-pentatonic.wav')
  await expect(page.getByTestId('clip-info')).toContainText('a-yu-pentatonic.wav')
})

test('plays a reference scale, highlighting each note as it sounds', async ({ page }) => {
  await page.getByTestId('ref-tonic').selectOption({ label: 'D' })
  await page.getByRole('button', { name: '商' }).click()
  await expect(page.getByTestId('ref-label')).toHaveText('D商五声')
  await page.getByRole('button', { name: /播放音阶/ }).click()
  await expect(page.getByTestId('ref-steps').locator('li.sounding')).toHaveCount(1)
  await expect(page.getByRole('button', { name: /停止/ })).toBeVisible()
})

test('records from the (fake) microphone and analyzes the recording', async ({ page }) => {
  await page.getByTestId('record').click()
  await expect(page.getByTestId('record-status')).toBeVisible()
  await page.waitForTimeout(3000)
  await page.getByTestId('record').click()
  await expect(page.getByTestId('clip-info')).toContainText(/录音|Recording/)
  await page.getByTestId('identify').click()
  await expect(page.getByTestId('analyzer-result')).toBeVisible()
})
