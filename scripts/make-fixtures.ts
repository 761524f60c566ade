/**
 * Writes the WAV fixtures used by browser and end-to-end tests into tests/fixtures/ (deterministic: running it
 * again rewrites the same bytes). Run with `npx tsx scripts/make-fixtures.ts`; add `--check` to also run the
 * analyzer on each fixture and print what it hears.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderMelody, type RenderOptions } from '../src/lib/synth/render.ts'
import { labelFromTonic, type Label } from '../src/lib/theory/label.ts'
import { generateMelody } from '../src/lib/tutor/melody.ts'
import type { MelodyOptions } from '../src/lib/tutor/melody-types.ts'

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures')

/** A canonical 44-byte RIFF/WAVE header for 16-bit PCM mono; `dataBytes` is what the header claims. */
function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44)
  h.write('RIFF', 0, 'ascii')
  h.writeUInt32LE(36 + dataBytes, 4)
  h.write('WAVE', 8, 'ascii')
  h.write('fmt ', 12, 'ascii')
  h.writeUInt32LE(16, 16) // fmt chunk size
  h.writeUInt16LE(1, 20) // PCM
  h.writeUInt16LE(1, 22) // mono
  h.writeUInt32LE(sampleRate, 24)
  h.writeUInt32LE(sampleRate * 2, 28) // byte rate
  h.writeUInt16LE(2, 32) // block align
  h.writeUInt16LE(16, 34) // bits per sample
  h.write('data', 36, 'ascii')
  h.writeUInt32LE(dataBytes, 40)
  return h
}

/** Samples in -1..1 to 16-bit little-endian PCM (clipped, rounded). */
function pcm16(samples: Float32Array): Buffer {
  const b = Buffer.alloc(samples.length * 2)
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]))
    b.writeInt16LE(Math.round(s < 0 ? s * 32768 : s * 32767), i * 2)
  }
  return b
}

/** A complete 16-bit PCM mono WAV file. */
function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = pcm16(samples)
  return Buffer.concat([wavHeader(sampleRate, data.length), data])
}

/** A generated melody in `label`, rendered. */
function melodyClip(
  label: Label,
  melody: MelodyOptions,
  sampleRate: number,
  render: Partial<RenderOptions>,
): Float32Array {
  return renderMelody(generateMelody(label, melody), sampleRate, render)
}

/** Pads with leading silence (or keeps the end) to exactly `seconds`. */
function fitTo(samples: Float32Array, sampleRate: number, seconds: number): Float32Array {
  const n = Math.round(seconds * sampleRate)
  const out = new Float32Array(n)
  const take = Math.min(n, samples.length)
  out.set(samples.subarray(samples.length - take), n - take)
  return out
}

interface Fixture {
  readonly file: string
  readonly bytes: Buffer
  /** Samples and rate, for --check. */
  readonly audio?: { readonly samples: Float32Array; readonly sampleRate: number }
}

function fixtures(): Fixture[] {
  const aYu = labelFromTonic(9, 'yu')
  const dShangYanyue = labelFromTonic(2, 'shang', 'heptatonic-yanyue')
  const gZhi = labelFromTonic(7, 'zhi')
  const ebGong = labelFromTonic(3, 'gong')
  const out: Fixture[] = []
  const add = (file: string, samples: Float32Array, sampleRate: number): void => {
    out.push({ file, bytes: encodeWav(samples, sampleRate), audio: { samples, sampleRate } })
  }

  add(
    'a-yu-pentatonic.wav',
    melodyClip(aYu, { seed: 101, bars: 4, tempo: 84 }, 16000, {
      seed: 1,
      timbre: 'plucked',
      tuning: 0,
      reverb: { mix: 0.15, decay: 1 },
    }),
    16000,
  )
  add(
    'd-shang-yanyue.wav',
    melodyClip(dShangYanyue, { seed: 202, bars: 5, tempo: 84, extraToneRate: 0.08 }, 8000, {
      seed: 2,
      timbre: 'bowed',
      tuning: 20,
      reverb: { mix: 0.2, decay: 1.2 },
    }),
    8000,
  )
  add(
    'mic-a-yu.wav',
    melodyClip(aYu, { seed: 303, bars: 3, tempo: 124 }, 48000, {
      seed: 3,
      timbre: 'blown',
      leadIn: 0.1,
      tail: 0.4,
    }),
    48000,
  )
  // 45 s: 15 s in E♭宫 (another system), then 30 s in G徵 ending on G. Analysed whole it is a mixture; the
  // default region (the last 30 s) holds only G徵.
  const first = fitTo(
    melodyClip(ebGong, { seed: 404, bars: 4, tempo: 72 }, 6000, { seed: 4, timbre: 'bowed', tail: 0.3 }),
    6000,
    15,
  )
  const last = fitTo(
    melodyClip(gZhi, { seed: 405, bars: 10, tempo: 84 }, 6000, { seed: 5, timbre: 'bowed' }),
    6000,
    30,
  )
  const long = new Float32Array(first.length + last.length)
  long.set(first)
  long.set(last, first.length)
  add('long-45s.wav', long, 6000)
  add('silence.wav', new Float32Array(3 * 8000), 8000)

  out.push({ file: 'not-audio.wav', bytes: Buffer.from('This is a text file, not a WAV file.\n', 'utf8') })
  // A valid header claiming 4 s of 16 kHz audio, followed by 1.5 s and half a sample: a cut-off download.
  const cut = pcm16(melodyClip(aYu, { seed: 101, bars: 4, tempo: 84 }, 16000, { seed: 1 }).subarray(0, 24000))
  out.push({
    file: 'truncated.wav',
    bytes: Buffer.concat([wavHeader(16000, 4 * 16000 * 2), cut, cut.subarray(0, 1)]),
  })
  out.push({ file: 'empty.wav', bytes: Buffer.alloc(0) })
  return out
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const all = fixtures()
  let total = 0
  for (const f of all) {
    writeFileSync(join(OUT, f.file), f.bytes)
    total += f.bytes.length
    console.log(`${f.file.padEnd(22)} ${(f.bytes.length / 1024).toFixed(1).padStart(7)} KiB`)
  }
  console.log(`${'total'.padEnd(22)} ${(total / 1024).toFixed(1).padStart(7)} KiB`)
  if (process.argv.includes('--check')) {
    const { analyze } = await import('../src/lib/analysis/analyze.ts')
    for (const f of all.filter((x) => x.audio)) {
      const { samples, sampleRate } = f.audio!
      const r = analyze(samples.subarray(Math.max(0, samples.length - 30 * sampleRate)), sampleRate)
      const said = r.ok
        ? `tonic ${r.label.tonic} ${r.label.pattern} ${r.label.type} (confidence ${r.confidence.toFixed(2)})`
        : `no mode: ${r.reason}`
      console.log(`check ${f.file.padEnd(22)} ${said}`)
    }
  }
}

await main()
