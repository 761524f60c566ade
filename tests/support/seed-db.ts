// Seeding the built app's own IndexedDB for end-to-end tests (Progress, History, phone layouts).
import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { labelFromTonic } from '../../src/lib/theory/label.ts'
import { buildStatsShards, type AttemptRecord } from '../../src/lib/store/schema.ts'

/**
 * Writes attempts, their statistics rows (as the Store does: in the same transaction, merged into their shards)
 * and the clip they point to, straight into the app's own database, which the app created.
 */
export async function seedDb(page: Page, attempts: readonly AttemptRecord[], now: number, clipId: string) {
  const shards = buildStatsShards(attempts)
  const wav = [...readFileSync(resolve('tests/fixtures/a-yu-pentatonic.wav'))]
  const clip = {
    id: clipId,
    name: 'a-yu-pentatonic.wav',
    mime: 'audio/wav',
    label: labelFromTonic(9, 'yu'),
    origin: 'import',
    createdAt: now - 86_400_000 * 10,
  }
  await page.evaluate(
    async ({ attempts, shards, clip, wav }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const req = indexedDB.open('wusheng')
        req.onsuccess = () => ok(req.result)
        req.onerror = () => fail(req.error)
      })
      const tx = db.transaction(['attempts', 'attemptStats', 'clips'], 'readwrite')
      for (const a of attempts) tx.objectStore('attempts').put(a)
      const stats = tx.objectStore('attemptStats')
      for (const { shard, rows } of shards) {
        const get = stats.get(shard)
        get.onsuccess = () => {
          const ids = new Set(rows.map((r) => r.id))
          const kept = ((get.result?.rows ?? []) as { id: string }[]).filter((r) => !ids.has(r.id))
          stats.put({ shard, rows: [...kept, ...rows] })
        }
      }
      const blob = new Blob([new Uint8Array(wav)], { type: 'audio/wav' })
      tx.objectStore('clips').put({ ...clip, blob })
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok()
        tx.onerror = () => fail(tx.error)
      })
      db.close()
    },
    { attempts, shards, clip, wav },
  )
}
