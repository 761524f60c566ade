import type { Milliseconds } from '../theory/units.ts'

/** Which server dialect to speak: LLaMA-Factory's API, or vLLM / any OpenAI-compatible server. */
export type ModelProtocol = 'llamafactory' | 'openai'
export const MODEL_PROTOCOLS: readonly ModelProtocol[] = Object.freeze(['llamafactory', 'openai'])

/** Everything needed to ask the remote model about a clip. Plain data: the store persists it as is. */
export interface ModelSettings {
  /** The server root, `http://host:8000` or `http://host:8000/v1`. */
  readonly baseUrl: string
  /** Sent only as `Authorization: Bearer`, only to baseUrl. */
  readonly apiKey?: string
  /** The served model name (`--served-model-name` for vLLM; LLaMA-Factory ignores it). */
  readonly model: string
  readonly protocol: ModelProtocol
  /** The question asked with the audio; the fine-tuned model was trained on the default. */
  readonly question: string
  readonly systemPrompt?: string
  /** Per attempt, from sending to the last byte of the reply. */
  readonly timeoutMs: Milliseconds
  /** Ask for a streamed (SSE) reply, so text appears as it is generated. */
  readonly stream: boolean
  /** Upper bound on generated tokens; a CNPM label needs a few dozen. */
  readonly maxTokens?: number
}

/** The question the model was fine-tuned on (CNPM_audio_train). */
export const DEFAULT_QUESTION = '这段音乐是什么调式?'
export const DEFAULT_MAX_TOKENS = 64
export const MIN_TIMEOUT_MS: Milliseconds = 1_000
export const MAX_TIMEOUT_MS: Milliseconds = 600_000

/** Defaults for a new configuration (no server yet). */
export const DEFAULT_MODEL_SETTINGS: ModelSettings = Object.freeze({
  baseUrl: '',
  model: 'cnpm',
  protocol: 'llamafactory',
  question: DEFAULT_QUESTION,
  timeoutMs: 60_000,
  stream: false,
  maxTokens: DEFAULT_MAX_TOKENS,
})

/** One thing wrong with the settings: the field, a stable code for translation, and an English message. */
export interface SettingsProblem {
  readonly field: keyof ModelSettings
  readonly code:
    | 'required'
    | 'invalid-url'
    | 'not-http'
    | 'credentials-in-url'
    | 'query-in-url'
    | 'endpoint-in-url'
    | 'mixed-content'
    | 'invalid-protocol'
    | 'invalid-key'
    | 'invalid-timeout'
    | 'invalid-max-tokens'
  readonly message: string
}

/** Where the app itself is served from, to warn about https pages calling http servers. */
export interface ValidateContext {
  readonly pageProtocol?: string
}

/**
 * The server root without a trailing slash or `/v1`, or null when the URL is not usable.
 * @example serverRoot('http://h:8000/v1/') → 'http://h:8000'; serverRoot('https://lab.edu/cnpm') → 'https://lab.edu/cnpm'
 */
export function serverRoot(baseUrl: string): string | null {
  let url: URL
  try {
    url = new URL(baseUrl.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')
  return `${url.protocol}//${url.host}${path}`
}

/** The full URL of an endpoint under the server root. @example endpointUrl('http://h:8000/v1', 'chat') → 'http://h:8000/v1/chat/completions' */
export function endpointUrl(baseUrl: string, endpoint: 'chat' | 'models'): string {
  const root = serverRoot(baseUrl)
  if (root === null) throw new RangeError('baseUrl is not an http(s) URL; run validateSettings first')
  return `${root}/v1/${endpoint === 'chat' ? 'chat/completions' : 'models'}`
}

/** Everything wrong with the settings, most useful first; an empty list means they can be used. */
export function validateSettings(
  settings: Partial<ModelSettings>,
  context: ValidateContext = {},
): SettingsProblem[] {
  const problems: SettingsProblem[] = [...urlProblems(settings.baseUrl ?? '', context)]
  if (!settings.model?.trim())
    problems.push({
      field: 'model',
      code: 'required',
      message: 'Give the model name the server serves (e.g. cnpm).',
    })
  if (settings.protocol === undefined || !MODEL_PROTOCOLS.includes(settings.protocol))
    problems.push({
      field: 'protocol',
      code: 'invalid-protocol',
      message: 'Choose a protocol: LLaMA-Factory API or vLLM / OpenAI-compatible.',
    })
  if (!settings.question?.trim())
    problems.push({ field: 'question', code: 'required', message: 'The question to ask cannot be empty.' })
  // A newline or space in a header value would make fetch throw; a pasted key often carries one.
  if (settings.apiKey !== undefined && settings.apiKey !== '' && !/^[\x21-\x7e]+$/.test(settings.apiKey))
    problems.push({
      field: 'apiKey',
      code: 'invalid-key',
      message: 'The API key contains spaces, line breaks or non-ASCII characters; paste it again.',
    })
  const t = settings.timeoutMs
  if (t === undefined || !Number.isFinite(t) || t < MIN_TIMEOUT_MS || t > MAX_TIMEOUT_MS)
    problems.push({
      field: 'timeoutMs',
      code: 'invalid-timeout',
      message: `The timeout must be between ${MIN_TIMEOUT_MS / 1000} and ${MAX_TIMEOUT_MS / 1000} seconds.`,
    })
  const m = settings.maxTokens
  if (m !== undefined && (!Number.isInteger(m) || m < 1 || m > 4096))
    problems.push({
      field: 'maxTokens',
      code: 'invalid-max-tokens',
      message: 'Max tokens must be a whole number from 1 to 4096.',
    })
  return problems
}

function urlProblems(raw: string, context: ValidateContext): SettingsProblem[] {
  const field = 'baseUrl'
  const text = raw.trim()
  if (!text)
    return [{ field, code: 'required', message: 'Give the server address, e.g. http://192.168.1.20:8000.' }]
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return [
      {
        field,
        code: 'invalid-url',
        message: `"${text}" is not a URL. Write it in full, with http:// or https://, e.g. http://192.168.1.20:8000.`,
      },
    ]
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return [
      {
        field,
        code: 'not-http',
        message: `The address must start with http:// or https://, not ${url.protocol}//.`,
      },
    ]
  if (url.username || url.password)
    return [
      {
        field,
        code: 'credentials-in-url',
        message: 'Do not put a user name or password in the address; put the key in the API key field.',
      },
    ]
  if (url.search || url.hash)
    return [
      {
        field,
        code: 'query-in-url',
        message: 'The address must not contain ? or #: give the server root only.',
      },
    ]
  const path = url.pathname.replace(/\/+$/, '')
  if (/\/(chat\/completions|models|completions)$/.test(path))
    return [
      {
        field,
        code: 'endpoint-in-url',
        message: `Give the server root, not an endpoint: use ${url.origin}${path.replace(/\/(chat\/completions|models|completions)$/, '')}.`,
      },
    ]
  if (context.pageProtocol === 'https:' && url.protocol === 'http:' && !isLoopback(url.hostname))
    return [
      {
        field,
        code: 'mixed-content',
        message:
          'This page is served over https, so the browser blocks requests to an http:// server. Serve the model over https (e.g. behind a reverse proxy) or open the app over http.',
      },
    ]
  return []
}

/** Browsers treat loopback as potentially trustworthy, so https pages may call it over http. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host)
}
