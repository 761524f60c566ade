// axe (its default rules: WCAG 2.x A/AA and best practices) on every page, with and without data, in both
// languages at a desktop and a phone size.
// One test (one browser context) per size × language walks all 13 states, so the whole check stays fast.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readPack, writePack, writeResults } from '../../src/lib/packs/index.ts'
import { buildStatsShards, type AttemptRecord } from '../../src/lib/store/schema.ts'
import { seedAttempts } from '../browser/progress-seed.ts'

const fixture = (name: string) => resolve('tests/fixtures', name)
// SHOTS=/some/dir saves a screenshot of each state (for looking at the pages, not asserted).
const SHOTS = process.env.SHOTS

const SIZES = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'phone', width: 390, height: 844 },
] as const
const LOCALES = ['zh', 'en'] as const

/** A one-clip pack and a student's results for it, written by the app's own writers. */
async function packAndResults(dir: string): Promise<{ pack: string; results: string }> {
  const wav = new Uint8Array(await readFile(fixture('a-yu-pentatonic.wav')))
  const file = 'audio/a-yu-pentatonic.wav'
  const bytes = await writePack(
    {
      id: '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b',
      title: 'A11y week',
      instructions: 'Listen to the end.',
      passThreshold: 0.6,
      createdAt: '2030-01-01T00:00:00Z',
      items: [
        {
          id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          file,
          name: 'a-yu-pentatonic.wav',
          kind: 'tonic-pattern',
          label: { text: 'A羽五声', system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic' },
        },
      ],
    },
    new Map([[file, wav]]),
  )
  const read = await readPack(bytes)
  if (!read.ok) throw new Error(read.error.message)
  const text = await writeResults({
    packId: read.pack.id,
    packChecksum: read.checksum,
    student: '李华',
    exportedAt: '2030-01-02T00:00:00Z',
    answers: [
      {
        itemId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        answer: { tonic: 2, pattern: 'shang' },
        correct: false,
        fields: { tonic: false, pattern: false },
        latencyMs: 4000,
        replays: 1,
        hints: 0,
        at: Date.parse('2030-01-02T00:00:00Z'),
      },
    ],
    score: { correct: 0, total: 1 },
  })
  const pack = join(dir, 'a11y.wusheng')
  const results = join(dir, 'a11y.wusheng-results')
  await writeFile(pack, bytes)
  await writeFile(results, text)
  return { pack, results }
}

/** Writes answers and their statistics rows straight into the app's database (which the app created). */
async function seed(page: Page, attempts: readonly AttemptRecord[]) {
  const shards = buildStatsShards(attempts)
  await page.evaluate(
    async ({ attempts, shards }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const req = indexedDB.open('wusheng')
        req.onsuccess = () => ok(req.result)
        req.onerror = () => fail(req.error)
      })
      const tx = db.transaction(['attempts', 'attemptStats'], 'readwrite')
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
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok()
        tx.onerror = () => fail(tx.error)
      })
      db.close()
    },
    { attempts, shards },
  )
}

for (const size of SIZES)
  for (const locale of LOCALES)
    test.describe(`${size.name} ${locale}`, () => {
      test.use({ viewport: { width: size.width, height: size.height } })

      test(`axe finds nothing on 13 states (${size.name}, ${locale})`, async ({ page }) => {
        test.setTimeout(180_000)
        const files = await packAndResults(await mkdtemp(join(tmpdir(), 'wusheng-a11y-')))
        const found: string[] = []
        let checked = 0
        const check = async (state: string) => {
          // Let transitions and lazy pages settle so axe sees what a person sees.
          await page.waitForTimeout(150)
          if (SHOTS)
            await page.screenshot({
              path: join(SHOTS, `${size.name}-${locale}-${state}.png`),
              fullPage: true,
            })
          // Every rule axe runs by default (WCAG 2.0/2.1/2.2 A and AA, and best practices), plus the experimental
          // label-in-name check (WCAG 2.5.3). Only violations are collected: serialising every pass and
          // "incomplete" node is most of axe's time.
          const { violations } = await new AxeBuilder({ page })
            .options({
              resultTypes: ['violations'],
              rules: { 'label-content-name-mismatch': { enabled: true } },
            })
            .analyze()
          checked++
          for (const v of violations)
            found.push(
              `${state}: ${v.id} (${v.impact}) ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(' '))
                .join(' | ')}`,
            )
        }
        const go = async (hash: string) => {
          await page.goto(`/${hash}`)
          await expect(page.locator('main')).toBeVisible()
        }

        await page.goto('/')
        await page.evaluate((l) => localStorage.setItem('wusheng.locale', l), locale)
        await page.reload()

        await go('#/analyze')
        await expect(page.getByTestId('file-input')).toBeAttached()
        await check('analyze-empty')

        await go('#/progress')
        await expect(page.getByTestId('progress-empty')).toBeVisible()
        await check('progress-empty')

        await go('#/history')
        await expect(page.getByTestId('history-empty')).toBeVisible()
        await check('history-empty')

        await go('#/settings')
        await expect(page.getByTestId('s-baseUrl')).toBeVisible()
        await check('settings')

        await go('#/assignments')
        await page.getByTestId('pack-input').setInputFiles(files.pack)
        await expect(page.getByTestId('assignment')).toHaveCount(1)
        await check('assignments-student')

        await page.getByTestId('mode-teacher').check()
        await page.getByTestId('new-pack').click()
        await expect(page.getByTestId('pack-title')).toBeVisible()
        await check('assignments-teacher')

        await page.getByTestId('tab-evaluate').click()
        await expect(page.getByTestId('eval-files')).toBeAttached()
        await check('assignments-evaluate')

        await page.getByTestId('tab-grade').click()
        await page.getByTestId('gradebook-pack').selectOption({ index: 1 })
        await page.getByTestId('results-input').setInputFiles(files.results)
        await expect(page.getByTestId('student-row')).toHaveCount(1)
        await check('assignments-gradebook')

        await go('#/analyze')
        await page.getByTestId('file-input').setInputFiles(fixture('a-yu-pentatonic.wav'))
        await page.getByTestId('identify').click()
        await expect(page.getByTestId('result-label')).toBeVisible()
        await expect(page.getByTestId('contour-overlay')).toBeVisible()
        await check('analyze-result')

        await go('#/practice')
        await page.getByTestId('practice-start').click()
        await expect(page.getByTestId('practice-prompt')).toBeVisible()
        await check('practice-question')

        const stop = page.getByTestId('practice-stop')
        if (await stop.isVisible()) await stop.click()
        await page.keyboard.press('1')
        await expect(page.getByTestId('verdict')).toBeVisible()
        await expect(page.getByTestId('histogram')).toBeVisible()
        await check('practice-feedback')

        await seed(page, seedAttempts(60, { end: Date.now() - 60_000, days: 6, seed: 3 }))
        await go('#/progress')
        await expect(page.getByTestId('total-attempts')).toBeVisible()
        await check('progress-data')

        await go('#/history')
        await expect(page.getByTestId('history-row').first()).toBeVisible()
        await check('history-data')

        expect(found, found.join('\n')).toEqual([])
        expect(checked).toBe(13)
      })
    })
