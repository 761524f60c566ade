import type { Milliseconds, Timestamp } from '../theory/units.ts'
import { isRetryable, ModelError, redactKey } from './errors.ts'
import { buildRequest } from './request.ts'
import {
  abortableSleep,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryPolicy,
} from './retry.ts'
import { endpointUrl, validateSettings, type ModelSettings } from './settings.ts'
import { SseParser } from './sse.ts'
import { wavProblem } from './wav.ts'

/** The longest answer text accepted; a CNPM label is a few dozen characters, a rambling base model a few hundred. */
export const MAX_REPLY_CHARS = 64 * 1024
/** The largest response body read, JSON or SSE framing included. */
export const MAX_BODY_BYTES = 1024 * 1024
/** How much of an error body is read and quoted. */
const MAX_ERROR_BODY_BYTES = 16 * 1024

/** What the model answered: the raw text, kept as is for the parser and for display. */
export interface ModelReply {
  readonly raw: string
  /** `stop`, `length` (max_tokens reached), …, or null when the server did not say. */
  readonly finishReason: string | null
  /** The model name the server reports, or null. */
  readonly model: string | null
  readonly elapsedMs: Milliseconds
  readonly attempts: number
}

/** A retry about to happen, for progress display. */
export interface RetryNotice {
  readonly attempt: number
  readonly delayMs: Milliseconds
  readonly error: ModelError
}

/** Injected I/O and time, so tests run instantly and the UI can cancel. */
export interface AskOptions {
  readonly signal?: AbortSignal
  /** Called with each piece of streamed text and the text so far. */
  readonly onDelta?: (delta: string, text: string) => void
  readonly onRetry?: (notice: RetryNotice) => void
  readonly fetch?: typeof fetch
  readonly sleep?: (ms: Milliseconds, signal?: AbortSignal) => Promise<void>
  /** Wall-clock time (Retry-After dates are wall-clock). */
  readonly now?: () => Timestamp
  readonly random?: () => number
  readonly retry?: Partial<RetryPolicy>
}

/** Mutable progress of one attempt, so a failure can still report the text that arrived. */
interface AttemptState {
  text: string
  deltas: number
  timedOut: boolean
}

/**
 * Sends one clip (mono 16 kHz 16-bit WAV, ≤ 30 s) with the question and returns the model's answer.
 * Retries only network failures, 429 and 502/503/504, with bounded backoff; throws ModelError otherwise.
 */
export async function askModel(
  settings: ModelSettings,
  wavBytes: Uint8Array,
  options: AskOptions = {},
): Promise<ModelReply> {
  const problem = settingsProblem(settings) ?? wavProblem(wavBytes)
  if (problem) throw new ModelError('bad-request', problem)
  const body = JSON.stringify(buildRequest(settings, wavBytes))
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? abortableSleep
  const started = now()
  let waited = 0
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortedError(attempt - 1)
    const state: AttemptState = { text: '', deltas: 0, timedOut: false }
    try {
      const reply = await attemptOnce(settings, body, options, state, now)
      return { ...reply, elapsedMs: now() - started, attempts: attempt }
    } catch (caught) {
      if (!(caught instanceof ModelError)) throw caught
      caught.attempts = attempt
      // Text already shown to the user must not be shown twice: a stream that started is not retried.
      if (!isRetryable(caught) || state.deltas > 0 || attempt >= policy.maxAttempts) throw caught
      const delay = caught.retryAfterMs ?? backoffDelay(attempt, policy, options.random ?? Math.random)
      if (delay > policy.maxDelayMs || waited + delay > policy.maxTotalDelayMs) throw caught
      waited += delay
      options.onRetry?.({ attempt, delayMs: delay, error: caught })
      try {
        await sleep(delay, options.signal)
      } catch {
        throw abortedError(attempt)
      }
    }
  }
}

/** The first settings problem that makes a request impossible (the timeout range is the UI's concern). */
function settingsProblem(settings: ModelSettings): string | null {
  const fatal = validateSettings(settings).find((p) => p.code !== 'invalid-timeout')
  if (fatal) return fatal.message
  return settings.timeoutMs > 0 ? null : 'The timeout must be a positive number of milliseconds.'
}

