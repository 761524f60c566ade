/**
 * A benchmark, skipped unless VITE_AUDIO_BENCH=1: loads hour-long WAVs to check that they decode at all,
 * and prints how long it took. Memory is sampled from outside (the renderer's RSS), see the report.
 *   VITE_AUDIO_BENCH=1 npx vitest run --project browser src/lib/audio/decode-long.browser.test.ts
 */
import { describe, expect, it } from 'vitest'
import { decodeAudioFile } from './decode.ts'
import { mixToMono } from './resample.ts'
import { cents, pitchOf } from './test-signals.ts'

/** A WAV of `seconds` made of one repeated second of a 440 Hz tone (the Blob holds one copy of that second). */
function longWav(seconds: number, rate: number, channels: number): Blob {
  const second = new Uint8Array(rate * channels * 2)
  const v = new DataView(second.buffer)
  for (let i = 0; i < rate; i++)
    for (let c = 0; c < channels; c++)
      v.setInt16((i * channels + c) * 2, Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true)
  const dataBytes = second.length * seconds
  const head = new Uint8Array(44)
  const h = new DataView(head.buffer)
  const put = (at: number, s: string) => [...s].forEach((ch, k) => h.setUint8(at + k, ch.charCodeAt(0)))
  put(0, 'RIFF')
  h.setUint32(4, 36 + dataBytes, true)
  put(8, 'WAVEfmt ')
  h.setUint32(16, 16, true)
  h.setUint16(20, 1, true)
  h.setUint16(22, channels, true)
  h.setUint32(24, rate, true)
  h.setUint32(28, rate * channels * 2, true)
  h.setUint16(32, channels * 2, true)
  h.setUint16(34, 16, true)
  put(36, 'data')
  h.setUint32(40, dataBytes, true)
  return new Blob([head, ...Array.from({ length: seconds }, () => second)], { type: 'audio/wav' })
}

const heap = () =>
  (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0
const MB = (b: number) => (b / 2 ** 20).toFixed(0)

describe.runIf(import.meta.env.VITE_AUDIO_BENCH === '1')('hour-long files', () => {
  for (const [label, rate, channels] of [
    ['1 h 44.1 kHz stereo 16-bit', 44100, 2],
    ['1 h 48 kHz stereo 16-bit', 48000, 2],
    ['1 h 16 kHz mono 16-bit', 16000, 1],
  ] as const) {
    it(`streams ${label}`, { timeout: 600_000 }, async () => {
      const blob = longWav(3600, rate, channels)
      const h0 = heap()
      const t0 = performance.now()
      const d = await decodeAudioFile(blob, { name: label })
      const ms = performance.now() - t0
      console.log(
        `BENCH ${label}: ${MB(blob.size)} MB file → ${d.samples.length} samples in ${(ms / 1000).toFixed(1)} s; JS heap +${MB(heap() - h0)} MB`,
      )
      expect(d.samples.length).toBe(3600 * 16000)
      expect(Math.abs(cents(pitchOf(d.samples.subarray(1800 * 16000), 16000).hz, 440))).toBeLessThan(5)
    })
  }

  it(
    'for comparison: decodeAudioData of a 20 min 44.1 kHz stereo WAV, whole',
    { timeout: 600_000 },
    async () => {
      const blob = longWav(1200, 44100, 2)
      const t0 = performance.now()
      const bytes = await blob.arrayBuffer()
      const buffer = await new OfflineAudioContext(1, 1, 16000).decodeAudioData(bytes)
      const mono = mixToMono(buffer)
      console.log(
        `BENCH whole decodeAudioData 20 min: ${MB(blob.size)} MB → ${mono.length} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      )
      expect(mono.length).toBe(1200 * 16000)
    },
  )
})
