import { describe, expect, it } from 'vitest'
import {
  AudioInputError,
  decodeAudioFile,
  isSilent,
  sniffFormat,
  type AudioInputErrorKind,
} from './decode.ts'
import { resampleTo } from './resample.ts'
import { cents, pitchOf, rms, sine } from './test-signals.ts'
import { encodeWav, encodeWavFloat32 } from './wav.ts'
import emptyUrl from '../../../tests/fixtures/empty.wav?url'
import notAudioUrl from '../../../tests/fixtures/not-audio.wav?url'
import truncatedUrl from '../../../tests/fixtures/truncated.wav?url'
import silenceUrl from '../../../tests/fixtures/silence.wav?url'
import long45Url from '../../../tests/fixtures/long-45s.wav?url'
import micUrl from '../../../tests/fixtures/mic-a-yu.wav?url'

const fileOf = (bytes: Uint8Array<ArrayBuffer>, name: string, type = 'audio/wav') =>
  new File([bytes], name, { type })

/** A 16-bit stereo WAV whose left channel is `left` and right channel `right`. */
function stereoWav(left: Float32Array, right: Float32Array, rate: number): Uint8Array<ArrayBuffer> {
  const mono = encodeWav(new Float32Array(left.length * 2), rate) // right size; header patched below
  const v = new DataView(mono.buffer)
  v.setUint16(22, 2, true)
  v.setUint32(28, rate * 4, true)
  v.setUint16(32, 4, true)
  for (let i = 0; i < left.length; i++) {
    v.setInt16(44 + i * 4, Math.round(left[i] * 32767), true)
    v.setInt16(46 + i * 4, Math.round(right[i] * 32767), true)
  }
  return mono
}

async function kindOf(p: Promise<unknown>): Promise<AudioInputErrorKind | 'resolved'> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    expect(e).toBeInstanceOf(AudioInputError)
    expect((e as Error).message.length).toBeGreaterThan(10)
    return (e as AudioInputError).kind
  }
}

/** Records `seconds` of an oscillator with MediaRecorder: a real webm/opus file made in the browser. */
async function recordWebm(hz: number, seconds: number): Promise<Blob> {
  const ctx = new AudioContext()
  const osc = new OscillatorNode(ctx, { frequency: hz })
  const gain = new GainNode(ctx, { gain: 0.5 })
  const dest = ctx.createMediaStreamDestination()
  osc.connect(gain).connect(dest)
  osc.start()
  const rec = new MediaRecorder(dest.stream, { mimeType: 'audio/webm;codecs=opus' })
  const parts: Blob[] = []
  rec.ondataavailable = (e) => parts.push(e.data)
  const stopped = new Promise((r) => (rec.onstop = r))
  rec.start()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  rec.stop()
  await stopped
  osc.stop()
  await ctx.close()
  return new Blob(parts, { type: 'audio/webm' })
}

describe('sniffFormat', () => {
  it('recognises containers by their magic bytes', () => {
    const b = (...xs: (number | string)[]) =>
      new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])))
    expect(sniffFormat(encodeWav(new Float32Array(4), 8000))).toBe('wav')
    expect(sniffFormat(b('ID3', 4, 0, 0))).toBe('mp3')
    expect(sniffFormat(b(0xff, 0xfb, 0x90, 0x64))).toBe('mp3')
    expect(sniffFormat(b(0xff, 0xf1, 0x50, 0x80))).toBe('aac')
    expect(sniffFormat(b('OggS', 0, 2))).toBe('ogg')
    expect(sniffFormat(b('fLaC', 0, 0))).toBe('flac')
    expect(sniffFormat(b(0, 0, 0, 0x20, 'ftypM4A '))).toBe('mp4')
    expect(sniffFormat(b(0x1a, 0x45, 0xdf, 0xa3))).toBe('webm')
    expect(sniffFormat(b('FORM', 0, 0, 0, 0, 'AIFF'))).toBe('aiff')
    expect(sniffFormat(b('RIFF', 0, 0, 0, 0, 'AVI '))).toBeNull()
    expect(sniffFormat(new TextEncoder().encode('just some text'))).toBeNull()
  })
})

