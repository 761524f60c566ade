import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { unzipSync } from 'fflate'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { validateDataset } from '../../src/lib/eval/dataset.ts'
import { startModelServer, type ModelServer } from '../support/model-server.ts'
import { overflow } from '../support/overflow.ts'

const fixture = (name: string) => resolve('tests/fixtures', name)
// SHOTS=/some/dir saves screenshots of each step (for looking at the pages, not asserted).
const SHOTS = process.env.SHOTS
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}
/** What axe finds on the page (WCAG 2.0/2.1 A and AA, 2.2 AA, as tests/e2e/a11y.spec.ts checks). */
const axe = async (page: Page) =>
  (
    await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .options({ resultTypes: ['violations'] })
      .analyze()
  ).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)

const wav = async (name: string, as = name) => ({
  name: as,
  mimeType: 'audio/wav',
  buffer: await readFile(fixture(name)),
})

let server: ModelServer | undefined
test.afterEach(async () => {
  await server?.close()
  server = undefined
})

test('a Settings preset fills the protocol, model name and question, and keeps the address', async ({
  page,
}) => {
  await page.goto('/#/settings')
  await page.getByTestId('s-baseUrl').fill('http://127.0.0.1:9')
  await page.getByTestId('s-preset').selectOption('qwen2.5-omni-vllm')
  await expect(page.getByTestId('s-protocol')).toHaveValue('openai')
  await expect(page.getByTestId('s-model')).toHaveValue('Qwen/Qwen2.5-Omni-7B')
  await expect(page.getByTestId('s-question')).toHaveValue(/A羽调式/)
  await expect(page.getByTestId('s-baseUrl')).toHaveValue('http://127.0.0.1:9')
  await page.getByTestId('s-preset').selectOption('qwen2-audio-llamafactory')
  await expect(page.getByTestId('s-protocol')).toHaveValue('llamafactory')
  await expect(page.getByTestId('s-question')).toHaveValue('这段音乐是什么调式?')
  await expect(page.getByTestId('s-system')).toHaveValue('')
  expect(await axe(page)).toEqual([])
  await shot(page, 'settings-preset-zh')
  await page.getByTestId('language').click()
  await expect(page.getByText('Wusheng claims nothing about how well these models answer')).toBeVisible()
  await shot(page, 'settings-preset-en')
})

test('batch evaluation: a labels CSV with an open quote is refused with its line, in both languages', async ({
  page,
}) => {
  await page.goto('/#/assignments')
  await page.getByTestId('mode-teacher').check()
  await page.getByTestId('tab-evaluate').click()
  await page.getByTestId('eval-files').setInputFiles([
    await wav('a-yu-pentatonic.wav'),
    {
      name: 'labels.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('file,label\n"a-yu-pentatonic.wav,A羽五声\n'),
    },
  ])
  await expect(page.getByTestId('eval-csv-error')).toContainText('第 2 行的引号没有闭合')
  expect(await axe(page)).toEqual([])
  await page.getByTestId('language').click()
  await expect(page.getByTestId('eval-csv-error')).toContainText('the quote opened on line 2 is never closed')
})

