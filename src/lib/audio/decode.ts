/**
 * Decoding an audio file chosen or dropped by the user into mono samples at the analysis rate, with a typed
 * error for every way the input can be wrong.
 *
 * Limits (chosen so that an hour of audio loads without exhausting the tab):
 * - Every clip is decoded straight to `sampleRate` (16 kHz by default) and mixed to mono, so an hour is
 *   3600 s × 16000 × 4 B = 230 MB of float32 — not the 1.4 GB of 48 kHz stereo.
 * - WAV files are streamed: the header is read first (a truncated or over-long file is refused before its
 *   samples are read), then the samples in slices of about 20 s, each mixed down and resampled on its own.
 *   So a WAV of any size up to `maxWavBytes` (2 GB) is fine as long as it lasts ≤ `maxDuration` (60 min).
 * - Other formats go through `decodeAudioData`, which has no streaming interface and briefly holds the whole
 *   file decoded at its own rate, so they are refused above `maxBytes` (200 MB) before reading, and above
 *   `maxDuration` after decoding.
 */
import { formatBytes } from '../archive/bytes.ts'
import type { Hz, Seconds } from '../theory/units.ts'
import { mixToMono, resampleTo } from './resample.ts'
import { MODEL_SAMPLE_RATE, type DecodedAudio } from './types.ts'
import {
  decodeWavHeader,
  wavBytesToMono,
  wavHeaderProblem,
  zeroNonFinite,
  type SampleRepairs,
  type WavHeader,
} from './wav.ts'

export type { DecodedAudio } from './types.ts'

/** What was wrong with an input; the UI shows a message per kind. */
export type AudioInputErrorKind =
  | 'empty'
  | 'not-audio'
  | 'truncated'
  | 'bad-header'
  | 'non-finite'
  | 'undecodable'
  | 'too-long'
  | 'too-large'
  | 'silent'

/** A file or recording that cannot be used, with a plain-English message (for logs; the UI translates `kind`). */
export class AudioInputError extends Error {
  readonly kind: AudioInputErrorKind
  /** The container format the bytes claim to be, when known. */
  readonly format: AudioFormat | null
  constructor(
    kind: AudioInputErrorKind,
    message: string,
    format: AudioFormat | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'AudioInputError'
    this.kind = kind
    this.format = format
  }
}

import { AUDIO_FORMAT_NAMES, sniffFormat, type AudioFormat } from './sniff.ts'

export { AUDIO_FORMAT_NAMES, sniffFormat, type AudioFormat }

/** Thresholds for `isSilent`, in dBFS. */
export interface SilenceOptions {
  /** Below this peak level the clip is silent (default −50 dBFS). */
  readonly peakDb?: number
  /** Below this RMS level the clip is silent even if a stray click peaks higher (default −60 dBFS). */
  readonly rmsDb?: number
}

/**
 * True when a clip holds nothing to analyse: its peak is under −50 dBFS or its RMS under −60 dBFS (a muted
 * or unplugged microphone records digital zero or a noise floor well below these; quiet singing is above).
 * @example isSilent(new Float32Array(16000)) → true
 */
export function isSilent(samples: Float32Array, opts: SilenceOptions = {}): boolean {
  const peakLimit = 10 ** ((opts.peakDb ?? -50) / 20)
  const rmsLimit = 10 ** ((opts.rmsDb ?? -60) / 20)
  if (samples.length === 0) return true
  let peak = 0
  let sum = 0
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]
    const a = x < 0 ? -x : x
    if (a > peak) peak = a
    sum += x * x
  }
  return peak < peakLimit || Math.sqrt(sum / samples.length) < rmsLimit
}

/** Options for `decodeAudioFile`. */
export interface DecodeOptions {
  /** The rate of the returned samples (default 16 kHz, the analyzer's and the model's). */
  readonly sampleRate?: Hz
  /** Longest clip accepted (default 3600 s). */
  readonly maxDuration?: Seconds
  /** Largest non-WAV file read (default 200 MB): these are decoded whole, in memory. */
  readonly maxBytes?: number
  /** Largest WAV file read (default 2 GB): WAVs are streamed, so only their duration really matters. */
  readonly maxWavBytes?: number
  /** Accept a silent clip instead of throwing `silent` (default false). */
  readonly allowSilent?: boolean
  /** Name for the result when the Blob is not a File. */
  readonly name?: string
  /** Called with the fraction done, 0..1, while a WAV streams in. */
  readonly onProgress?: (fraction: number) => void
  /** Stops a long decode; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal
  /**
   * Decode only this stretch (a negative start counts from the end: `{ start: -30, end: Infinity }` is the last
   * 30 s). A WAV is then read by seeking, so an hour-long file costs only the stretch's memory; other formats
   * are decoded whole and cut. The result's `offset` says where the stretch starts in the file.
   */
  readonly segment?: { readonly start: Seconds; readonly end: Seconds }
}

