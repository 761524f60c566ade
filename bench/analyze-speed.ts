/**
 * Speed of analyze() on a 30 s clip: `npx tsx bench/analyze-speed.ts`. A script, not a test.
 * Prints wall time (median of 7 runs after 2 warm-ups) and, under Node, CPU time of the same runs, which is
 * the honest figure when other processes share the cores.
 */
import { labelFromTonic } from '../src/lib/theory/label.ts'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { melodyNotes, synthesize } from '../src/lib/analysis/test-signals.ts'

type CpuUsage = { user: number; system: number }
// Node's process, when there is one; the script stays type-correct in the browser project.
const proc = (globalThis as { process?: { cpuUsage(prev?: CpuUsage): CpuUsage } }).process

for (const sampleRate of [44100, 16000]) measure(sampleRate)

function measure(sampleRate: number): void {
  const phrase = melodyNotes(labelFromTonic(9, 'yu'), 57, 0.35)
  const notes = Array.from({ length: 8 }, () => phrase).flat()
  const full = synthesize(notes, { sampleRate, vibratoCents: 30, noise: 0.01, tuning: 30 })
  const clip = full.subarray(0, 30 * sampleRate)
  for (let i = 0; i < 2; i++) if (!analyze(clip, sampleRate).ok) throw new Error('no mode in the speed clip')
  const times: number[] = []
  const cpu0 = proc?.cpuUsage()
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now()
    analyze(clip, sampleRate)
    times.push(performance.now() - t0)
  }
  const used = cpu0 && proc ? proc.cpuUsage(cpu0) : undefined
  const wall = times.sort((a, b) => a - b)[3]
  const cpu = used ? (used.user + used.system) / 1000 / 7 : NaN
  console.log(
    `30 s clip at ${sampleRate} Hz: wall ${wall.toFixed(1)} ms (${((30 * 1000) / wall).toFixed(0)}× real time)` +
      (used ? `, CPU ${cpu.toFixed(1)} ms (${((30 * 1000) / cpu).toFixed(0)}× real time)` : ''),
  )
}
