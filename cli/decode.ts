import { open, readFile } from 'node:fs/promises'
import { mixToMono } from '../src/lib/analysis/resample.ts'
import { AUDIO_FORMAT_NAMES, sniffFormat } from '../src/lib/audio/sniff.ts'
import {
  decodeWavHeader,
  wavBytesToMono,
  wavHeaderProblem,
  zeroNonFinite,
  type SampleRepairs,
  type WavHeader,
} from '../src/lib/audio/wav.ts'
import type { Hz, Seconds } from '../src/lib/theory/units.ts'

/** Decoded audio, mixed to one channel. */
export interface MonoAudio {
  /** The whole clip, or only the segment asked for (see `offset`). */
  readonly samples: Float32Array
  readonly sampleRate: Hz
  /** The whole clip's duration, even when only a segment was decoded. */
  readonly duration: Seconds
  /** Where `samples` start in the clip, seconds (0 when the whole clip was decoded). */
  readonly offset?: Seconds
  /** NaN or infinite samples in the file, decoded as 0 (a few are repaired; over 1% refuses the file). */
  readonly nonFinite?: number
}

/** Options of decodeFile. */
export interface DecodeFileOptions {
  /**
   * Only this stretch is needed: a WAV is then read by seeking (a 2-hour file costs the stretch's memory, not
   * the file's); other formats are decoded whole. `sliceSegment(audio, segment)` gives the stretch either way.
   */
  readonly segment?: Segment
}

/** Most NaN or infinite samples a file may hold (as a share of its samples) before it is refused as damaged. */
const MAX_NON_FINITE_SHARE = 0.01
const HEAD_BYTES = 64 * 1024

/** A span of a clip in seconds; a negative bound counts from the end (as `--segment -30:` would). */
export interface Segment {
  readonly start: Seconds
  readonly end: Seconds
}

/** The default segment: the last 30 s, where a piece's cadence is. */
export const LAST_30_SECONDS: Segment = Object.freeze({ start: -30, end: Infinity })

/**
 * Reads and decodes a file (wav, flac, mp3, ogg, m4a, opus, …) and mixes it to mono. PCM and float WAVs are read
 * by this module's own reader (only the segment's bytes when one is given); everything else by audio-decode.
 */
export async function decodeFile(path: string, options: DecodeFileOptions = {}): Promise<MonoAudio> {
  const handle = await open(path, 'r')
  let size: number
  let head: Uint8Array
  try {
    size = (await handle.stat()).size
    // The same checks, and words, as the app's: say what is wrong rather than "cannot decode".
    if (size === 0) throw new Error('empty file (0 bytes)')
    head = new Uint8Array(Math.min(size, HEAD_BYTES))
    await handle.read(head, 0, head.length, 0)
    const format = sniffFormat(head)
    if (!format) throw new Error('not an audio file (unrecognised content)')
    const wav = format === 'wav' ? decodeWavHeader(head, size) : null
    if (wav) return checked(await readWav(handle, wav, options.segment))
  } finally {
    await handle.close()
  }
  const format = sniffFormat(head)!
  const bytes = await readFile(path)
  let data: { channelData: Float32Array[]; sampleRate: number }
  try {
    // Loaded only for compressed formats: its decoders cost start-up time a batch of WAVs need not pay.
    const { default: decode } = await import('audio-decode')
    data = await decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (e) {
    throw new Error(
      `cannot decode this ${AUDIO_FORMAT_NAMES[format]} file: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    )
  }
  if (!data?.channelData?.length || !(data.sampleRate > 0))
    throw new Error('cannot decode: no audio in the file')
  const samples = mixToMono(data.channelData)
  const nonFinite = zeroNonFinite(samples)
  return checked({
    samples,
    sampleRate: data.sampleRate,
    duration: samples.length / data.sampleRate,
    nonFinite,
  })
}

function checked(audio: MonoAudio): MonoAudio {
  if ((audio.nonFinite ?? 0) > MAX_NON_FINITE_SHARE * Math.max(1, audio.samples.length))
    throw new Error(`damaged audio: ${audio.nonFinite} samples are not numbers (NaN or infinity)`)
  return audio
}

/** A PCM/float WAV read straight from the file: the header checked, then only the frames needed, in slices. */
async function readWav(
  handle: Awaited<ReturnType<typeof open>>,
  h: WavHeader,
  segment: Segment | undefined,
): Promise<MonoAudio> {
  const problem = wavHeaderProblem(h)
  if (problem) throw new Error(`damaged WAV header: ${problem}`)
  if (h.truncated)
    throw new Error(
      `truncated WAV: the header announces ${h.declaredDataBytes} bytes of audio but only ${h.availableDataBytes} are there`,
    )
  const rate = h.sampleRate
  const duration = h.frames / rate
  const [a, b] = segment ? segmentFrames(segment, h.frames, rate) : [0, h.frames]
  const samples = new Float32Array(b - a)
  const repairs: SampleRepairs = { nonFinite: 0 }
  // ~10 s of frames per read: memory stays at the output plus one slice of the file.
  const step = Math.max(1, 10 * rate)
  const buffer = new Uint8Array(Math.min(b - a, step) * h.blockAlign)
  for (let f = a; f < b; f += step) {
    const n = Math.min(step, b - f)
    const { bytesRead } = await handle.read(buffer, 0, n * h.blockAlign, h.dataOffset + f * h.blockAlign)
    samples.set(wavBytesToMono(buffer.subarray(0, bytesRead), h, repairs), f - a)
  }
  return { samples, sampleRate: rate, duration, offset: a / rate, nonFinite: repairs.nonFinite }
}

/** The frames [a, b) a segment covers in a clip of `frames` frames (negative bounds count from the end). */
function segmentFrames(segment: Segment, frames: number, rate: Hz): [number, number] {
  const duration = frames / rate
  const at = (t: Seconds) => {
    const s = t < 0 ? duration + t : t
    return Math.round(Math.min(Math.max(s, 0), duration) * rate)
  }
  const a = at(segment.start)
  const b = segment.end === Infinity ? frames : at(segment.end)
  return [a, Math.max(a, b)]
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

/** The samples of a segment, clamped to the clip (and to what was decoded, when only a segment was). */
export function sliceSegment(audio: MonoAudio, segment: Segment): Float32Array {
  const first = Math.round((audio.offset ?? 0) * audio.sampleRate)
  const total = Math.round(audio.duration * audio.sampleRate)
  const [a, b] = segmentFrames(segment, Math.max(total, first + audio.samples.length), audio.sampleRate)
  const clamp = (i: number) => Math.min(Math.max(i - first, 0), audio.samples.length)
  return audio.samples.subarray(clamp(a), Math.max(clamp(a), clamp(b)))
}
