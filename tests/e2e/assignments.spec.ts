import { expect, test, type Page } from '@playwright/test'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { overflow } from '../support/overflow.ts'

const fixture = (name: string) => resolve('tests/fixtures', name)
const PHONE = { width: 390, height: 844 }
// SHOTS=/some/dir saves screenshots of each step (for looking at the pages, not asserted).
const SHOTS = process.env.SHOTS
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

/** A teacher makes a two-clip pack and exports it; returns the downloaded file's path. */
async function makePack(page: Page, dir: string): Promise<string> {
  await page.goto('/#/assignments')
  await page.getByTestId('mode-teacher').check()
  await page.getByTestId('new-pack').click()
  await page.getByTestId('pack-title').fill('第一周：羽调与商调')
  await page.getByTestId('pack-instructions').fill('Listen to each clip to its end.\n<b>not bold</b>')
  await page.getByTestId('pack-due').fill('2030-06-01')
  await page
    .getByTestId('clip-input')
    .setInputFiles([fixture('a-yu-pentatonic.wav'), fixture('d-shang-yanyue.wav')])
  await expect(page.getByTestId('draft-item')).toHaveCount(2)
  // The offline analyzer proposes a label for each clip; the teacher confirms the first and sets the second.
  await expect(page.getByTestId('item-1-analyzer')).toContainText('A羽五声')
  await expect(page.getByTestId('item-2-analyzer')).not.toContainText(/analyzing|正在分析/)
  await expect(page.getByTestId('export-pack')).toBeDisabled()
  await page.getByTestId('item-1-confirm').click()
  await page.getByTestId('item-2-tonic').selectOption('2')
  await page.getByTestId('item-2-pattern').selectOption('shang')
  await page.getByTestId('item-2-type').selectOption('heptatonic-yanyue')
  await expect(page.getByTestId('item-2-confirmed')).toContainText('D商七声燕乐')
  await shot(page, 'teacher-draft')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-pack').click(),
  ])
  expect(download.suggestedFilename()).toMatch(/\.wusheng$/)
  const path = join(dir, download.suggestedFilename())
  await download.saveAs(path)
  await expect(page.getByTestId('last-export')).toBeVisible()
  return path
}

test('a teacher makes a pack, a student does it, the teacher grades the results', async ({
  page,
  browser,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'wusheng-assign-'))
  const packPath = await makePack(page, dir)

  // The draft survives a reload.
  await page.reload()
  await expect(page.getByTestId('draft-list')).toContainText('第一周：羽调与商调')

  // A student, in a fresh browser profile, imports the pack and answers both items in order.
  const student = await browser.newContext()
  const sp = await student.newPage()
  await sp.goto('/#/assignments')
  await sp.getByTestId('pack-input').setInputFiles(packPath)
  await expect(sp.getByTestId('assignment')).toHaveCount(1)
  await expect(sp.getByTestId('assignment')).toContainText('Listen to each clip to its end.')
  await expect(sp.getByTestId('assignment')).toContainText('<b>not bold</b>') // shown as text
  await expect(sp.getByTestId('progress')).toContainText('0/2')
  await shot(sp, 'student-list')
  await sp.getByTestId('start').click()
  await expect(sp.getByTestId('runner-progress')).toContainText('1')
  await sp.getByTestId('play').click()
  await sp.getByTestId('answer-tonic').selectOption({ label: 'A' })
  await sp.getByTestId('answer-pattern-yu').click()
  await sp.getByTestId('submit-answer').click()
  await expect(sp.getByTestId('feedback')).toContainText('A羽五声')
  await expect(sp.getByTestId('feedback')).toContainText('✓')
  await shot(sp, 'student-right')
  await sp.getByTestId('next').click()
  // The second answer is wrong on purpose (D gong for D shang).
  await sp.getByTestId('answer-tonic').selectOption({ label: 'D' })
  await sp.getByTestId('answer-pattern-gong').click()
  await sp.getByTestId('submit-answer').click()
  await expect(sp.getByTestId('feedback')).toContainText('✗')
  await expect(sp.getByTestId('feedback')).toContainText('D商七声燕乐')
  // The same explanation and side-by-side scales as Practice.
  await expect(sp.getByTestId('truth-label')).toHaveText('D商七声燕乐')
  await expect(sp.getByTestId('answer-label')).toHaveText('D宫七声燕乐')
  await expect(sp.getByTestId('why')).toContainText('主音')
  await expect(sp.getByTestId('play-mine')).toBeEnabled()
  // On a phone the feedback fits the screen.
  await sp.setViewportSize(PHONE)
  expect(await overflow(sp)).toEqual([])
  await shot(sp, 'student-wrong-phone')
  await sp.setViewportSize({ width: 1280, height: 860 })
  await shot(sp, 'student-wrong')
  await sp.getByTestId('finish').click()
  await expect(sp.getByTestId('progress')).toContainText('2/2')
  // Export asks for the name once, then downloads.
  await sp.getByTestId('export-results').click()
  await sp.getByTestId('student-name-input').fill('李华')
  const [resultsDownload] = await Promise.all([
    sp.waitForEvent('download'),
    sp.getByTestId('save-name').click(),
  ])
  expect(resultsDownload.suggestedFilename()).toMatch(/\.wusheng-results$/)
  const resultsPath = join(dir, resultsDownload.suggestedFilename())
  await resultsDownload.saveAs(resultsPath)
  await expect(sp.getByTestId('student-name')).toHaveText('李华')
  await student.close()

  // Back to the teacher: import the results file into the gradebook.
  await page.getByTestId('new-pack').waitFor()
  await page.getByTestId('tab-grade').click()
  await page.getByTestId('gradebook-pack').selectOption({ index: 1 })
  await page.getByTestId('results-input').setInputFiles([resultsPath])
  const row = page.getByTestId('student-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('李华')
  await expect(page.getByTestId('student-score')).toHaveText('50%')
  await expect(row).toContainText('1/2')
  await expect(page.getByTestId('class-summary')).toContainText('60%')
  // The class matrix counts one yu→yu and one shang→gong.
  const matrix = page.getByTestId('class-matrix')
  await expect(matrix.locator('tbody tr').nth(4).locator('td').nth(4)).toHaveText('1')
  await expect(matrix.locator('tbody tr').nth(1).locator('td').nth(0)).toHaveText('1')
  await shot(page, 'teacher-gradebook')
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gradebook-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/\.csv$/)

  // In English too.
  await page.getByTestId('language').click()
  await expect(page.getByTestId('class-summary')).toContainText('1 student counted')
  await shot(page, 'teacher-gradebook-en')
  // On a phone the gradebook reflows: each student and each clip a card, nothing wider than the screen.
  await page.setViewportSize(PHONE)
  expect(await overflow(page)).toEqual([])
  await page.getByTestId('student-score').scrollIntoViewIfNeeded()
  await expect(page.getByTestId('student-score')).toBeInViewport({ ratio: 1 })
  await shot(page, 'teacher-gradebook-phone')
})

