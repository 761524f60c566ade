/**
 * 16-bit PCM WAV encoding and a small RIFF/WAVE reader. Pure: no DOM, no Web Audio, so the command-line tools
 * and Node tests use the same code as the browser.
 */
import type { Hz, Seconds } from '../theory/units.ts'

const FORMAT_PCM = 0x0001
const FORMAT_FLOAT = 0x0003
const FORMAT_EXTENSIBLE = 0xfffe

/** Bytes of the canonical 44-byte header `encodeWav` writes (RIFF + fmt + data chunk headers). */
export const WAV_HEADER_BYTES = 44

/** Sample encodings the reader understands (WAVE_FORMAT_PCM, _IEEE_FLOAT, or _EXTENSIBLE wrapping either). */
export type WavEncoding = 'pcm' | 'float'

/** What a WAV header says, and where its samples are in the file. */
export interface WavHeader {
  readonly encoding: WavEncoding
  /** The fmt chunk's wFormatTag as written (0xFFFE for WAVE_FORMAT_EXTENSIBLE, whatever it wraps). */
  readonly formatTag: number
  readonly channels: number
  readonly sampleRate: Hz
  readonly bitsPerSample: number
  /** Bytes per sample frame (all channels). */
  readonly blockAlign: number
  /** Byte offset of the first sample in the file. */
  readonly dataOffset: number
  /** Size of the data chunk as the header declares it. */
  readonly declaredDataBytes: number
  /** Bytes of sample data actually present (less than declared when the file is truncated). */
  readonly availableDataBytes: number
  /** Whole sample frames present. */
  readonly frames: number
  /** Duration of the frames present. */
  readonly duration: Seconds
  /** True when the data chunk is shorter than its header declares. */
  readonly truncated: boolean
}

/** Options for `encodeWav`. */
export interface EncodeWavOptions {
  /**
   * Add triangular (TPDF) dither of ±1 LSB before rounding, which turns quantisation distortion of quiet
   * material into benign noise. Off by default so that encoding is deterministic.
   */
  readonly dither?: boolean
  /** Uniform random numbers in [0, 1) for the dither; pass a seeded one in tests. */
  readonly random?: () => number
}

/**
 * Encodes mono float samples (−1..1) as a 16-bit PCM mono RIFF/WAVE file. Samples outside −1..1 and NaN are
 * clipped (NaN → 0) rather than wrapped, so a hot signal distorts instead of exploding.
 * @example encodeWav(new Float32Array(16000 * 30), 16000).byteLength → 960044
 */
