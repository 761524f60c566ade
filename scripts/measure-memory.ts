// Peak memory of judging the last 30 s of a long WAV on the command line (issue 13, README "Limits").
//   npx tsx scripts/measure-memory.ts            writes /tmp/wusheng-2h.wav (sparse) and measures both paths
//   npx tsx scripts/measure-memory.ts segment F   (internal) decodes only F's last 30 s and analyses it
// Uses GNU time's "Maximum resident set size" of each run (all of its processes).
import { spawnSync } from 'node:child_process'
import { open } from 'node:fs/promises'
import { decodeFile, LAST_30_SECONDS, sliceSegment } from '../cli/decode.ts'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { melodyNotes, synthesize } from '../src/lib/analysis/test-signals.ts'
import { encodeWav } from '../src/lib/audio/wav.ts'
import { labelFromTonic } from '../src/lib/theory/label.ts'

const [mode, arg] = process.argv.slice(2)

if (mode === 'segment') {
  const audio = await decodeFile(arg, { segment: LAST_30_SECONDS })
  const r = analyze(sliceSegment(audio, LAST_30_SECONDS), audio.sampleRate)
  console.log(JSON.stringify({ ok: r.ok, label: r.ok ? r.label : null, seconds: audio.duration }))
} else {
  const path = arg ?? '/tmp/wusheng-2h.wav'
  const rate = 44100
  const channels = 2
  const frames = 2 * 3600 * rate
  // A 2-hour 44.1 kHz stereo 16-bit WAV (1.27 GB), sparse: zeros, then a melody in its last 60 s.
  const header = encodeWav(new Float32Array(0), rate)
  const v = new DataView(header.buffer)
  v.setUint16(22, channels, true)
  v.setUint32(28, rate * 2 * channels, true)
  v.setUint16(32, 2 * channels, true)
  v.setUint32(4, 36 + frames * 2 * channels, true)
  v.setUint32(40, frames * 2 * channels, true)
  const label = labelFromTonic(9, 'yu')
  const tail = new Float32Array(60 * rate)
  const phrase = synthesize(melodyNotes(label), { sampleRate: rate })
  for (let at = 0; at < tail.length; at += phrase.length) tail.set(phrase.subarray(0, tail.length - at), at)
  const pcm = encodeWav(tail, rate).subarray(44)
  const stereo = new Uint8Array(pcm.length * 2)
  for (let i = 0; i < tail.length; i++) {
    stereo.set(pcm.subarray(2 * i, 2 * i + 2), 4 * i)
    stereo.set(pcm.subarray(2 * i, 2 * i + 2), 4 * i + 2)
  }
  const f = await open(path, 'w')
  await f.write(header, 0, header.length, 0)
  await f.truncate(header.length + frames * 2 * channels)
  await f.write(stereo, 0, stereo.length, header.length + (frames - tail.length) * 2 * channels)
  await f.close()
  for (const [what, args] of [
    ['identify as it is (the whole file decoded)', ['cli/identify.ts', '--json', path]],
    ['decodeFile(path, { segment: last 30 s }) + analyze', ['scripts/measure-memory.ts', 'segment', path]],
  ] as const) {
    const t0 = performance.now()
    const r = spawnSync('/usr/bin/time', ['-v', 'npx', 'tsx', ...args], { encoding: 'utf8' })
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]
    const seconds = ((performance.now() - t0) / 1000).toFixed(1)
    console.log(`${what}: peak ${rss ? Math.round(Number(rss) / 1024) : '?'} MB, ${seconds} s`)
    console.log(`  ${r.stdout.trim().slice(0, 200)}`)
  }
}
