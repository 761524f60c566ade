import { encodeWav } from '../audio/wav.ts'
import type { Seconds } from '../theory/units.ts'

/** What the model accepts: Qwen2-Audio's feature extractor runs at 16 kHz and reads at most 30 s. */
export const MODEL_SAMPLE_RATE = 16_000
export const MODEL_MAX_SECONDS: Seconds = 30

/** The header facts of a PCM WAV file. */
export interface WavInfo {
  readonly format: number
  readonly channels: number
  readonly sampleRate: number
  readonly bitsPerSample: number
  readonly dataBytes: number
  readonly duration: Seconds
}

/** Reads a RIFF/WAVE header, or returns a reason it is not one. Walks chunks, so LIST/fact chunks are fine. */
export function readWavInfo(bytes: Uint8Array): WavInfo | { readonly error: string } {
  if (bytes.length < 12) return { error: 'too short to be a WAV file' }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return { error: 'not a RIFF/WAVE file' }
  let fmt: Omit<WavInfo, 'dataBytes' | 'duration'> | null = null
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at)
    const size = view.getUint32(at + 4, true)
    if (id === 'fmt ') {
      if (size < 16 || at + 24 > bytes.length) return { error: 'fmt chunk is truncated' }
      fmt = {
        format: view.getUint16(at + 8, true),
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        bitsPerSample: view.getUint16(at + 22, true),
      }
    } else if (id === 'data') {
      if (!fmt) return { error: 'data chunk comes before the fmt chunk' }
      const dataBytes = Math.min(size, bytes.length - at - 8)
      const frameBytes = Math.max(1, fmt.channels * (fmt.bitsPerSample / 8))
      return { ...fmt, dataBytes, duration: dataBytes / frameBytes / Math.max(1, fmt.sampleRate) }
    }
    at += 8 + size + (size % 2) // chunks are word-aligned
  }
  return { error: fmt ? 'no data chunk' : 'no fmt chunk' }
}

/** Why this WAV is not what the model should get (mono 16 kHz 16-bit PCM, ≤ 30 s), or null when it is. */
export function wavProblem(bytes: Uint8Array): string | null {
  const info = readWavInfo(bytes)
  if ('error' in info) return `The audio is not a valid WAV file: ${info.error}.`
  // 0xFFFE (WAVE_FORMAT_EXTENSIBLE) may carry PCM too, but the contract is plain PCM.
  if (info.format !== 1) return `The audio must be PCM (format 1), got format ${info.format}.`
  if (info.bitsPerSample !== 16) return `The audio must be 16-bit, got ${info.bitsPerSample}-bit.`
  if (info.channels !== 1) return `The audio must be mono, got ${info.channels} channels.`
  if (info.sampleRate !== MODEL_SAMPLE_RATE)
    return `The audio must be sampled at ${MODEL_SAMPLE_RATE} Hz, got ${info.sampleRate} Hz.`
  if (info.dataBytes === 0) return 'The audio is empty.'
  if (info.duration > MODEL_MAX_SECONDS + 1e-9)
    return `The audio must be at most ${MODEL_MAX_SECONDS} s, got ${info.duration.toFixed(1)} s.`
  return null
}

/** A mono 16 kHz 16-bit WAV of digital silence, used to test a connection without real audio. */
export function silentWav(duration: Seconds = 0.5): Uint8Array {
  return encodeWav(new Float32Array(Math.round(duration * MODEL_SAMPLE_RATE)), MODEL_SAMPLE_RATE)
}
