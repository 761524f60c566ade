import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../theory/random.ts'
import { decodeWavHeader, encodeWav, parseWav, WAV_HEADER_BYTES, wavBytesToMono } from './wav.ts'

function sine(hz: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds))
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * hz * i) / rate)
  return out
}

describe('encodeWav', () => {
  it('writes 960,044 bytes for 30 s of 16 kHz mono', () => {
    const wav = encodeWav(new Float32Array(16000 * 30), 16000)
    expect(wav.byteLength).toBe(960_044)
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF')
    expect(new TextDecoder().decode(wav.subarray(8, 16))).toBe('WAVEfmt ')
  })

  it('round-trips through parseWav within one 16-bit step', () => {
    const x = sine(440, 16000, 0.25)
    const parsed = parseWav(encodeWav(x, 16000))!
    expect(parsed.header).toMatchObject({
      encoding: 'pcm',
      channels: 1,
      sampleRate: 16000,
      bitsPerSample: 16,
    })
    expect(parsed.header.frames).toBe(x.length)
    expect(parsed.header.truncated).toBe(false)
    let maxErr = 0
    for (let i = 0; i < x.length; i++) maxErr = Math.max(maxErr, Math.abs(parsed.samples[i] - x[i]))
    expect(maxErr).toBeLessThan(1 / 32767)
  })

  it('clips instead of wrapping, and writes NaN as silence', () => {
    const wav = encodeWav(new Float32Array([2, -3, Number.NaN, 1, -1]), 8000)
    const v = new DataView(wav.buffer, WAV_HEADER_BYTES)
    expect([0, 2, 4, 6, 8].map((o) => v.getInt16(o, true))).toEqual([32767, -32768, 0, 32767, -32767])
  })

  it('dithers quiet signals with TPDF noise of at most ±1 LSB', () => {
    const quiet = new Float32Array(4000).fill(0.3 / 32767) // below half an LSB: plain rounding gives all zeros
    const plain = parseWav(encodeWav(quiet, 8000))!.samples
    expect(plain.every((s) => s === 0)).toBe(true)
    const dithered = parseWav(encodeWav(quiet, 8000, { dither: true, random: mulberry32(1) }))!.samples
    const steps = Array.from(dithered, (s) => Math.round(s * 32768))
    expect(Math.max(...steps.map(Math.abs))).toBeLessThanOrEqual(2)
    // Dither keeps the mean: the average of the quantised signal is close to 0.3 LSB, not 0.
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length
    expect(mean).toBeGreaterThan(0.2)
    expect(mean).toBeLessThan(0.4)
  })

  it('refuses a nonsense sample rate', () => {
    expect(() => encodeWav(new Float32Array(1), 0)).toThrow(RangeError)
  })
})

describe('decodeWavHeader', () => {
  it('flags a data chunk shorter than declared as truncated', () => {
    const full = encodeWav(sine(220, 8000, 1), 8000)
    const cut = full.subarray(0, 44 + 4000)
    const h = decodeWavHeader(cut)!
    expect(h.truncated).toBe(true)
    expect(h.declaredDataBytes).toBe(16000)
    expect(h.frames).toBe(2000)
    expect(h.duration).toBeCloseTo(0.25, 6)
  })

  it('returns null for text and for RIFF files that are not WAVE', () => {
    expect(decodeWavHeader(new TextEncoder().encode('hello, this is not audio at all'))).toBeNull()
    const avi = encodeWav(new Float32Array(10), 8000)
    avi.set(new TextEncoder().encode('AVI '), 8)
    expect(decodeWavHeader(avi)).toBeNull()
  })

  it('reads a stereo 24-bit WAVE_FORMAT_EXTENSIBLE file and mixes it to mono', () => {
    // Hand-built: fmt chunk of 40 bytes, SubFormat GUID starting with 0x0001 (PCM), one LIST chunk before data.
    const frames = [
      [0.5, -0.5],
      [0.25, 0.75],
    ]
    const fmtSize = 40
    const list = new TextEncoder().encode('LIST\x04\x00\x00\x00INFO')
    const dataBytes = frames.length * 6
    const bytes = new Uint8Array(12 + 8 + fmtSize + list.length + 8 + dataBytes)
    const v = new DataView(bytes.buffer)
    const put = (at: number, s: string) => bytes.set(new TextEncoder().encode(s), at)
    put(0, 'RIFF')
    v.setUint32(4, bytes.length - 8, true)
    put(8, 'WAVE')
    put(12, 'fmt ')
    v.setUint32(16, fmtSize, true)
    v.setUint16(20, 0xfffe, true)
    v.setUint16(22, 2, true)
    v.setUint32(24, 48000, true)
    v.setUint32(28, 48000 * 6, true)
    v.setUint16(32, 6, true)
    v.setUint16(34, 24, true)
    v.setUint16(36, 22, true) // cbSize
    v.setUint16(44, 1, true) // SubFormat GUID's first two bytes: PCM
    bytes.set(list, 20 + fmtSize)
    const dataAt = 20 + fmtSize + list.length
    put(dataAt, 'data')
    v.setUint32(dataAt + 4, dataBytes, true)
    const write24 = (at: number, x: number) => {
      const n = Math.round(x * 8388607)
      bytes[at] = n & 0xff
      bytes[at + 1] = (n >> 8) & 0xff
      bytes[at + 2] = (n >> 16) & 0xff
    }
    frames.forEach(([l, r], f) => {
      write24(dataAt + 8 + f * 6, l)
      write24(dataAt + 8 + f * 6 + 3, r)
    })
    const h = decodeWavHeader(bytes)!
    expect(h).toMatchObject({ encoding: 'pcm', channels: 2, sampleRate: 48000, bitsPerSample: 24, frames: 2 })
    const mono = wavBytesToMono(bytes.subarray(h.dataOffset), h)
    expect(mono[0]).toBeCloseTo(0, 5)
    expect(mono[1]).toBeCloseTo(0.5, 5)
  })
})
