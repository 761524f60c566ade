import { describe, expect, it } from 'vitest'
import { clampRegion, prepareForModel, resampleTo, sliceSeconds } from './resample.ts'
import { cents, pitchOf, rms, sine } from './test-signals.ts'
import type { DecodedAudio } from './types.ts'
import { parseWav } from './wav.ts'

describe('resampleTo', () => {
  it('keeps duration and pitch from 44.1 kHz to 16 kHz', async () => {
    const out = await resampleTo(sine(440, 44100, 1), 44100)
    expect(out.length).toBe(16000)
    expect(Math.abs(cents(pitchOf(out.subarray(4000), 16000).hz, 440))).toBeLessThan(5)
    expect(rms(out.subarray(1000, 15000))).toBeCloseTo(0.5 / Math.SQRT2, 2)
  })

  it('filters out content above the new Nyquist instead of aliasing it', async () => {
    const out = await resampleTo(sine(10000, 48000, 1), 48000, 16000)
    // A 10 kHz tone cannot exist at 16 kHz; linear interpolation would fold it to 6 kHz at full level.
    expect(rms(out)).toBeLessThan(0.02)
  })

  it('upsamples too, and copies when the rates match', async () => {
    const x = sine(300, 8000, 0.5)
    const up = await resampleTo(x, 8000, 16000)
    expect(up.length).toBe(8000)
    expect(Math.abs(cents(pitchOf(up.subarray(2000), 16000).hz, 300))).toBeLessThan(5)
    const same = await resampleTo(x, 8000, 8000)
    expect(same).toEqual(x)
    expect(same).not.toBe(x)
    await expect(resampleTo(x, 0, 16000)).rejects.toThrow(RangeError)
  })
})

describe('regions', () => {
  const clip = (seconds: number): DecodedAudio => {
    // 220 Hz for the first 15 s, then 440 Hz: tells which part of the clip a region kept.
    const rate = 16000
    const a = sine(220, rate, 15)
    const b = sine(440, rate, seconds - 15)
    const samples = new Float32Array(a.length + b.length)
    samples.set(a)
    samples.set(b, a.length)
    return { samples, sampleRate: rate, duration: seconds, channels: 1, name: 'test' }
  }

  it('slices seconds into a copy', () => {
    const c = clip(20)
    const s = sliceSeconds(c, 16, 18.5)
    expect(s.samples.length).toBe(40000)
    expect(s.duration).toBe(2.5)
    expect(s.samples.buffer).not.toBe(c.samples.buffer)
    expect(sliceSeconds(c, 19, 99).duration).toBe(1)
  })

  it('clamps a region to 30 s keeping its end, and to the clip', () => {
    expect(clampRegion({ start: 0, end: 45 }, 45)).toEqual({ start: 15, end: 45 })
    expect(clampRegion({ start: 10, end: 20 }, 45)).toEqual({ start: 10, end: 20 })
    expect(clampRegion({ start: -5, end: 80 }, 45)).toEqual({ start: 15, end: 45 })
    expect(clampRegion({ start: 20, end: 10 }, 45)).toEqual({ start: 10, end: 20 })
  })

  it('prepares 960,044 bytes of 16 kHz mono WAV from the last 30 s of a 45 s clip', async () => {
    const wav = await prepareForModel(clip(45), { start: 0, end: 45 })
    expect(wav.byteLength).toBe(960_044)
    const parsed = parseWav(wav)!
    expect(parsed.header.sampleRate).toBe(16000)
    expect(parsed.header.channels).toBe(1)
    // All of it is the 440 Hz part: the first 15 s (220 Hz) were dropped.
    expect(Math.abs(cents(pitchOf(parsed.samples.subarray(1000), 16000).hz, 440))).toBeLessThan(5)
  })

  it('resamples a 44.1 kHz region for the model', async () => {
    const x = sine(330, 44100, 3)
    const decoded: DecodedAudio = { samples: x, sampleRate: 44100, duration: 3, channels: 1, name: 'x' }
    const parsed = parseWav(await prepareForModel(decoded, { start: 1, end: 3 }))!
    expect(parsed.header.frames).toBe(32000)
    expect(Math.abs(cents(pitchOf(parsed.samples.subarray(4000), 16000).hz, 330))).toBeLessThan(5)
  })
})
