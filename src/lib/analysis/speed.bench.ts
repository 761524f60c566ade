/**
 * Speed of analyze() on a 30 s clip, one core: `npx tsx src/lib/analysis/speed.bench.ts`.
 * A script, not a test: it prints ms per clip and × real time (median of 7 runs after 2 warm-ups).
 */
import { labelFromTonic } from '../theory/label.ts'
import { analyze } from './analyze.ts'
import { melodyNotes, synthesize } from './test-signals.ts'

for (const sampleRate of [44100, 16000]) measure(sampleRate)

function measure(sampleRate: number): void {
  const phrase = melodyNotes(labelFromTonic(9, 'yu'), 57, 0.35)
  const notes = Array.from({ length: 8 }, () => phrase).flat()
  const full = synthesize(notes, { sampleRate, vibratoCents: 30, noise: 0.01, tuning: 30 })
  const clip = full.subarray(0, 30 * sampleRate)
  const times: number[] = []
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now()
    const r = analyze(clip, sampleRate)
    times.push(performance.now() - t0)
    if (i === 0 && !r.ok) throw new Error(`no mode: ${r.detail}`)
  }
  const ms = times.slice(2).sort((a, b) => a - b)[3]
  console.log(
    `30 s clip at ${sampleRate} Hz: ${ms.toFixed(1)} ms (median of 7), ${((30 * 1000) / ms).toFixed(0)}× real time`,
  )
}
