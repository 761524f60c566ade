// Asking the model: one request, retried with bounded backoff; each attempt timed out, cancellable, and read within limits.
import type { Milliseconds, Timestamp } from '../theory/units.ts'
import { readCapped, type AttemptState } from './body.ts'
import { isRetryable, ModelError } from './errors.ts'
import { httpError } from './http-error.ts'
import { MAX_BODY_BYTES, parseCompletion, readStream, type ModelReply } from './reply.ts'
import { buildRequest } from './request.ts'
import { abortableSleep, backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts'
import { endpointUrl, validateSettings, type ModelSettings } from './settings.ts'
import { requestHeaders, send } from './transport.ts'
import { wavProblem } from './wav.ts'

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
