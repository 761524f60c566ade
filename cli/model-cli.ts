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
      status: parse.status,
      reason: parse.reason,
      elapsedMs: reply.elapsedMs,
    }
  } catch (caught) {
    if (!(caught instanceof ModelError)) throw caught
    return { error: caught.hint ? `${caught.message} ${caught.hint}` : caught.message, kind: caught.kind }
  }
}
