import { expect, test, type Page } from '@playwright/test'
import type { AttemptRecord, CardRecord } from '../../src/lib/store/schema.ts'
import { applyAttempt } from '../../src/lib/tutor/scheduler.ts'

/** Answers the question on screen with key `key` and goes on to the next one. */
async function answer(page: Page, key: string, n: number): Promise<void> {
  await expect(page.getByTestId('practice-prompt')).toBeVisible()
  await page.keyboard.press(key)
  await expect(page.getByTestId('verdict')).toBeVisible()
  await expect(page.getByTestId('save-status')).toContainText(`本次共 ${n} 题`)
  await page.keyboard.press('Enter')
}

/** Every stored attempt and card, read straight from IndexedDB in the page. */
function stored(page: Page): Promise<{ attempts: AttemptRecord[]; cards: CardRecord[] }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('wusheng')
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll()
        r.onsuccess = () => resolve(r.result as T[])
        r.onerror = () => reject(r.error)
      })
    const out = { attempts: await all<AttemptRecord>('attempts'), cards: await all<CardRecord>('cards') }
    db.close()
    return out
  })
}

test('two tabs practising alternately lose no answer and no review, and each says the other is there', async ({
  context,
}) => {
  const a = await context.newPage()
  const b = await context.newPage()
  await a.goto('/#/practice')
  await b.goto('/#/practice')
  await expect(a.getByTestId('other-tab')).toBeVisible()
  await expect(b.getByTestId('other-tab')).toBeVisible()
  await a.getByTestId('practice-start').click()
  await b.getByTestId('practice-start').click()

  // Both tabs loaded the same (empty) cards; they now answer in turn, each from its own in-memory copy.
  const per = 8
  for (let i = 0; i < per; i++) {
    await answer(a, String((i % 5) + 1), i + 1)
    await answer(b, String(((i + 2) % 5) + 1), i + 1)
  }
  const { attempts, cards } = await stored(a)
  expect(attempts).toHaveLength(2 * per)
  // The cards one tab would have written answering all 16 in time order: every review counted, none overwritten.
  let expected: ReturnType<typeof applyAttempt> = []
  for (const at of [...attempts].sort((x, y) => x.at - y.at)) {
    const touched = applyAttempt(expected, at)
    const ids = new Set(touched.map((c) => c.id))
    expected = [...expected.filter((c) => !ids.has(c.id)), ...touched]
  }
  expect(expected.length).toBeGreaterThan(0)
  expect(Math.max(...expected.map((c) => c.reps))).toBeGreaterThan(1)
  const reps = (list: { key?: string; id: string; reps?: number; card?: { reps: number } }[]) =>
    Object.fromEntries(list.map((c) => [c.key ?? c.id, c.card?.reps ?? c.reps])).valueOf()
  expect(reps(cards)).toEqual(reps(expected))

  await b.close()
  await expect(a.getByTestId('other-tab')).toBeHidden({ timeout: 20_000 })
})