test('a bad pack shows a clear error and the assignments already here are untouched', async ({
  page,
  browser,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'wusheng-assign-'))
  const packPath = await makePack(page, dir)
  const bad = join(dir, 'homework.wusheng')
  await writeFile(bad, 'This is a text file, renamed.\n')

  const student = await browser.newContext()
  const sp = await student.newPage()
  await sp.goto('/#/assignments')
  await sp.getByTestId('pack-input').setInputFiles(packPath)
  await expect(sp.getByTestId('assignment')).toHaveCount(1)
  await sp.getByTestId('pack-input').setInputFiles(bad)
  await expect(sp.getByTestId('import-error')).toContainText('homework.wusheng')
  await expect(sp.getByTestId('import-error')).toContainText('zip')
  await expect(sp.getByTestId('assignment')).toHaveCount(1)
  await sp.getByTestId('language').click()
  await expect(sp.getByTestId('import-error')).toContainText('Nothing was written')
  await shot(sp, 'student-bad-pack-en')
  // The same pack twice is not a second assignment.
  await sp.getByTestId('pack-input').setInputFiles(packPath)
  await expect(sp.getByTestId('import-notice')).toContainText('already')
  await expect(sp.getByTestId('assignment')).toHaveCount(1)
  await sp.reload()
  await expect(sp.getByTestId('assignment')).toHaveCount(1)
  await student.close()
})

test('batch evaluation names a label whose audio file was not chosen, before running', async ({ page }) => {
  await page.goto('/#/assignments')
  await page.getByTestId('mode-teacher').check()
  await page.getByTestId('tab-evaluate').click()
  const csv = {
    name: 'labels.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('file,label\na-yu-pentatonic.wav,A羽五声\nmissing.wav,E角\n'),
  }
  await page.getByTestId('eval-files').setInputFiles([
    {
      name: 'a-yu-pentatonic.wav',
      mimeType: 'audio/wav',
      buffer: await readFile(fixture('a-yu-pentatonic.wav')),
    },
    csv,
  ])
  await expect(page.getByTestId('eval-summary')).toContainText('1 个音频，其中 1 个有标注')
  await expect(page.getByTestId('eval-no-audio')).toContainText('有 1 个标注找不到音频文件：missing.wav')
  await page.getByTestId('language').click()
  await expect(page.getByTestId('eval-summary')).toContainText('1 audio file, 1 with a label')
  await expect(page.getByTestId('eval-no-audio')).toContainText('1 label has no audio file: missing.wav')
  await shot(page, 'evaluate-no-audio-en')
  await expect(page.getByTestId('eval-run')).toBeEnabled()
})
