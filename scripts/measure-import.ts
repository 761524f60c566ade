// How long the page freezes while Settings → Data imports a backup of 100,000 attempts, in the built app (progress
// bar, Svelte updates and the reload of the model settings after it included). A PerformanceObserver reports the
// longest task; a 10 ms ticker reports the widest gap between its callbacks (what a click would have waited).
//   npx vite build --outDir /tmp/dist && DIST=/tmp/dist npx tsx scripts/measure-import.ts [attempts]
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { chromium } from 'playwright-core'
import { makeAttemptsBackup } from '../src/lib/store/test-fixtures.ts'
import { chromiumPath, CHROMIUM_ARGS } from './chromium-path.mjs'

const N = Number(process.argv[2] ?? 100_000)
const PORT = Number(process.env.PORT ?? 4198)
const DIST = process.env.DIST ?? 'dist'

// A file on disk, as a learner picks one (a buffer would be copied into the page in one long task of its own).
const FILE = `/tmp/wusheng-import-${N}.zip`
await writeFile(FILE, makeAttemptsBackup(N, [{ key: 'practice.tempo', value: 96 }]))

const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', DIST, '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
  { detached: true, stdio: 'ignore' },
)
try {
  await new Promise((r) => setTimeout(r, 3000))
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  const page = await browser.newPage()
  await page.addInitScript(() => {
    const bench = { longest: 0, gap: 0, gapAt: '', phase: 'idle', tasks: [] as string[] }
    Object.assign(window, { bench })
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        bench.longest = Math.max(bench.longest, e.duration)
        if (bench.phase !== 'idle') bench.tasks.push(`${Math.round(e.duration)}@${bench.phase}`)
      }
    }).observe({ type: 'longtask', buffered: false })
    let last = performance.now()
    setInterval(() => {
      const now = performance.now()
      if (bench.phase !== 'idle' && now - last > bench.gap)
        [bench.gap, bench.gapAt] = [now - last, bench.phase]
      last = now
      const p = document.querySelector('[data-testid=import-progress]')?.textContent?.trim()
      if (p) bench.phase = p
    }, 10)
  })
  await page.goto(`http://127.0.0.1:${PORT}/#/settings`)
  await page.getByTestId('data-settings').waitFor()
  await page.waitForTimeout(1000)
  // PROFILE=1: a CPU profile of the page during the import, its heaviest functions by self time.
  const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
    await cdp.send('Profiler.start')
  }
  const t0 = Date.now()
  await page.evaluate(() => {
    const w = window as unknown as { bench: { longest: number; gap: number; phase: string } }
    Object.assign(w.bench, { longest: 0, gap: 0, phase: 'started' })
  })
  await page.getByTestId('import-input').setInputFiles(FILE)
  await page.getByTestId('imported').or(page.getByTestId('import-refused')).waitFor({ timeout: 300_000 })
  const seconds = (Date.now() - t0) / 1000
  await page.waitForTimeout(1500)
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop')
    const self = new Map<string, number>()
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const dt = profile.timeDeltas ?? []
    profile.samples?.forEach((id, i) => {
      const f = byId.get(id)!.callFrame
      const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`
      self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000)
    })
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`${ms.toFixed(0).padStart(7)} ms  ${name}`)
  }
  const r = await page.evaluate(() => (window as unknown as { bench: object }).bench)
  console.log(
    `IMPORT ${N} attempts through Settings → Data: ${seconds.toFixed(1)} s; ${JSON.stringify(r, null, 0)}`,
  )
  await browser.close()
} finally {
  if (server.pid) process.kill(-server.pid)
}
