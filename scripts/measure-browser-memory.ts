// Peak renderer memory of decoding a 59-minute WAV in headless Chromium, from a real file on disk (as a learner's
// File is): decoded whole, or only its last 30 s by seeking (README "Limits"). Runs Vite's dev server so the page
// can import the decoder's module directly; samples the largest renderer process's RSS every 0.2 s.
//   npx tsx scripts/measure-browser-memory.ts
import { spawn, spawnSync } from 'node:child_process'
import { open } from 'node:fs/promises'
import { chromium } from 'playwright-core'
import { encodeWav } from '../src/lib/audio/wav.ts'
import { chromiumPath, CHROMIUM_ARGS } from './chromium-path.mjs'

const PATH = '/tmp/wusheng-59min.wav'
const PORT = 4199
const rate = 44100
const channels = 2
const frames = 59 * 60 * rate

// 59 min of 44.1 kHz stereo 16-bit (624 MB), sparse: zeros, then a 440 Hz tone in the last 60 s.
const header = encodeWav(new Float32Array(0), rate)
const v = new DataView(header.buffer)
v.setUint16(22, channels, true)
v.setUint32(28, rate * 2 * channels, true)
v.setUint16(32, 2 * channels, true)
v.setUint32(4, 36 + frames * 2 * channels, true)
v.setUint32(40, frames * 2 * channels, true)
const tail = new Uint8Array(60 * rate * 2 * channels)
const tv = new DataView(tail.buffer)
for (let i = 0; i < 60 * rate; i++)
  for (let c = 0; c < channels; c++)
    tv.setInt16((i * channels + c) * 2, Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true)
const f = await open(PATH, 'w')
await f.write(header, 0, header.length, 0)
await f.truncate(header.length + frames * 2 * channels)
await f.write(tail, 0, tail.length, header.length + (frames - 60 * rate) * 2 * channels)
await f.close()

const server = spawn('npx', ['vite', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
  detached: true,
  stdio: 'ignore',
})
await new Promise((r) => setTimeout(r, 4000))
{
  // The dev server optimises dependencies on the first import and reloads the page: get that over with.
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${PORT}/`)
  await page.waitForTimeout(3000)
  await page.evaluate(() => import('/src/lib/audio/decode.ts' as string)).catch(() => {})
  await page.waitForTimeout(3000)
  await browser.close()
}

const rendererRss = () => {
  const ps = spawnSync('ps', ['-C', 'chromium', '-o', 'rss=,args='], { encoding: 'utf8' }).stdout
  return Math.max(
    0,
    ...ps
      .split('\n')
      .filter((l) => l.includes('--type=renderer'))
      .map((l) => Number(l.trim().split(/\s+/)[0])),
  )
}

try {
  for (const [what, options] of [
    ['decoded whole', { allowSilent: true }],
    ['its last 30 s, read by seeking', { segment: { start: -30, end: Infinity } }],
  ] as const) {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${PORT}/`)
    await page.waitForTimeout(2000)
    await page.evaluate(() => {
      const input = document.createElement('input')
      input.type = 'file'
      input.id = 'bench-file'
      document.body.append(input)
    })
    await page.setInputFiles('#bench-file', PATH)
    const base = rendererRss()
    let peak = base
    const timer = setInterval(() => (peak = Math.max(peak, rendererRss())), 200)
    const t0 = performance.now()
    const samples = await page.evaluate(async (opts) => {
      const { decodeAudioFile } = await import('/src/lib/audio/decode.ts' as string)
      const file = (document.getElementById('bench-file') as HTMLInputElement).files![0]
      const d = await decodeAudioFile(file, opts)
      return d.samples.length
    }, options)
    clearInterval(timer)
    console.log(
      `${what}: ${samples} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s, renderer ${Math.round(base / 1024)} MB before, peak ${Math.round(peak / 1024)} MB`,
    )
    await browser.close()
  }
} finally {
  process.kill(-server.pid!)
}