export function encodeWav(
  samples: Float32Array,
  sampleRate: Hz,
  opts: EncodeWavOptions = {},
): Uint8Array<ArrayBuffer> {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate))
    throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`)
  const dataBytes = samples.length * 2
  const out = new Uint8Array(new ArrayBuffer(WAV_HEADER_BYTES + dataBytes))
  const view = new DataView(out.buffer)
  writeHeader(view, Math.round(sampleRate), dataBytes)
  const random = opts.random ?? Math.random
  const dither = opts.dither === true
  for (let i = 0, o = WAV_HEADER_BYTES; i < samples.length; i++, o += 2) {
    const x = samples[i]
    let v = (Number.isNaN(x) ? 0 : x) * 32767
    if (dither) v += random() - random()
    v = Math.round(v)
    view.setInt16(o, v > 32767 ? 32767 : v < -32768 ? -32768 : v, true)
  }
  return out
}

/**
 * Encodes mono samples as a 32-bit float WAV (WAVE_FORMAT_IEEE_FLOAT): lossless, for handing samples to a
 * browser decoder (resampling through `decodeAudioData`) rather than for storage.
 */
export function encodeWavFloat32(samples: Float32Array, sampleRate: Hz): Uint8Array<ArrayBuffer> {
  const dataBytes = samples.length * 4
  const out = new Uint8Array(new ArrayBuffer(WAV_HEADER_BYTES + dataBytes))
  const view = new DataView(out.buffer)
  writeHeader(view, Math.round(sampleRate), dataBytes, 'float')
  // WAV is little-endian; so is every platform a browser runs on, but write through DataView to be sure.
  for (let i = 0, o = WAV_HEADER_BYTES; i < samples.length; i++, o += 4) view.setFloat32(o, samples[i], true)
  return out
}

function writeHeader(
  view: DataView,
  sampleRate: number,
  dataBytes: number,
  encoding: WavEncoding = 'pcm',
): void {
  const bytesPerSample = encoding === 'float' ? 4 : 2
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i))
  }
  ascii(0, 'RIFF')
  view.setUint32(4, 36 + dataBytes, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  view.setUint32(16, 16, true) // fmt chunk size
  view.setUint16(20, encoding === 'float' ? FORMAT_FLOAT : FORMAT_PCM, true)
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * bytesPerSample, true) // byte rate
  view.setUint16(32, bytesPerSample, true) // block align
  view.setUint16(34, bytesPerSample * 8, true) // bits per sample
  ascii(36, 'data')
  view.setUint32(40, dataBytes, true)
}

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3])
}

/** Why bytes are not a WAV header `readWavHeader` can use. */
export type WavRefusal =
  | 'too-short'
  | 'not-riff-wave'
  | 'fmt-truncated'
  | 'data-before-fmt'
  | 'no-fmt'
  | 'no-data'
  /** A fmt chunk this reader cannot decode: a compressed format, odd sample widths, no channels or rate. */
  | 'unsupported-format'

/** What a fmt chunk says, as written. */
export interface WavFormat {
  /** wFormatTag as written (0xFFFE for WAVE_FORMAT_EXTENSIBLE). */
  readonly formatTag: number
  readonly channels: number
  readonly sampleRate: Hz
  readonly blockAlign: number
  readonly bitsPerSample: number
}

/**
 * The header of a RIFF/WAVE file, or why there is none: the reason, and the fmt chunk when one was read
 * (a refused `unsupported-format` always has it).
 */
export type WavHeaderRead =
  | { readonly ok: true; readonly header: WavHeader }
  | { readonly ok: false; readonly reason: WavRefusal; readonly format: WavFormat | null }

/**
 * Reads the header of a RIFF/WAVE file from its first bytes and its total size. Walks the chunks, so LIST and
 * fact chunks before `data` are fine. `head` need only hold the chunks up to the start of `data`, so a caller
 * can read the first few kilobytes of a large file and stream the rest.
 */
export function readWavHeader(head: Uint8Array, fileBytes: number = head.byteLength): WavHeaderRead {
  const refuse = (reason: WavRefusal, format: WavFormat | null = null): WavHeaderRead => ({
    ok: false,
    reason,
    format,
  })
  if (head.byteLength < 12) return refuse('too-short')
  if (fourCC(head, 0) !== 'RIFF' || fourCC(head, 8) !== 'WAVE') return refuse('not-riff-wave')
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  let fmt: WavFormat | null = null
  let format = 0 // the real format: an EXTENSIBLE file's SubFormat
  let at = 12
  while (at + 8 <= head.byteLength) {
    const id = fourCC(head, at)
    const size = view.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > head.byteLength) return refuse('fmt-truncated')
      fmt = {
        formatTag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      }
      format = fmt.formatTag
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its SubFormat GUID.
      if (format === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= head.byteLength)
        format = view.getUint16(body + 24, true)
    } else if (id === 'data') {
      if (!fmt) return refuse('data-before-fmt')
      const { channels, sampleRate, blockAlign, bitsPerSample: bits } = fmt
      const encoding = format === FORMAT_PCM ? 'pcm' : format === FORMAT_FLOAT ? 'float' : null
      const bitsOk = encoding === 'pcm' ? [8, 16, 24, 32].includes(bits) : bits === 32 || bits === 64
      if (!encoding || !bitsOk || channels < 1 || sampleRate < 1 || blockAlign < 1)
        return refuse('unsupported-format', fmt)
      // Streaming writers leave 0 or 0xFFFFFFFF in the size: treat the rest of the file as data.
      const declared = size === 0 || size === 0xffffffff ? fileBytes - body : size
      const available = Math.max(0, Math.min(declared, fileBytes - body))
      const frames = Math.floor(available / blockAlign)
      const header: WavHeader = {
        encoding,
        formatTag: fmt.formatTag,
        channels,
        sampleRate,
        bitsPerSample: bits,
        blockAlign,
        dataOffset: body,
        declaredDataBytes: declared,
        availableDataBytes: available,
        frames,
        duration: frames / sampleRate,
        truncated: available < declared,
      }
      return { ok: true, header }
    }
    at = body + size + (size & 1) // chunks are word-aligned
  }
  return refuse(fmt ? 'no-data' : 'no-fmt', fmt)
}

/**
 * The header of a RIFF/WAVE file (see `readWavHeader`), or null when the bytes are not a WAV this reader
 * understands (not RIFF/WAVE, no fmt or data chunk in `head`, or a compressed format such as ADPCM).
 */
export function decodeWavHeader(head: Uint8Array, fileBytes: number = head.byteLength): WavHeader | null {
  const read = readWavHeader(head, fileBytes)
  return read.ok ? read.header : null
}

/** Sample rates a WAV may declare: below 1 kHz or above 768 kHz a header is damaged, not a recording. */
export const WAV_RATE_RANGE = Object.freeze({ min: 1000, max: 768_000 })

/**
 * Why a parsed WAV header cannot be right, in plain English, or null when it is consistent: a block size that
 * does not hold its channels' samples (reading it would run off the end of the data), an absurd sample rate
 * or channel count. A damaged header is said to be one, never read as samples.
 * @example wavHeaderProblem({ ...h, blockAlign: 1 }) → 'the header says each frame is 1 byte, but 2 channels of 16-bit samples need 4'
 */
export function wavHeaderProblem(h: WavHeader): string | null {
  if (h.channels < 1 || h.channels > 64) return `the header says the file has ${h.channels} channels`
  if (h.sampleRate < WAV_RATE_RANGE.min || h.sampleRate > WAV_RATE_RANGE.max)
    return `the header says the sample rate is ${h.sampleRate} Hz, which no recording uses`
  const need = h.channels * (h.bitsPerSample / 8)
  if (h.blockAlign !== need)
    return `the header says each frame is ${h.blockAlign} bytes, but ${h.channels} channel${h.channels === 1 ? '' : 's'} of ${h.bitsPerSample}-bit samples need ${need}`
  return null
}

/** Counts what a conversion had to repair: samples that were NaN or ±Infinity (zeroed). */
export interface SampleRepairs {
  nonFinite: number
}

/**
 * Converts interleaved sample bytes (whole frames) of a WAV to a mono Float32Array by averaging the channels.
 * `bytes` must start on a frame boundary. A float sample that is NaN or infinite is taken as 0 (one such sample
 * would otherwise spread through every filter after it) and counted in `repairs`.
 */
export function wavBytesToMono(bytes: Uint8Array, header: WavHeader, repairs?: SampleRepairs): Float32Array {
  const { channels, blockAlign, bitsPerSample: bits, encoding } = header
  const width = bits / 8
  if (blockAlign < channels * width)
    throw new RangeError(`blockAlign ${blockAlign} cannot hold ${channels} samples of ${bits} bits`)
  const frames = Math.floor(bytes.byteLength / blockAlign)
  const out = new Float32Array(frames)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const read = sampleReader(view, encoding, bits)
  const gain = 1 / channels
  let bad = 0
  for (let f = 0, base = 0; f < frames; f++, base += blockAlign) {
    let sum = 0
    for (let c = 0; c < channels; c++) {
      const x = read(base + c * width)
      // x - x is 0 for every finite x and NaN for NaN and ±Infinity: one comparison per sample.
      if (x - x === 0) sum += x
      else bad++
    }
    out[f] = sum * gain
  }
  if (repairs) repairs.nonFinite += bad
  return out
}

/**
 * Zeroes the NaN and infinite samples of `samples` in place and returns how many there were (decoders other
 * than the WAV reader can hand them over too).
 */
export function zeroNonFinite(samples: Float32Array): number {
  let bad = 0
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]
    if (x - x !== 0) {
      samples[i] = 0
      bad++
    }
  }
  return bad
}

function sampleReader(view: DataView, encoding: WavEncoding, bits: number): (at: number) => number {
  if (encoding === 'float')
    return bits === 64 ? (at) => view.getFloat64(at, true) : (at) => view.getFloat32(at, true)
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128 // 8-bit WAV is unsigned
    case 16:
      return (at) => view.getInt16(at, true) / 32768
    case 24:
      return (at) =>
        (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608
    default:
      return (at) => view.getInt32(at, true) / 2147483648
  }
}

/** A whole WAV file read into memory: its header and its samples mixed down to mono. */
export interface ParsedWav {
  readonly header: WavHeader
  readonly samples: Float32Array
}

/** Parses a whole WAV file in memory (tests, the CLI, short clips), or returns null when it is not one. */
export function parseWav(bytes: Uint8Array): ParsedWav | null {
  const header = decodeWavHeader(bytes)
  if (!header || wavHeaderProblem(header) !== null) return null
  const data = bytes.subarray(header.dataOffset, header.dataOffset + header.frames * header.blockAlign)
  return { header, samples: wavBytesToMono(data, header) }
}
