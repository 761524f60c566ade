import { readFile } from 'node:fs/promises'
import decode from 'audio-decode'
import { mixToMono } from '../src/lib/analysis/resample.ts'
import { AUDIO_FORMAT_NAMES, sniffFormat } from '../src/lib/audio/sniff.ts'
import { decodeWavHeader } from '../src/lib/audio/wav.ts'
import type { Hz, Seconds } from '../src/lib/theory/units.ts'

/** Decoded audio, mixed to one channel. */
export interface MonoAudio {
  readonly samples: Float32Array
  readonly sampleRate: Hz
  readonly duration: Seconds
}

/** A span of a clip in seconds; a negative bound counts from the end (as `--segment -30:` would). */
export interface Segment {
  readonly start: Seconds
  readonly end: Seconds
}

/** The default segment: the last 30 s, where a piece's cadence is. */
export const LAST_30_SECONDS: Segment = Object.freeze({ start: -30, end: Infinity })

/** Reads and decodes a file (wav, flac, mp3, ogg, m4a, opus, …) with audio-decode and mixes it to mono. */
export async function decodeFile(path: string): Promise<MonoAudio> {
  const bytes = await readFile(path)
  // The same checks, and words, as the app's: say what is wrong rather than "cannot decode".
  if (bytes.byteLength === 0) throw new Error('empty file (0 bytes)')
  const head = new Uint8Array(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024))
  const format = sniffFormat(head)
  if (!format) throw new Error('not an audio file (unrecognised content)')
  const wav = format === 'wav' ? decodeWavHeader(head, bytes.byteLength) : null
  if (wav?.truncated)
    throw new Error(
      `truncated WAV: the header announces ${wav.declaredDataBytes} bytes of audio but only ${wav.availableDataBytes} are there`,
    )
  let data: { channelData: Float32Array[]; sampleRate: number }
  try {
    data = await decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (e) {
    throw new Error(
      `cannot decode this ${AUDIO_FORMAT_NAMES[format]} file: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    )
  }
  if (!data?.channelData?.length || !(data.sampleRate > 0))
    throw new Error('cannot decode: no audio in the file')
  const samples = mixToMono(data.channelData)
  return { samples, sampleRate: data.sampleRate, duration: samples.length / data.sampleRate }
}

/**
 * Parses `START:END` in seconds; either side may be empty (`:20`, `10:`), negative bounds count from the end.
 * @example parseSegment('10:40') → { start: 10, end: 40 }; parseSegment('x') → null
 */
export function parseSegment(text: string): Segment | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)?\s*:\s*(-?\d+(?:\.\d+)?)?\s*$/.exec(text)
  if (!m || (m[1] === undefined && m[2] === undefined)) return null
  const start = m[1] === undefined ? 0 : Number(m[1])
  const end = m[2] === undefined ? Infinity : Number(m[2])
  if (start >= 0 && end >= 0 && end <= start) return null
  return { start, end }
}

/** The samples of a segment, clamped to the clip. */
export function sliceSegment(audio: MonoAudio, segment: Segment): Float32Array {
  const at = (t: Seconds) => {
    const s = t < 0 ? audio.duration + t : t
    return Math.round(Math.min(Math.max(s, 0), audio.duration) * audio.sampleRate)
  }
  const a = at(segment.start)
  const b = segment.end === Infinity ? audio.samples.length : at(segment.end)
  return audio.samples.subarray(a, Math.max(a, b))
}