/**
 * Most NaN or infinite samples a clip may hold before it is refused as damaged: a stray one is zeroed (and
 * counted in the result's `nonFinite`); more than this share of the clip is not a recording any more.
 */
export const MAX_NON_FINITE_SHARE = 0.01

/** Default limits, exported so the UI can state them. */
export const DECODE_LIMITS = Object.freeze({
  maxDuration: 3600,
  maxBytes: 200 * 1024 * 1024,
  maxWavBytes: 2 * 1024 * 1024 * 1024,
})

/** How many bytes of a file are read to sniff it and find a WAV's data chunk. */
const HEAD_BYTES = 64 * 1024

/**
 * Decodes an audio file to mono samples at 16 kHz (or `opts.sampleRate`), or throws an AudioInputError
 * saying what is wrong with it. Runs only in the browser (it needs an OfflineAudioContext).
 */
export async function decodeAudioFile(file: Blob, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const name = opts.name ?? (typeof File !== 'undefined' && file instanceof File ? file.name : 'audio')
  const rate = opts.sampleRate ?? MODEL_SAMPLE_RATE
  const maxDuration = opts.maxDuration ?? DECODE_LIMITS.maxDuration
  if (file.size === 0) throw new AudioInputError('empty', `"${name}" is empty (0 bytes).`)

  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer())
  const format = sniffFormat(head)
  if (!format)
    throw new AudioInputError('not-audio', `"${name}" is not an audio file (unrecognised content).`)

  const wav = format === 'wav' ? decodeWavHeader(head, file.size) : null
  let decoded: DecodedAudio
  if (wav) {
    checkWav(wav, file.size, name, maxDuration, opts.maxWavBytes ?? DECODE_LIMITS.maxWavBytes)
    decoded = await streamWav(file, wav, rate, name, opts)
  } else {
    const maxBytes = opts.maxBytes ?? DECODE_LIMITS.maxBytes
    if (file.size > maxBytes)
      throw new AudioInputError(
        'too-large',
        `"${name}" is ${formatBytes(file.size)}; files over ${formatBytes(maxBytes)} are not loaded (convert it to WAV, or cut it).`,
        format,
      )
    decoded = await decodeWhole(file, format, rate, name, opts.signal)
    if (decoded.duration > maxDuration) throw tooLong(name, decoded.duration, maxDuration, format)
    if (opts.segment) decoded = cutSegment(decoded, opts.segment)
  }
  if (decoded.samples.length === 0)
    throw new AudioInputError('empty', `"${name}" contains no audio samples.`, format)
  const bad = decoded.nonFinite ?? 0
  if (bad > MAX_NON_FINITE_SHARE * decoded.samples.length)
    throw new AudioInputError(
      'non-finite',
      `"${name}" is damaged: ${bad} of its samples are not numbers (NaN or infinity).`,
      format,
    )
  if (!opts.allowSilent && isSilent(decoded.samples))
    throw new AudioInputError('silent', `"${name}" is silent: there is nothing to hear in it.`, format)
  return decoded
}

function tooLong(name: string, duration: Seconds, max: Seconds, format: AudioFormat): AudioInputError {
  const minutes = (s: number) => `${Math.round(s / 60)} min`
  return new AudioInputError(
    'too-long',
    `"${name}" lasts ${minutes(duration)}; clips longer than ${minutes(max)} are not loaded (cut the part you want).`,
    format,
  )
}

function checkWav(h: WavHeader, size: number, name: string, maxDuration: Seconds, maxBytes: number): void {
  const problem = wavHeaderProblem(h)
  if (problem)
    throw new AudioInputError('bad-header', `"${name}" has a damaged WAV header: ${problem}.`, 'wav')
  if (h.truncated) {
    const pct = Math.round((100 * h.availableDataBytes) / h.declaredDataBytes)
    throw new AudioInputError(
      'truncated',
      `"${name}" is truncated: the WAV header announces ${h.declaredDataBytes} bytes of audio but only ${h.availableDataBytes} (${pct}%) are there.`,
      'wav',
    )
  }
  if (size > maxBytes)
    throw new AudioInputError(
      'too-large',
      `"${name}" is ${formatBytes(size)}; WAV files over ${formatBytes(maxBytes)} are not loaded.`,
      'wav',
    )
  if (h.duration > maxDuration) throw tooLong(name, h.duration, maxDuration, 'wav')
}

