/**
 * The command line's speed as a user meets it: `identify --json` on a batch of 40 generated clips of 17 s
 * (16 kHz WAV), the whole command timed — process start, loading, decoding and analysis — run three times
 * after one warm-up (which builds the compiled CLI if needed); the median is reported.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
}

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
    const audio = (count * Math.min(seconds * sampleRate, Infinity)) / sampleRate
    const run = (): number => {
      const t0 = performance.now()
      const r = spawnSync(
        process.execPath,
        [join(root, 'scripts/run-cli.mjs'), 'identify', '--json', ...files],
        {
          encoding: 'utf8',
        },
      )
      const wall = (performance.now() - t0) / 1000
      const lines = r.stdout.trim().split('\n')
      if (r.status !== 0 || lines.length !== count)
        throw new Error(`identify failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`)
      return wall
    }
    run() // warm-up: builds the compiled CLI when a source changed
    const walls = [run(), run(), run()].sort((a, b) => a - b)
    const wall = walls[1]
    const out = { files: count, audioSeconds: audio, wallSeconds: wall, timesRealTime: audio / wall }
    log(
      `command line    identify --json on ${count} clips of ${seconds} s (${audio.toFixed(0)} s of 16 kHz WAV): ${wall.toFixed(2)} s for the whole command = ${out.timesRealTime.toFixed(0)}× real time (median of 3; process start, decoding and analysis included)`,
    )
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