describe('decodeAudioFile', () => {
  it('decodes a stereo 44.1 kHz WAV to 16 kHz mono at the right pitch', async () => {
    const left = sine(440, 44100, 1.5, 0.6)
    const right = sine(440, 44100, 1.5, 0.2)
    const d = await decodeAudioFile(fileOf(stereoWav(left, right, 44100), 'a440.wav'))
    expect(d).toMatchObject({ sampleRate: 16000, channels: 2, name: 'a440.wav' })
    expect(d.samples.length).toBe(24000)
    expect(d.duration).toBe(1.5)
    expect(Math.abs(cents(pitchOf(d.samples.subarray(4000), 16000).hz, 440))).toBeLessThan(5)
    // Mono is the mean of the channels: amplitude (0.6 + 0.2) / 2.
    expect(rms(d.samples.subarray(2000, 22000))).toBeCloseTo(0.4 / Math.SQRT2, 2)
  })

  it('streams a long WAV in slices that join seamlessly', async () => {
    const x = sine(523.25, 44100, 45, 0.5)
    const d = await decodeAudioFile(fileOf(encodeWavFloat32(x, 44100), 'long.wav'))
    const whole = await resampleTo(x, 44100, 16000)
    expect(d.samples.length).toBe(whole.length)
    let maxDiff = 0
    for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(d.samples[i] - whole[i]))
    expect(maxDiff).toBeLessThan(1e-3)
  })

  it('reports progress and keeps the native rate when asked', async () => {
    const seen: number[] = []
    const d = await decodeAudioFile(fileOf(encodeWav(sine(200, 8000, 50), 8000), 'slow.wav'), {
      sampleRate: 8000,
      onProgress: (f) => seen.push(f),
    })
    expect(d.samples.length).toBe(400000)
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.at(-1)).toBe(1)
  })

  it('decodes webm/opus recorded by MediaRecorder', async () => {
    const blob = await recordWebm(330, 1.2)
    const d = await decodeAudioFile(blob, { name: 'rec.webm' })
    expect(d.sampleRate).toBe(16000)
    expect(d.duration).toBeGreaterThan(0.8)
    const mid = d.samples.subarray(Math.round(d.samples.length / 2) - 2048)
    expect(Math.abs(cents(pitchOf(mid, 16000).hz, 330))).toBeLessThan(10)
  })

  it('names every kind of bad input', async () => {
    const good = encodeWav(sine(440, 16000, 1), 16000)
    expect(await kindOf(decodeAudioFile(new File([], 'empty.wav')))).toBe('empty')
    expect(await kindOf(decodeAudioFile(new File(['a text file renamed to .wav\n'], 'notes.wav')))).toBe(
      'not-audio',
    )
    expect(await kindOf(decodeAudioFile(fileOf(good.slice(0, 44 + 8000), 'cut.wav')))).toBe('truncated')
    const garbageOgg = new Uint8Array(4000).map((_, i) => (i * 37) & 0xff)
    garbageOgg.set(new TextEncoder().encode('OggS'))
    expect(await kindOf(decodeAudioFile(fileOf(garbageOgg, 'bad.ogg', 'audio/ogg')))).toBe('undecodable')
    expect(
      await kindOf(decodeAudioFile(fileOf(encodeWav(new Float32Array(16000), 16000), 'quiet.wav'))),
    ).toBe('silent')
    expect(await kindOf(decodeAudioFile(fileOf(good, 'long.wav'), { maxDuration: 0.5 }))).toBe('too-long')
    expect(await kindOf(decodeAudioFile(fileOf(garbageOgg, 'big.ogg'), { maxBytes: 1000 }))).toBe('too-large')
    expect(await kindOf(decodeAudioFile(fileOf(encodeWav(new Float32Array(0), 16000), 'nothing.wav')))).toBe(
      'empty',
    )
    // A silent clip is accepted when the caller asks for it.
    const quiet = await decodeAudioFile(fileOf(encodeWav(new Float32Array(1600), 16000), 'q.wav'), {
      allowSilent: true,
    })
    expect(quiet.samples.length).toBe(1600)
  })

  it('says which format it could not decode', async () => {
    const fakeMp3 = new Uint8Array(2000).fill(0x55)
    fakeMp3.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0])
    const err = await decodeAudioFile(fileOf(fakeMp3, 'song.mp3', 'audio/mpeg')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AudioInputError)
    expect((err as AudioInputError).kind).toBe('undecodable')
    expect((err as AudioInputError).message).toContain('MP3')
  })
})

describe('the repository fixtures', () => {
  const load = async (url: string, name: string) => new File([await (await fetch(url)).blob()], name)

  it('refuses the broken ones with the right kind', async () => {
    expect(await kindOf(decodeAudioFile(await load(emptyUrl, 'empty.wav')))).toBe('empty')
    expect(await kindOf(decodeAudioFile(await load(notAudioUrl, 'not-audio.wav')))).toBe('not-audio')
    expect(await kindOf(decodeAudioFile(await load(truncatedUrl, 'truncated.wav')))).toBe('truncated')
    expect(await kindOf(decodeAudioFile(await load(silenceUrl, 'silence.wav')))).toBe('silent')
  })

  it('decodes the 6 kHz and 48 kHz ones to 16 kHz with their durations', async () => {
    const long = await decodeAudioFile(await load(long45Url, 'long-45s.wav'))
    expect(long.samples.length).toBe(45 * 16000)
    const mic = await decodeAudioFile(await load(micUrl, 'mic-a-yu.wav'))
    expect(mic.duration).toBeCloseTo(6.3065, 3)
    expect(isSilent(mic.samples)).toBe(false)
  })
})

describe('isSilent', () => {
  it('treats digital zero, a noise floor and a click in a minute of silence as silent, quiet singing as not', () => {
    expect(isSilent(new Float32Array(1000))).toBe(true)
    expect(isSilent(sine(440, 16000, 1, 0.001))).toBe(true) // −60 dBFS peak
    const click = new Float32Array(16000 * 60) // one click in a minute of silence: RMS −70 dBFS
    click[100] = 0.3
    expect(isSilent(click)).toBe(true)
    expect(isSilent(sine(440, 16000, 1, 0.02))).toBe(false) // −34 dBFS
  })
})