/** Non-WAV formats: the browser's decoder, run by an OfflineAudioContext at the target rate. */
async function decodeWhole(
  file: Blob,
  format: AudioFormat,
  rate: Hz,
  name: string,
  signal?: AbortSignal,
): Promise<DecodedAudio> {
  const bytes = await file.arrayBuffer()
  signal?.throwIfAborted()
  let buffer: AudioBuffer
  try {
    // decodeAudioData resamples to the context's rate, so a 16 kHz context yields 16 kHz samples directly.
    buffer = await new OfflineAudioContext(1, 1, rate).decodeAudioData(bytes)
  } catch (cause) {
    throw new AudioInputError(
      'undecodable',
      `This browser could not decode "${name}" (${AUDIO_FORMAT_NAMES[format]}): the file may be damaged or use an unsupported codec.`,
      format,
      { cause },
    )
  }
  signal?.throwIfAborted()
  const samples = mixToMono(buffer)
  return {
    samples,
    sampleRate: rate,
    duration: samples.length / rate,
    channels: buffer.numberOfChannels,
    name,
    nonFinite: zeroNonFinite(samples),
  }
}

/** The frames [a, b) of `frames` that a segment covers (negative bounds count from the end). */
export function segmentFrames(
  segment: { readonly start: Seconds; readonly end: Seconds },
  frames: number,
  rate: Hz,
): [number, number] {
  const duration = frames / rate
  const at = (t: Seconds) => {
    const s = t < 0 ? duration + t : t
    return Math.round(Math.min(Math.max(s, 0), duration) * rate)
  }
  const a = at(segment.start)
  const b = segment.end === Infinity ? frames : at(segment.end)
  return [a, Math.max(a, b)]
}

function cutSegment(d: DecodedAudio, segment: { start: Seconds; end: Seconds }): DecodedAudio {
  const [a, b] = segmentFrames(segment, d.samples.length, d.sampleRate)
  return { ...d, samples: d.samples.slice(a, b), offset: a / d.sampleRate }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/**
 * Streams a PCM/float WAV: reads ~20 s slices, mixes each to mono and resamples it with some context on
 * both sides, so that the slices join without clicks and memory stays at the size of the output.
 */
async function streamWav(
  file: Blob,
  h: WavHeader,
  rate: Hz,
  name: string,
  opts: DecodeOptions,
): Promise<DecodedAudio> {
  const from = h.sampleRate
  // Slice boundaries sit on frames where input and output sample grids coincide, so each slice maps to a
  // whole number of output samples and the pieces tile the output exactly.
  const unit = from / gcd(from, rate) // input frames per grid step
  const outPerUnit = rate / gcd(from, rate)
  const chunk = unit * Math.max(1, Math.round((20 * from) / unit))
  const pad = from === rate ? 0 : unit * Math.ceil(1024 / unit) // ≥ 1024 frames: wider than the sinc kernel
  // A segment is read by seeking: only its frames (on the grid) are sliced out of the Blob.
  const [first, last] = opts.segment
    ? segmentFrames(opts.segment, h.frames, from).map((f, i) =>
        i === 0 ? Math.floor(f / unit) * unit : Math.min(h.frames, Math.ceil(f / unit) * unit),
      )
    : [0, h.frames]
  const total = Math.round(((last - first) * rate) / from)
  const out = new Float32Array(total)
  const repairs: SampleRepairs = { nonFinite: 0 }
  let written = 0
  for (let s = first; s < last; s += chunk) {
    opts.signal?.throwIfAborted()
    const a = Math.max(0, s - pad)
    const b = Math.min(h.frames, s + chunk + pad)
    const raw = await file
      .slice(h.dataOffset + a * h.blockAlign, h.dataOffset + b * h.blockAlign)
      .arrayBuffer()
    const mono = wavBytesToMono(new Uint8Array(raw), h, repairs)
    const res = from === rate ? mono : await resampleTo(mono, from, rate)
    const skip = ((s - a) / unit) * outPerUnit
    const want = Math.min(total - written, Math.round((Math.min(chunk, last - s) * rate) / from))
    out.set(res.subarray(skip, skip + want), written)
    written += want
    opts.onProgress?.(Math.min(1, (s + chunk - first) / (last - first)))
  }
  return {
    samples: out,
    sampleRate: rate,
    duration: total / rate,
    channels: h.channels,
    name,
    nonFinite: repairs.nonFinite,
    ...(opts.segment ? { offset: first / from } : {}),
  }
}
