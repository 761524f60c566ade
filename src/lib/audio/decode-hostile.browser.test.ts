import { describe, expect, it } from 'vitest'
import { AudioInputError, decodeAudioFile, type AudioInputErrorKind } from './decode.ts'
import { encodeWav, encodeWavFloat32 } from './wav.ts'
import { analyze } from '../analysis/analyze.ts'
import { melodyNotes, synthesize } from '../analysis/test-signals.ts'
import { labelFromTonic } from '../theory/label.ts'

const fileOf = (bytes: Uint8Array<ArrayBuffer>, name: string) =>
  new File([bytes], name, { type: 'audio/wav' })

async function kindOf(p: Promise<unknown>): Promise<AudioInputErrorKind | 'ok'> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  )
  if (e === null) return 'ok'
  expect(e).toBeInstanceOf(AudioInputError)
  return (e as AudioInputError).kind
}

const label = labelFromTonic(9, 'yu')
const melody = () => synthesize([...melodyNotes(label), ...melodyNotes(label)], { sampleRate: 16000 })

describe('hostile samples and headers', () => {
  it('one NaN and one Inf in a float WAV are zeroed and counted: the melody is still named', async () => {
    const clean = melody()
    const dirty = clean.slice()
    dirty[5000] = NaN
    dirty[9000] = Infinity
    const d = await decodeAudioFile(fileOf(encodeWavFloat32(dirty, 16000), 'nan.wav'))
    expect(d.nonFinite).toBe(2)
    expect(d.samples.every(Number.isFinite)).toBe(true)
    const r = analyze(d.samples, d.sampleRate)
    const ref = analyze(clean, 16000)
    expect(ref.ok).toBe(true)
    expect(r.ok && [r.label.tonic, r.label.pattern]).toEqual(ref.ok && [ref.label.tonic, ref.label.pattern])
    // ... at 44.1 kHz too, where the resampler would have spread the NaN over every later sample.
    const up = synthesize([...melodyNotes(label), ...melodyNotes(label)], { sampleRate: 44100 })
    up[44100] = NaN
    const d44 = await decodeAudioFile(fileOf(encodeWavFloat32(up, 44100), 'nan44.wav'))
    expect(d44.nonFinite).toBe(1)
    expect(d44.samples.every(Number.isFinite)).toBe(true)
    const r44 = analyze(d44.samples, d44.sampleRate)
    expect(r44.ok && [r44.label.tonic, r44.label.pattern]).toEqual(
      ref.ok && [ref.label.tonic, ref.label.pattern],
    )
  })

  it('a clip of which more than 1% is NaN is refused as damaged', async () => {
    const x = melody()
    for (let i = 0; i < x.length; i += 50) x[i] = NaN
    const e = await decodeAudioFile(fileOf(encodeWavFloat32(x, 16000), 'nans.wav')).catch(
      (err: unknown) => err,
    )
    expect((e as AudioInputError).kind).toBe('non-finite')
    expect((e as AudioInputError).message).toMatch(/damaged: \d+ of its samples are not numbers/)
  })

  it('a header whose frame size cannot hold its samples is a damaged header, not a DataView error', async () => {
    const bytes = encodeWav(melody(), 16000)
    new DataView(bytes.buffer).setUint16(32, 1, true) // blockAlign 1 for 16-bit mono
    const e = await decodeAudioFile(fileOf(bytes, 'bad.wav')).catch((err: unknown) => err)
    expect((e as AudioInputError).kind).toBe('bad-header')
    expect((e as AudioInputError).message).toContain('each frame is 1 bytes')
    expect((e as AudioInputError).message).not.toMatch(/DataView/)
  })

  it('a header claiming 5.5 hours through a tiny sample rate is a damaged header, not "too short"', async () => {
    const bytes = encodeWav(melody(), 16000)
    const v = new DataView(bytes.buffer)
    v.setUint32(24, 16, true) // 16 Hz: the 12 s melody "lasts" over 3 hours
    v.setUint32(28, 32, true)
    expect(await kindOf(decodeAudioFile(fileOf(bytes, 'slow.wav')))).toBe('bad-header')
  })

  it('a segment of a WAV is read by seeking and equals the same stretch of a full decode', async () => {
    const x = synthesize([...melodyNotes(label), ...melodyNotes(label), ...melodyNotes(label)], {
      sampleRate: 44100,
    })
    const file = fileOf(encodeWav(x, 44100), 'long.wav')
    const full = await decodeAudioFile(file)
    const tail = await decodeAudioFile(file, { segment: { start: -10, end: Infinity } })
    expect(tail.duration).toBeCloseTo(10, 1)
    expect(tail.offset! + tail.duration).toBeCloseTo(full.duration, 2)
    const from = Math.round(tail.offset! * 16000)
    let worst = 0
    for (let i = 2000; i < tail.samples.length - 2000; i++)
      worst = Math.max(worst, Math.abs(tail.samples[i] - full.samples[from + i]))
    expect(worst).toBeLessThan(1e-3)
  })
})
