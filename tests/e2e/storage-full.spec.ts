// Storage really full, not mocked: the browser profile lives on a small tmpfs (scripts/storage-full.sh mounts one
// and sets WUSHENG_QUOTA_DIR), a page fills it until Chromium refuses a write, and the app must say so and keep
// what it had. Skipped when no such directory is given (mounting needs root).
import { expect, test, chromium, type Page } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs'

const DIR = process.env.WUSHENG_QUOTA_DIR

/** Fills the origin's storage with 1 MB blobs in a throw-away database until the browser refuses one. */
function fill(page: Page): Promise<{ megabytes: number; error: string }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('filler')
      r.onupgradeneeded = () => r.result.createObjectStore('x')
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    // 1 MB blobs until one is refused, then smaller ones: the last kilobytes go too, so a small answer cannot fit.
    let megabytes = 0
    let error = 'none'
    let key = 0
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9]) {
      for (let n = 0; n < 4096; n++) {
        const failed = await new Promise<string | null>((resolve) => {
          const tx = db.transaction('x', 'readwrite')
          tx.objectStore('x').put(new Blob([new Uint8Array(size).map((_, i) => (i * 31 + key) & 255)]), key++)
          tx.oncomplete = () => resolve(null)
          tx.onabort = () => resolve(tx.error?.name ?? 'AbortError')
        })
        if (failed) {
          error = failed
          break
        }
        megabytes += size / (1 << 20)
      }
    }
    db.close()
    return { megabytes, error }
  })
}

function storedAttempts(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('wusheng')
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    const n = await new Promise<number>((resolve) => {
      const r = db.transaction('attempts').objectStore('attempts').count()
      r.onsuccess = () => resolve(r.result)
    })
    db.close()
    return n
  })
}

test.skip(!DIR, 'set WUSHENG_QUOTA_DIR to a directory on a small tmpfs (scripts/storage-full.sh does)')

test('with the disk full, an answer is refused with "storage full", earlier data is kept, and freeing space works', async ({
  baseURL,
}) => {
  const profile = await mkdtemp(join(DIR!, 'profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    baseURL,
  })
  try {
    const page = await context.newPage()
    await page.goto('/#/practice')
    await page.getByTestId('practice-start').click()
    await page.keyboard.press('1')
    await expect(page.getByTestId('save-status')).toContainText('本次共 1 题')
    await page.keyboard.press('Enter')

    const filled = await fill(page)
    expect(filled.error).toBe('QuotaExceededError')

    await page.keyboard.press('2')
    const alert = page.getByTestId('save-status').getByRole('alert')
    await expect(alert).toContainText('这次的答案没有保存成功，仍保留在本页中')
    await expect(alert).toContainText('storage quota exceeded')
    await expect(alert).toContainText('export a backup, then delete old recordings')
    expect(await storedAttempts(page)).toBe(1)

    // Space freed (here: the filler deleted), the app goes on saving; the first answer was never lost.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const r = indexedDB.deleteDatabase('filler')
          r.onsuccess = () => resolve()
          r.onerror = () => resolve()
        }),
    )
    await page.reload()
    await page.getByTestId('practice-start').click()
    await page.keyboard.press('3')
    await expect(page.getByTestId('save-status')).toContainText('本次共 1 题')
    expect(await storedAttempts(page)).toBe(2)
  } finally {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  }
})
