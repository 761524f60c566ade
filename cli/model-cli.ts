/**
 * The remote-model column of the `identify` command: option parsing and one question per file.
 * The CLI resamples each file to mono 16 kHz first; this module only encodes, asks and parses.
 */
import { encodeWav } from '../src/lib/audio/wav.ts'
import {
  askModel,
  DEFAULT_MODEL_SETTINGS,
  MODEL_MAX_SECONDS,
  MODEL_PROTOCOLS,
  MODEL_SAMPLE_RATE,
  ModelError,
  validateSettings,
  type AskOptions,
  type ModelErrorKind,
  type ModelProtocol,
  type ModelSettings,
} from '../src/lib/model/index.ts'
import { parseAnswer, type AnswerParse } from '../src/lib/theory/answer.ts'
import { formatLabel } from '../src/lib/theory/format.ts'
import { pitchClassName } from '../src/lib/theory/pitch-class.ts'
import type { ScaleType } from '../src/lib/theory/scale-types.ts'
import type { Pattern } from '../src/lib/theory/tones.ts'

/** The result of reading the model options out of argv. */
export type ModelArgs =
  { readonly settings: ModelSettings | null; readonly rest: readonly string[] } | { readonly error: string }

/** Environment variable read for the key, so it need not appear in the shell history or `ps`. */
export const API_KEY_ENV = 'WUSHENG_MODEL_API_KEY'

const USAGE = '--model URL [--api-key K] [--protocol llamafactory|openai] [--model-name NAME]'

/**
 * Takes `--model URL [--api-key K] [--protocol llamafactory|openai] [--model-name NAME]` (also `--opt=value`)
 * out of argv; everything else is returned in `rest` for the command's own parser. settings is null
 * without `--model`.
 * @example parseModelArgs(['--model', 'http://h:8000', 'a.wav']) → { settings: {…baseUrl: 'http://h:8000'}, rest: ['a.wav'] }
 */
export function parseModelArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ModelArgs {
  const values: Partial<Record<'model' | 'api-key' | 'protocol' | 'model-name', string>> = {}
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(model|api-key|protocol|model-name)(?:=(.*))?$/.exec(argv[i])
    if (!match) {
      rest.push(argv[i])
      continue
    }
    const name = match[1] as keyof typeof values
    const value = match[2] ?? argv[++i]
    if (value === undefined || (match[2] === undefined && value.startsWith('--')))
      return { error: `--${name} needs a value (${USAGE})` }
    values[name] = value
  }
  const { model: baseUrl, protocol = 'llamafactory' } = values
  if (baseUrl === undefined) {
    const stray = Object.keys(values)[0]
    return stray ? { error: `--${stray} needs --model URL (${USAGE})` } : { settings: null, rest }
  }
  if (!MODEL_PROTOCOLS.includes(protocol as ModelProtocol))
    return { error: `--protocol must be llamafactory or openai, got "${protocol}"` }
  const settings: ModelSettings = {
    ...DEFAULT_MODEL_SETTINGS,
    baseUrl,
    apiKey: values['api-key'] ?? env[API_KEY_ENV] ?? undefined,
    protocol: protocol as ModelProtocol,
    model: values['model-name'] ?? DEFAULT_MODEL_SETTINGS.model,
    timeoutMs: 120_000,
  }
  const problems = validateSettings(settings)
  if (problems.length > 0) return { error: problems.map((p) => p.message).join(' ') }
  return { settings, rest }
}

/** The model's answer about one file, parsed; or why there is none. Never carries the API key. */
export type ModelFileResult =
  | {
      readonly raw: string
      /** The CNPM text of the parsed label (e.g. `D商五声`), or null when the answer names no full mode. */
      readonly label: string | null
      /** The tonic's note name; null when the answer names none (a pattern alone, `羽调式`). */
      readonly tonic: string | null
      /** The pattern (gong | shang | jue | zhi | yu), also for a pattern-only answer; null when none is named. */
      readonly pattern: Pattern | null
      /** The scale type the answer names, or null. */
      readonly type: ScaleType | null
      readonly status: AnswerParse['status']
      readonly reason: string
      readonly elapsedMs: number
    }
  | { readonly error: string; readonly kind: ModelErrorKind }

/** Mono 16 kHz samples → the WAV the model gets; longer input keeps its last 30 s, where the tonic is heard. */
export function modelWavFromSamples(samples: Float32Array): Uint8Array {
  const max = MODEL_SAMPLE_RATE * MODEL_MAX_SECONDS
  return encodeWav(samples.length > max ? samples.subarray(samples.length - max) : samples, MODEL_SAMPLE_RATE)
}

/** Mono samples at any rate → the model's WAV (16 kHz, the last 30 s). */
export function modelWavFromAudio(samples: Float32Array, sampleRate: number): Uint8Array {
  return modelWavFromSamples(resampleSinc(samples, sampleRate, MODEL_SAMPLE_RATE))
}

/**
 * Resamples mono audio with a Hann-windowed sinc (32 zero crossings at the lower rate's Nyquist), enough for a
 * model that hears pitch: no aliasing folds back into the band. Same rate → the input.
 * @example resampleSinc(samples44k, 44100, 16000).length → round(samples44k.length × 16000 / 44100)
 */
export function resampleSinc(samples: Float32Array, from: number, to: number): Float32Array {
  if (!(from > 0) || !(to > 0)) throw new RangeError(`sample rates must be > 0, got ${from} → ${to}`)
  if (from === to) return samples
  const ratio = to / from
  const cutoff = Math.min(1, ratio) // relative to the input's Nyquist
  const half = Math.ceil(16 / cutoff) // taps on each side
  const out = new Float32Array(Math.round(samples.length * ratio))
  for (let i = 0; i < out.length; i++) {
    const center = i / ratio
    const first = Math.max(0, Math.ceil(center - half))
    const last = Math.min(samples.length - 1, Math.floor(center + half))
    let acc = 0
    let norm = 0
    for (let j = first; j <= last; j++) {
      const x = j - center
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * cutoff * x) / (Math.PI * cutoff * x)
      const w = 0.5 + 0.5 * Math.cos((Math.PI * x) / (half + 1))
      const k = sinc * w
      acc += samples[j] * k
      norm += k
    }
    out[i] = norm ? acc / norm : 0
  }
  return out
}

/** Asks the model about one clip (mono 16 kHz 16-bit WAV) and parses its answer; never throws a ModelError. */
export async function askModelForFile(
  settings: ModelSettings,
  wav16k: Uint8Array,
  options: AskOptions = {},
): Promise<ModelFileResult> {
  try {
    const reply = await askModel(settings, wav16k, options)
    const parse = parseAnswer(reply.raw)
    return {
      raw: reply.raw,
      label: parse.status === 'label' ? formatLabel(parse.label, 'cnpm') : null,
      tonic: parse.status === 'label' ? pitchClassName(parse.label.tonic) : null,
      pattern: parse.status === 'label' || parse.status === 'pattern-only' ? (parse.pattern ?? null) : null,
      type: parse.type ?? null,
      status: parse.status,
      reason: parse.reason,
      elapsedMs: reply.elapsedMs,
    }
  } catch (caught) {
    if (!(caught instanceof ModelError)) throw caught
    return { error: caught.hint ? `${caught.message} ${caught.hint}` : caught.message, kind: caught.kind }
  }
}
