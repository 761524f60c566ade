import { afterEach, describe, expect, it } from 'vitest'
import { decodeAudioFile } from './decode.ts'
import {
  classifyMicError,
  meterLevel,
  MicRecorder,
  RecorderError,
  type RecorderErrorKind,
} from './recorder.ts'
import { cents, pitchOf, sine } from './test-signals.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((f) => f()))

/** A fake microphone: an oscillator in its own AudioContext, as a MediaStream. */
function fakeMic(hz: number, gain: number) {
  const ctx = new AudioContext()
  const osc = new OscillatorNode(ctx, { frequency: hz })
  const dest = ctx.createMediaStreamDestination()
  osc.connect(new GainNode(ctx, { gain })).connect(dest)
  osc.start()
  cleanups.push(() => void ctx.close())
  return { getUserMedia: async () => dest.stream, stream: dest.stream }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function kindOf(p: Promise<unknown>): Promise<RecorderErrorKind | 'resolved'> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    expect(e).toBeInstanceOf(RecorderError)
    return (e as RecorderError).kind
  }
}

describe('MicRecorder', () => {
  it('records with a live waveform and level, and the blob decodes to the pitch sung', async () => {
    const mic = fakeMic(440, 0.5)
    const el = document.createElement('div')
    document.body.append(el)
    cleanups.push(() => el.remove())
    const levels: number[] = []
    const rec = new MicRecorder({
      container: el,
      onLevel: (l) => levels.push(l),
      deps: { getUserMedia: mic.getUserMedia },
    })
    await rec.start()
    expect(rec.recording).toBe(true)
    await wait(1200)
    expect(rec.level).toBeGreaterThan(0.5) // a −9 dBFS RMS tone reads about 0.85
    expect(
      (el.firstElementChild as HTMLElement).shadowRoot!.querySelectorAll('canvas').length,
    ).toBeGreaterThan(0)
    const blob = await rec.stop()
    expect(rec.recording).toBe(false)
    expect(blob.type).toContain('webm')
    expect(mic.stream.getTracks().every((t) => t.readyState === 'ended')).toBe(true)
    expect(Math.max(...levels)).toBeGreaterThan(0.5)
    const d = await decodeAudioFile(blob, { name: 'take.webm' })
    expect(d.duration).toBeGreaterThan(0.8)
    const mid = d.samples.subarray(Math.round(d.samples.length / 2) - 2048)
    expect(Math.abs(cents(pitchOf(mid, d.sampleRate).hz, 440))).toBeLessThan(10)
  })

  it('reports a silent recording', async () => {
    const rec = new MicRecorder({ deps: { getUserMedia: fakeMic(440, 0).getUserMedia } })
    await rec.start()
    await wait(300)
    expect(await kindOf(rec.stop())).toBe('silent')
    expect(rec.recording).toBe(false)
  })

  it('cancels and frees the microphone', async () => {
    const mic = fakeMic(220, 0.3)
    const rec = new MicRecorder({ deps: { getUserMedia: mic.getUserMedia } })
    await rec.start()
    rec.cancel()
    expect(rec.recording).toBe(false)
    expect(mic.stream.getTracks().every((t) => t.readyState === 'ended')).toBe(true)
    expect(await kindOf(rec.stop())).toBe('failed')
  })

  it('names permission denied, no microphone, busy and insecure pages', async () => {
    const failing = (name: string) =>
      new MicRecorder({ deps: { getUserMedia: () => Promise.reject(new DOMException('x', name)) } })
    expect(await kindOf(failing('NotAllowedError').start())).toBe('permission-denied')
    expect(await kindOf(failing('NotFoundError').start())).toBe('no-microphone')
    expect(await kindOf(failing('NotReadableError').start())).toBe('busy')
    // No getUserMedia at all: an insecure page (http) in a real browser.
    const saved = Object.getOwnPropertyDescriptor(Navigator.prototype, 'mediaDevices')!
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true })
    try {
      expect(await kindOf(new MicRecorder({ deps: { isSecureContext: false } }).start())).toBe('insecure')
      expect(await kindOf(new MicRecorder({ deps: { isSecureContext: true } }).start())).toBe('unsupported')
    } finally {
      delete (navigator as { mediaDevices?: unknown }).mediaDevices
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'mediaDevices')).toEqual(saved)
    }
    expect(classifyMicError(new Error('odd')).kind).toBe('failed')
  })
})

describe('meterLevel', () => {
  it('maps RMS over −60..0 dBFS to 0..1', () => {
    expect(meterLevel(new Float32Array(256))).toBe(0)
    expect(meterLevel(new Float32Array(256).fill(1))).toBeCloseTo(1, 5)
    expect(meterLevel(sine(440, 16000, 0.1, 0.1 * Math.SQRT2))).toBeCloseTo(2 / 3, 2) // −20 dBFS
  })
})
