/**
 * The command line's speed as a user meets it: `identify --json` on a batch of 40 generated clips of 17 s
 * (16 kHz WAV), the whole command timed — process start, loading, decoding and analysis — run three times
 * after one warm-up (which builds the compiled CLI if needed); the median is reported.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeWav } from '../src/lib/audio/wav.ts'
import { makeClip, renderClip } from './clips.ts'

export interface CliSpeed {
  readonly files: number
  readonly audioSeconds: number
  readonly wallSeconds: number
  readonly timesRealTime: number
  /** User + system CPU time of the command (GNU time), immune to other processes sharing the cores. */
  readonly cpuSeconds: number | null
  readonly cpuTimesRealTime: number | null
}

const GNU_TIME = '/usr/bin/time'

export function cliSpeed(log: (s?: string) => void, count = 40, seconds = 17, sampleRate = 16000): CliSpeed {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const dir = mkdtempSync(join(tmpdir(), 'wusheng-cli-speed-'))
  try {
    const files: string[] = []
    for (let i = 0; i < count; i++) {
      const region = renderClip(makeClip(i, 977), sampleRate)
      const clip = region.subarray(Math.max(0, region.length - seconds * sampleRate))
      const file = join(dir, `clip-${i}.wav`)
      writeFileSync(file, encodeWav(clip, sampleRate))
      files.push(file)
    }
    const audio = count * seconds
    const timed = existsSync(GNU_TIME)
    const command = [process.execPath, join(root, 'scripts/run-cli.mjs'), 'identify', '--json', ...files]
    const run = (): { wall: number; cpu: number | null } => {
      const t0 = performance.now()
      const r = timed
        ? spawnSync(GNU_TIME, ['-f', 'cpu %U %S', ...command], { encoding: 'utf8' })
        : spawnSync(command[0], command.slice(1), { encoding: 'utf8' })
      const wall = (performance.now() - t0) / 1000
      const lines = r.stdout.trim().split('\n')
      if (r.status !== 0 || lines.length !== count)
        throw new Error(`identify failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`)
      const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr)
      return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : null }
    }
    run() // warm-up: builds the compiled CLI when a source changed
    const runs = [run(), run(), run()]
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]
    const wall = median(runs.map((r) => r.wall))
    const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== null)
    const cpu = cpus.length ? median(cpus) : null
    const out = {
      files: count,
      audioSeconds: audio,
      wallSeconds: wall,
      timesRealTime: audio / wall,
      cpuSeconds: cpu,
      cpuTimesRealTime: cpu ? audio / cpu : null,
    }
    log(
      `command line    identify --json on ${count} clips of ${seconds} s (${audio} s of 16 kHz WAV): ${wall.toFixed(2)} s wall for the whole command = ${out.timesRealTime.toFixed(0)}× real time (median of 3; process start, decoding and analysis included)${cpu ? `; its CPU time ${cpu.toFixed(2)} s = ${(audio / cpu).toFixed(0)}×` : ''}`,
    )
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