test('batch evaluation with the model: N requests at once, unreadable files named, jieba ROUGE, export for fine-tuning', async ({
  page,
}) => {
  server = await startModelServer({ flavour: 'vllm', replies: ['这段音乐是A羽调式，属于C宫系统。'] })
  server.setFaults(Array.from({ length: 4 }, () => ({ kind: 'delay', ms: 1500 }) as const))
  await page.goto('/#/settings')
  await page.getByTestId('s-preset').selectOption('qwen2-audio-vllm')
  await page.getByTestId('s-baseUrl').fill(server.url)
  await page.getByTestId('save-model').click()
  await expect(page.getByTestId('saved')).toBeVisible()

  await page.goto('/#/assignments')
  await page.getByTestId('mode-teacher').check()
  await page.getByTestId('tab-evaluate').click()
  const names = ['a1.wav', 'a2.wav', 'a3.wav', 'a4.wav']
  await page.getByTestId('eval-files').setInputFiles([
    ...(await Promise.all(names.map((n) => wav('a-yu-pentatonic.wav', n)))),
    await wav('not-audio.wav', 'broken.wav'),
    {
      name: 'labels.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`file,label\n${[...names, 'broken.wav'].map((n) => `${n},A羽五声`).join('\n')}\n`),
    },
  ])
  await page.getByTestId('eval-concurrency').fill('4')
  await page.getByTestId('eval-run').click()
  await expect(page.getByTestId('eval-progress')).toHaveText('5/5', { timeout: 45_000 })
  expect(server.maxInFlight).toBeGreaterThanOrEqual(2)
  await expect(page.getByTestId('eval-unreadable')).toContainText('broken.wav')
  await expect(page.getByTestId('eval-report').locator('h3').first()).toContainText('4')
  await expect(page.getByTestId('acc-model-exact')).toHaveText(/100/)
  await expect(page.getByTestId('text-metrics')).toContainText('jieba', { timeout: 30_000 })
  await shot(page, 'evaluate-model-zh')

  await page.getByTestId('eval-finetune').locator('summary').click()
  expect(await axe(page)).toEqual([]) // the new controls: requests at once, unreadable files, the export form
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('eval-finetune-go').click(),
  ])
  expect(download.suggestedFilename()).toBe('wusheng_cnpm.zip')
  const zip = unzipSync(new Uint8Array(await readFile(await download.path())))
  const files = new Map(Object.entries(zip).map(([k, v]) => [k.replace(/^wusheng_cnpm\//, ''), v]))
  expect(validateDataset(files)).toEqual([])
  expect([...files.keys()].filter((k) => k.startsWith('audio/'))).toHaveLength(4)
  await page.getByTestId('language').click()
  await expect(page.getByTestId('eval-unreadable')).toContainText('1 clip could not be read')
  await shot(page, 'evaluate-model-en')
})

test('the pack editor exports its teacher-confirmed clips for fine-tuning', async ({ page }) => {
  await page.goto('/#/assignments')
  await page.getByTestId('mode-teacher').check()
  await page.getByTestId('new-pack').click()
  await page.getByTestId('pack-title').fill('lab')
  await page
    .getByTestId('clip-input')
    .setInputFiles([fixture('a-yu-pentatonic.wav'), fixture('d-shang-yanyue.wav')])
  await expect(page.getByTestId('draft-item')).toHaveCount(2)
  await expect(page.getByTestId('export-finetune')).toBeDisabled() // nothing confirmed yet
  // The teacher sets and so confirms the second clip's label; the first stays unconfirmed and is left out.
  await page.getByTestId('item-2-tonic').selectOption('2')
  await page.getByTestId('item-2-pattern').selectOption('shang')
  await page.getByTestId('item-2-type').selectOption('heptatonic-yanyue')
  await expect(page.getByTestId('item-2-confirmed')).toContainText('D商七声燕乐')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-finetune').click(),
  ])
  const zip = unzipSync(new Uint8Array(await readFile(await download.path())))
  const files = new Map(Object.entries(zip).map(([k, v]) => [k.replace(/^wusheng_cnpm\//, ''), v]))
  expect(validateDataset(files)).toEqual([])
  const examples = JSON.parse(new TextDecoder().decode(files.get('wusheng_cnpm.json')))
  expect(examples.map((e: { messages: { content: string }[] }) => e.messages[1].content)).toEqual([
    'D商七声燕乐',
  ])
  await expect(page.getByTestId('finetune-note')).toContainText('1')
  await shot(page, 'pack-finetune-zh')
})

test('the evaluation report reflows on a phone: nothing scrolls sideways, each file a card', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/#/assignments')
  await page.getByTestId('mode-teacher').check()
  await page.getByTestId('tab-evaluate').click()
  const names = ['a-rather-long-recording-name-from-a-field-trip-1.wav', 'a2.wav']
  await page.getByTestId('eval-files').setInputFiles([
    ...(await Promise.all(names.map((n) => wav('a-yu-pentatonic.wav', n)))),
    {
      name: 'labels.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`file,label\n${names.map((n) => `${n},A羽五声`).join('\n')}\n`),
    },
  ])
  await page.getByTestId('eval-run').click()
  await expect(page.getByTestId('eval-progress')).toHaveText('2/2', { timeout: 45_000 })
  await expect(page.getByTestId('eval-row')).toHaveCount(2)
  expect(await overflow(page)).toEqual([])
  // A card: the file's name above its labelled answers, not a row of columns.
  const row = page.getByTestId('eval-row').first()
  const [file, truth] = await Promise.all([
    row.locator('td').nth(0).boundingBox(),
    row.locator('td').nth(1).boundingBox(),
  ])
  expect(truth!.y).toBeGreaterThan(file!.y)
  await shot(page, 'evaluate-phone-zh')
})
