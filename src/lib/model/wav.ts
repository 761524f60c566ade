import { encodeWav, readWavHeader, type WavFormat, type WavRefusal } from '../audio/wav.ts'
import type { Seconds } from '../theory/units.ts'

/** What the model accepts: Qwen2-Audio's feature extractor runs at 16 kHz and reads at most 30 s. */
export const MODEL_SAMPLE_RATE = 16_000
export const MODEL_MAX_SECONDS: Seconds = 30

/** The reasons `readWavHeader` refuses bytes, as `wavProblem` words them. */
const REFUSALS: Record<Exclude<WavRefusal, 'unsupported-format'>, string> = {
  'too-short': 'too short to be a WAV file',
  'not-riff-wave': 'not a RIFF/WAVE file',
  'fmt-truncated': 'fmt chunk is truncated',
  'data-before-fmt': 'data chunk comes before the fmt chunk',
  'no-fmt': 'no fmt chunk',
  'no-data': 'no data chunk',
}

/** Why a fmt chunk is not the model's (plain PCM, 16-bit, mono, 16 kHz), or null when it is. */
function formatProblem(f: WavFormat): string | null {
  // 0xFFFE (WAVE_FORMAT_EXTENSIBLE) may carry PCM too, but the contract is plain PCM.
  if (f.formatTag !== 1) return `The audio must be PCM (format 1), got format ${f.formatTag}.`
  if (f.bitsPerSample !== 16) return `The audio must be 16-bit, got ${f.bitsPerSample}-bit.`
  if (f.channels !== 1) return `The audio must be mono, got ${f.channels} channels.`
  if (f.sampleRate !== MODEL_SAMPLE_RATE)
    return `The audio must be sampled at ${MODEL_SAMPLE_RATE} Hz, got ${f.sampleRate} Hz.`
  return null
}

/** Why this WAV is not what the model should get (mono 16 kHz 16-bit PCM, ≤ 30 s), or null when it is. */
export function wavProblem(bytes: Uint8Array): string | null {
  const read = readWavHeader(bytes)
  if (!read.ok) {
    if (read.reason !== 'unsupported-format')
      return `The audio is not a valid WAV file: ${REFUSALS[read.reason]}.`
    return (
      (read.format && formatProblem(read.format)) ??
      'The audio is not a valid WAV file: its fmt chunk is damaged.'
    )
  }
  const header = read.header
  const problem = formatProblem(header)
  if (problem) return problem
  if (header.availableDataBytes === 0) return 'The audio is empty.'
  if (header.duration > MODEL_MAX_SECONDS + 1e-9)
    return `The audio must be at most ${MODEL_MAX_SECONDS} s, got ${header.duration.toFixed(1)} s.`
  return null
}

/** A mono 16 kHz 16-bit WAV of digital silence, used to test a connection without real audio. */
export function silentWav(duration: Seconds = 0.5): Uint8Array {
  return encodeWav(new Float32Array(Math.round(duration * MODEL_SAMPLE_RATE)), MODEL_SAMPLE_RATE)
}
