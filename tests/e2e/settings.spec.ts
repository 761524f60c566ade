import { expect, test } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { unzipSync, strFromU8 } from 'fflate'

const KEY = 'sk-settings-e2e-9d2c41'

test.beforeEach(async ({ page }) => {
  await page.goto('/#/settings')
})

test('bad values get a specific message per field, in Chinese and in English', async ({ page }) => {
  await page.getByTestId('s-baseUrl').fill('192.168.1.20:8000')
  await page.getByTestId('s-timeout').fill('0')
  await page.getByTestId('save-model').click()
  await expect(page.getByTestId('problem-baseUrl')).toContainText('请带上 http:// 或 https://')
  await expect(page.getByTestId('problem-timeout')).toContainText('1 到 600')
  await expect(page.getByTestId('s-baseUrl')).toHaveAttribute('aria-invalid', 'true')
  await page.getByTestId('s-baseUrl').fill('http://192.168.1.20:8000/v1/chat/completions')
  await expect(page.getByTestId('problem-baseUrl')).toContainText('http://192.168.1.20:8000/v1')
  await page.getByTestId('s-language').selectOption('en')
  await expect(page.getByTestId('problem-baseUrl')).toContainText('Give the server root, not an endpoint')
  await expect(page.getByTestId('saved')).toHaveCount(0)
})

test('settings persist across a reload; the key can be cleared', async ({ page }) => {
  await page.getByTestId('s-baseUrl').fill('http://192.168.1.20:8000')
  await page.getByTestId('s-protocol').selectOption('openai')
  await page.getByTestId('s-apiKey').fill(KEY)
  await page.getByTestId('s-model').fill('cnpm-merged')
  await page.getByTestId('s-system').fill('You are a musicologist.')
  await page.getByTestId('s-timeout').fill('45')
  await page.getByTestId('s-stream').check()
  await page.getByTestId('save-model').click()
  await expect(page.getByTestId('saved')).toBeVisible()
  await expect(page.getByTestId('s-apiKey')).toHaveAttribute('type', 'password')

  await page.reload()
  await expect(page.getByTestId('s-baseUrl')).toHaveValue('http://192.168.1.20:8000')
  await expect(page.getByTestId('s-protocol')).toHaveValue('openai')
  await expect(page.getByTestId('s-apiKey')).toHaveValue(KEY)
  await expect(page.getByTestId('s-model')).toHaveValue('cnpm-merged')
  await expect(page.getByTestId('s-system')).toHaveValue('You are a musicologist.')
  await expect(page.getByTestId('s-timeout')).toHaveValue('45')
  await expect(page.getByTestId('s-stream')).toBeChecked()
  await expect(page.getByTestId('model-settings')).toContainText('已保存一个密钥')

  await page.getByTestId('clear-key').click()
  await expect(page.getByTestId('key-cleared')).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('s-apiKey')).toHaveValue('')
  await expect(page.getByTestId('s-baseUrl')).toHaveValue('http://192.168.1.20:8000')
})

test('the exported backup never holds the key; it imports back without duplicates; garbage is refused', async ({
  page,
}) => {
  await page.getByTestId('s-baseUrl').fill('http://192.168.1.20:8000')
  await page.getByTestId('s-apiKey').fill(KEY)
  await page.getByTestId('save-model').click()
  await expect(page.getByTestId('saved')).toBeVisible()

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-backup').click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^wusheng-backup-\d{4}-\d{2}-\d{2}\.zip$/)
  await expect(page.getByTestId('exported')).toContainText('wusheng-backup-')
  const bytes = await readFile(await download.path())
  expect(bytes.includes(Buffer.from(KEY))).toBe(false)
  const files = unzipSync(new Uint8Array(bytes))
  const manifest = strFromU8(files['backup.json'])
  expect(manifest).not.toContain(KEY)
  expect(manifest).not.toContain('model.apiKey')
  expect(manifest).toContain('http://192.168.1.20:8000')

  await page.getByTestId('import-input').setInputFiles(await download.path())
  await expect(page.getByTestId('imported')).toContainText('新增 0 条')
  // The key survived on this device, untouched by the import.
  await expect(page.getByTestId('s-apiKey')).toHaveValue(KEY)

  await page.getByTestId('import-input').setInputFiles(resolve('tests/fixtures/not-audio.wav'))
  await expect(page.getByTestId('import-refused')).toHaveAttribute('data-reason', 'not-a-zip')
  await expect(page.getByTestId('import-refused')).toContainText('现有数据没有改动')
})

test('a backup restores the model settings on a fresh device, without the key', async ({ page }) => {
  await page.getByTestId('s-baseUrl').fill('http://10.1.2.3:8000')
  await page.getByTestId('s-model').fill('cnpm-lab')
  await page.getByTestId('s-apiKey').fill(KEY)
  await page.getByTestId('save-model').click()
  await expect(page.getByTestId('saved')).toBeVisible()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-backup').click(),
  ])
  const file = await download.path()
  // A fresh device: the database is deleted and the page reloaded.
  await page.evaluate(
    () =>
      new Promise<void>((done, fail) => {
        const req = indexedDB.deleteDatabase('wusheng')
        req.onsuccess = () => done()
        req.onerror = () => fail(req.error)
        req.onblocked = () => location.reload()
      }),
  )
  await page.reload()
  await expect(page.getByTestId('s-baseUrl')).toHaveValue('')
  await page.getByTestId('import-input').setInputFiles(file)
  await expect(page.getByTestId('imported')).toBeVisible()
  await expect(page.getByTestId('s-baseUrl')).toHaveValue('http://10.1.2.3:8000')
  await expect(page.getByTestId('s-model')).toHaveValue('cnpm-lab')
  await expect(page.getByTestId('s-apiKey')).toHaveValue('')
})

test('shows persistent-storage status and usage, and switches the language', async ({ page }) => {
  await expect(page.getByTestId('persistence')).not.toBeEmpty()
  await expect(page.getByTestId('usage')).toContainText(/已用|不报告/)
  await page.getByTestId('s-language').selectOption('en')
  await expect(page.getByRole('heading', { name: 'Model server' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible()
})
