import { expect, test, type Page } from '@playwright/test'
import { strToU8, zipSync } from 'fflate'
import { makeAttempt } from '../../src/lib/store/test-fixtures.ts'
import { attemptSource } from '../../src/lib/store/schema.ts'
import { DB_VERSION } from '../../src/lib/store/migrations.ts'

/** Writes a record straight into the app's IndexedDB, as an older, buggy or hand-edited version could have. */
async function putRaw(page: Page, store: string, value: unknown): Promise<void> {
  await page.evaluate(
    async ([name, record]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('wusheng')
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
      })
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(name as string, 'readwrite')
        tx.objectStore(name as string).put(record)
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
      })
      db.close()
    },
    [store, value] as const,
  )
}

test('a stored draft of {"evil": true} no longer bricks Assignments; Settings lists it to export and delete', async ({
  page,
}) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/#/assignments')
  await expect(page.getByTestId('mode-teacher')).toBeVisible()
  await putRaw(page, 'assignments', {
    id: 'draft-evil',
    title: 'evil',
    manifest: { evil: true },
    clipIds: [],
    status: 'draft',
    createdAt: 1,
  })
  await page.reload()
  await page.getByTestId('mode-teacher').check()
  await expect(page.getByTestId('new-pack')).toBeVisible()
  await page.getByTestId('new-pack').click()
  await expect(page.getByTestId('pack-title')).toBeVisible()
  await page.getByTestId('mode-student').check()
  await expect(page.getByTestId('new-pack')).toBeHidden()
  expect(errors).toEqual([])

  await page.goto('/#/settings')
  const row = page.getByTestId('damaged-record')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('evil')
  await expect(row).toContainText('evil: unexpected field')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: /导出|Export/ }).click(),
  ])
  expect(download.suggestedFilename()).toBe('wusheng-damaged-assignments-draft-evil.json')
  await row.getByRole('button', { name: /删除|Delete/ }).click()
  await expect(page.getByTestId('damaged-records')).toBeHidden()
  expect(errors).toEqual([])
})

test('a backup of 20,000 attempts imports with progress shown, and the page answers meanwhile', async ({
  page,
}) => {
  const attempts = Array.from({ length: 20_000 }, (_, i) => {
    const a = makeAttempt(i)
    return { ...a, source: attemptSource(a) }
  })
  const manifest = {
    format: 'wusheng-backup',
    version: 1,
    schemaVersion: DB_VERSION,
    exportedAt: 1_750_000_000_000,
    attempts,
    clips: [],
    cards: [],
    settings: [],
    assignments: [],
    results: [],
  }
  const buffer = Buffer.from(zipSync({ 'backup.json': strToU8(JSON.stringify(manifest)) }))
  await page.goto('/#/settings')
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'big.zip', mimeType: 'application/zip', buffer })
  await expect(page.getByTestId('import-progress')).toBeVisible()
  // The page answers while the import runs: switching the language re-renders at once.
  await page.getByTestId('s-language').selectOption('en')
  await expect(page.getByTestId('import-progress')).toContainText(/Checking the backup|Saving/)
  await expect(page.getByTestId('imported')).toContainText('added 20000', { timeout: 60_000 })
  await expect(page.getByTestId('import-progress')).toBeHidden()
})