function abortedError(attempts: number): ModelError {
  return new ModelError('aborted', 'The request was cancelled.', { attempts: Math.max(1, attempts) })
}

/** Request headers; the key goes only here, only to the configured server. */
export function requestHeaders(settings: ModelSettings, accept: string): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: accept }
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`
  return headers
}

async function attemptOnce(
  settings: ModelSettings,
  body: string,
  options: AskOptions,
  state: AttemptState,
  now: () => Timestamp,
): Promise<Omit<ModelReply, 'elapsedMs' | 'attempts'>> {
  const controller = new AbortController()
  const timer = setTimeout(() => {
    state.timedOut = true
    controller.abort()
  }, settings.timeoutMs)
  const onAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const url = endpointUrl(settings.baseUrl, 'chat')
    const response = await send(options.fetch ?? fetch, url, {
      method: 'POST',
      headers: requestHeaders(settings, settings.stream ? 'text/event-stream' : 'application/json'),
      body,
      signal: controller.signal,
    })
    if (!response.ok) throw await httpError(response, settings, now)
    // A server may ignore `stream: true` and answer with plain JSON: read what it sent.
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json')
    if (settings.stream && !isJson) return await readStream(response, state, options.onDelta)
    return parseCompletion(await readCapped(response, MAX_BODY_BYTES, state, false))
  } catch (caught) {
    // Cancellation and timeout win over whatever error the aborted fetch or read produced.
    if (options.signal?.aborted) throw abortedError(1)
    if (state.timedOut)
      throw new ModelError('timeout', `The server did not answer within ${settings.timeoutMs / 1000} s.`, {
        partialText: state.text || undefined,
        hint: 'A 7B audio model on a busy GPU can be slow: try again, or raise the timeout in Settings.',
        cause: caught,
      })
    throw caught
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/** fetch without redirects, a failure to connect turned into an honest 'network' error (internal). */
export async function send(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response
  try {
    // No redirects: following one could carry the key elsewhere, and a POST redirect becomes a GET anyway.
    response = await fetchFn(url, { ...init, redirect: 'manual', credentials: 'omit' })
  } catch (caught) {
    throw networkError(url, caught)
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    const location = response.headers.get('location')
    throw new ModelError(
      'redirect',
      `The server redirected the request${location ? ` to ${location}` : ''}.`,
      {
        status: response.status || undefined,
        hint: 'Use the final address (often https://…) as the base URL.',
      },
    )
  }
  return response
}

/** A fetch that did not get a response: the browser cannot tell a dead server from a CORS refusal. */
export function networkError(url: string, caught: unknown): ModelError {
  const origin = safeOrigin(url)
  const code = errorCode(caught)
  const detail = code ? ` (${NETWORK_CODES[code] ?? code})` : ''
  return new ModelError('network', `Could not reach ${origin}: network error or CORS blocked${detail}.`, {
    hint:
      'Check that the server is running and reachable from this device, the address and port, and that it allows ' +
      'cross-origin requests (LLaMA-Factory and vLLM allow * by default). A page served over https cannot call an ' +
      'http:// server.',
    cause: caught,
  })
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
}

/** Node's fetch puts the system error code on `cause`; browsers give none. */
function errorCode(caught: unknown): string | undefined {
  const cause = (caught as { cause?: { code?: unknown } } | null)?.cause
  return typeof cause?.code === 'string' ? cause.code : undefined
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'the server'
  }
}

/** A non-2xx response as a ModelError of the right kind, quoting the server's own message (internal). */
export async function httpError(
  response: Response,
  settings: ModelSettings,
  now: () => Timestamp,
): Promise<ModelError> {
  const status = response.status
  let detail = ''
  try {
    detail = serverMessage(await readCapped(response, MAX_ERROR_BODY_BYTES, null, true))
  } catch {
    // The body is only for the message; the status alone still classifies the error.
  }
  detail = redactKey(detail, settings.apiKey)
  const said = detail ? ` The server said: "${detail}"` : ''
  const opts = { status }
  switch (true) {
    case status === 401:
      return new ModelError(
        'auth',
        settings.apiKey
          ? `The server rejected the API key (401).${said}`
          : `The server needs an API key (401).${said}`,
        { ...opts, hint: 'Check the API key in Settings (LLaMA-Factory: API_KEY; vLLM: --api-key).' },
      )
    case status === 403:
      return new ModelError('auth', `The server refused access (403).${said}`, opts)
    case status === 404:
      return /model/i.test(detail) && /(not exist|not found|unknown|no such)/i.test(detail)
        ? new ModelError(
            'model-not-found',
            `The server does not serve a model named "${settings.model}".${said}`,
            {
              ...opts,
              hint: 'Use the name given to --served-model-name (Test connection lists the names the server serves).',
            },
          )
        : new ModelError(
            'not-found',
            `Nothing answers at ${endpointUrl(settings.baseUrl, 'chat')} (404).${said}`,
            {
              ...opts,
              hint: 'Check the base URL: it should be the server root, e.g. http://host:8000.',
            },
          )
    case status === 413:
      return new ModelError('too-large', `The server refused the request as too large (413).${said}`, {
        ...opts,
        hint: 'Choose a shorter region (at most 30 s), or raise the body size limit of the proxy in front of the server.',
      })
    case status === 429:
      return new ModelError('rate-limited', `The server is busy (429).${said}`, {
        ...opts,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
      })
    case status >= 500:
      return new ModelError('server', `The server failed (${status}).${said}`, {
        ...opts,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
      })
    default:
      return new ModelError('bad-request', `The server rejected the request (${status}).${said}`, opts)
  }
}

/** The human-readable part of an error body: FastAPI `detail`, OpenAI/vLLM `error.message` or `message`. */
export function serverMessage(body: string): string {
  const text = body.trim()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return clip(text.replace(/\s+/g, ' '))
  }
  const o = json as Record<string, unknown> | null
  const detail = o?.detail
  if (typeof detail === 'string') return clip(detail)
  if (Array.isArray(detail))
    return clip(
      detail
        .map((d) => (d as { msg?: unknown })?.msg)
        .filter((m) => typeof m === 'string')
        .join('; '),
    )
  const error = o?.error as Record<string, unknown> | string | undefined
  if (typeof error === 'string') return clip(error)
  if (typeof error?.message === 'string') return clip(error.message)
  if (typeof o?.message === 'string') return clip(o.message)
  return clip(text)
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/** Reads a body as text, refusing more than maxBytes; read failures become network or cut-off errors. */
async function readCapped(
  response: Response,
  maxBytes: number,
  state: AttemptState | null,
  truncate: boolean,
): Promise<string> {
  if (!response.body) return response.text()
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  try {
    for (;;) {
      const chunk = await readChunk(reader, state, false)
      if (chunk === null) break
      bytes += chunk.byteLength
      if (bytes > maxBytes) {
        if (truncate) return text + decoder.decode(chunk.subarray(0, chunk.byteLength - (bytes - maxBytes)))
        throw tooLong(`The reply is larger than ${maxBytes / 1024} KB.`)
      }
      text += decoder.decode(chunk, { stream: true })
    }
    return text + decoder.decode()
  } finally {
    reader.cancel().catch(() => {})
  }
}

async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  state: AttemptState | null,
  streaming: boolean,
): Promise<Uint8Array | null> {
  let result: Awaited<ReturnType<typeof reader.read>>
  try {
    result = await reader.read()
  } catch (caught) {
    if (streaming && state)
      throw new ModelError(
        'cut-off',
        `The connection dropped after ${state.text.length} characters of the answer.`,
        {
          partialText: state.text,
          cause: caught,
        },
      )
    // The server was reached and began to answer: the reply was cut off, not unreachable.
    throw new ModelError('cut-off', 'The connection dropped while the reply was being read.', {
      cause: caught,
    })
  }
  return result.done ? null : result.value
}

function tooLong(message: string, partialText?: string): ModelError {
  return new ModelError('too-long', message, {
    partialText,
    hint: 'The server is probably not the fine-tuned model, or max_tokens is too high.',
  })
}

function badReply(what: string): ModelError {
  return new ModelError('bad-reply', `The reply is not a chat completion: ${what}.`, {
    hint: 'Check that the base URL points at an OpenAI-compatible chat server (LLaMA-Factory or vLLM).',
  })
}

/** A non-streamed chat.completion body → the reply, or 'bad-reply' saying exactly what is wrong. */
export function parseCompletion(body: string): Omit<ModelReply, 'elapsedMs' | 'attempts'> {
  if (!body.trim()) throw badReply('the body is empty')
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw badReply(`it is not JSON (it begins "${clip(body.trim().replace(/\s+/g, ' '), 60)}")`)
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw badReply('the JSON is not an object')
  const o = json as Record<string, unknown>
  if (!('choices' in o)) {
    const err = o.error ? ` (it carries an error: "${serverMessage(body)}")` : ''
    throw badReply(`it has no "choices"${err}`)
  }
  if (!Array.isArray(o.choices)) throw badReply('"choices" is not an array')
  if (o.choices.length === 0) throw badReply('"choices" is empty')
  const choice = o.choices[0] as Record<string, unknown> | null
  const message = choice?.message as Record<string, unknown> | null | undefined
  if (!message || typeof message !== 'object') throw badReply('choices[0] has no "message"')
  const content = message.content
  if (typeof content !== 'string')
    throw badReply(`choices[0].message.content is ${content === null ? 'null' : typeof content}, not text`)
  if (content.length > MAX_REPLY_CHARS)
    throw tooLong(`The answer is longer than ${MAX_REPLY_CHARS} characters.`)
  return {
    raw: content,
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof o.model === 'string' ? o.model : null,
  }
}

/** Reads an SSE chat.completion.chunk stream, calling onDelta as text arrives. */
async function readStream(
  response: Response,
  state: AttemptState,
  onDelta: AskOptions['onDelta'],
): Promise<Omit<ModelReply, 'elapsedMs' | 'attempts'>> {
  if (!response.body) throw badReply('the streamed reply has no body')
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const parser = new SseParser()
  let finishReason: string | null = null
  let model: string | null = null
  let done = false
  let bytes = 0
  try {
    while (!done) {
      const chunk = await readChunk(reader, state, true)
      if (chunk === null) break
      bytes += chunk.byteLength
      if (bytes > MAX_BODY_BYTES)
        throw tooLong(`The streamed reply is larger than ${MAX_BODY_BYTES / 1024} KB.`, state.text)
      for (const data of parser.push(decoder.decode(chunk, { stream: true }))) {
        if (data.trim() === '[DONE]') {
          done = true
          break
        }
        const event = parseChunk(data, state.text)
        model ??= event.model
        finishReason = event.finishReason ?? finishReason
        if (event.delta) {
          state.text += event.delta
          state.deltas++
          if (state.text.length > MAX_REPLY_CHARS)
            throw tooLong(`The answer is longer than ${MAX_REPLY_CHARS} characters.`, state.text)
          onDelta?.(event.delta, state.text)
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {})
  }
  if (!done && finishReason === null)
    throw new ModelError(
      'cut-off',
      `The streamed answer stopped before it was finished (${state.text.length} characters arrived).`,
      {
        partialText: state.text,
        hint: 'The server or a proxy closed the connection early; try again.',
      },
    )
  return { raw: state.text, finishReason, model }
}

interface ChunkEvent {
  readonly delta: string
  readonly finishReason: string | null
  readonly model: string | null
}

/** One `data:` payload of a chat.completion.chunk stream. */
function parseChunk(data: string, partialText: string): ChunkEvent {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(data) as Record<string, unknown>
  } catch {
    throw new ModelError('bad-reply', `A streamed event is not JSON: "${clip(data, 60)}".`, { partialText })
  }
  // vLLM reports errors that happen mid-generation as an event carrying `error`.
  if (json?.error)
    throw new ModelError('server', `The server failed mid-answer: "${serverMessage(data)}"`, { partialText })
  const choice = (Array.isArray(json?.choices) ? json.choices[0] : undefined) as
    Record<string, unknown> | undefined
  const delta = choice?.delta as Record<string, unknown> | undefined
  return {
    delta: typeof delta?.content === 'string' ? delta.content : '',
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof json?.model === 'string' ? json.model : null,
  }
}
