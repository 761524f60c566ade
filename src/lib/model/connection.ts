import type { Timestamp } from '../theory/units.ts'
import { askModel } from './client.ts'
import { httpError } from './http-error.ts'
import type { ModelReply } from './reply.ts'
import { serverMessage } from './server-message.ts'
import { requestHeaders, send } from './transport.ts'
import { ModelError, type ModelErrorKind } from './errors.ts'
import { endpointUrl, serverRoot, validateSettings, type ModelSettings } from './settings.ts'
import { silentWav } from './wav.ts'

/** The outcome of Test connection: one diagnosis, in words a teacher can act on. */
export interface ConnectionReport {
  readonly ok: boolean
  readonly kind: 'ok' | 'invalid-settings' | ModelErrorKind
  readonly message: string
  readonly hint?: string
  readonly status?: number
  /** Model names listed at /v1/models, when the server answered there. */
  readonly models?: readonly string[]
  /** The server guessed from /v1/models: vLLM's model cards say owned_by "vllm", LLaMA-Factory's "owner". */
  readonly flavour?: 'vllm' | 'llamafactory' | 'unknown'
  readonly reply?: ModelReply
}

/** I/O for Test connection. `probeNoCors` (default: in a browser page) tells CORS apart from a dead server. */
export interface ConnectionOptions {
  readonly fetch?: typeof fetch
  readonly signal?: AbortSignal
  readonly now?: () => Timestamp
  readonly probeNoCors?: boolean
}

interface ModelList {
  readonly models: readonly string[]
  readonly flavour: 'vllm' | 'llamafactory' | 'unknown'
}

/**
 * Checks the settings, then GET /v1/models, then a tiny real request (0.5 s of silence),
 * and says plainly what is wrong: unreachable, CORS, key, model name, or a reply that is not a chat completion.
 */
export async function testConnection(
  settings: ModelSettings,
  options: ConnectionOptions = {},
): Promise<ConnectionReport> {
  const problems = validateSettings(settings)
  if (problems.length > 0) return { ok: false, kind: 'invalid-settings', message: problems[0].message }
  const fetchFn = options.fetch ?? fetch
  let list: ModelList | null = null
  try {
    list = await listModels(settings, fetchFn, options)
  } catch (caught) {
    if (!(caught instanceof ModelError)) throw caught
    if (caught.kind === 'network') return await diagnoseUnreachable(settings, caught, fetchFn, options)
    // A missing /v1/models (a proxy that only forwards chat) is not fatal: the chat request decides.
    if (caught.kind !== 'not-found' && caught.kind !== 'bad-reply') return fromError(caught)
  }
  if (
    list &&
    settings.protocol === 'openai' &&
    list.flavour !== 'llamafactory' &&
    !list.models.includes(settings.model)
  )
    return {
      ok: false,
      kind: 'model-not-found',
      message: `The server does not serve "${settings.model}"; it serves: ${list.models.join(', ') || 'nothing'}.`,
      hint: 'Set the model name to one of these (vLLM: the --served-model-name).',
      ...list,
    }
  try {
    const reply = await askModel({ ...settings, stream: false, maxTokens: 8 }, silentWav(0.5), {
      fetch: fetchFn,
      signal: options.signal,
      now: options.now,
      retry: { maxAttempts: 1 },
    })
    return {
      ok: true,
      kind: 'ok',
      message: `Connected: the model answered "${reply.raw.slice(0, 80)}" in ${Math.round(reply.elapsedMs)} ms.`,
      reply,
      ...list,
    }
  } catch (caught) {
    if (!(caught instanceof ModelError)) throw caught
    return { ...fromError(caught, protocolHint(settings, caught, list)), ...list }
  }
}

function fromError(error: ModelError, hint = error.hint): ConnectionReport {
  return { ok: false, kind: error.kind, message: error.message, hint, status: error.status }
}

/** The usual cause of a rejected request: the wrong protocol for the server. */
function protocolHint(
  settings: ModelSettings,
  error: ModelError,
  list: ModelList | null,
): string | undefined {
  if (error.kind !== 'bad-request' && error.kind !== 'server') return error.hint
  if (settings.protocol === 'openai' && (list?.flavour === 'llamafactory' || error.status === 422))
    return 'LLaMA-Factory accepts audio only as audio_url: choose the "LLaMA-Factory API" protocol.'
  if (settings.protocol === 'llamafactory' && list?.flavour === 'vllm')
    return 'This looks like a vLLM server: choose the "vLLM / OpenAI-compatible" protocol.'
  return error.hint
}

/** GET /v1/models → the names served and a guess at the server flavour. */
async function listModels(
  settings: ModelSettings,
  fetchFn: typeof fetch,
  options: ConnectionOptions,
): Promise<ModelList> {
  const url = endpointUrl(settings.baseUrl, 'models')
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs)
  const onAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const headers = requestHeaders(settings, 'application/json')
    delete headers['Content-Type'] // a GET has no body; fewer headers, simpler preflight
    const response = await send(fetchFn, url, { method: 'GET', headers, signal: controller.signal })
    if (!response.ok) throw await httpError(response, settings, options.now ?? Date.now)
    const text = await response.text()
    let json: { data?: { id?: unknown; owned_by?: unknown }[] }
    try {
      json = JSON.parse(text) as typeof json
    } catch {
      throw new ModelError(
        'bad-reply',
        `/v1/models did not answer JSON: "${serverMessage(text).slice(0, 60)}"`,
      )
    }
    const cards = Array.isArray(json?.data) ? json.data : []
    const owners = cards.map((c) => c?.owned_by)
    return {
      models: cards.map((c) => c?.id).filter((id): id is string => typeof id === 'string'),
      flavour: owners.includes('vllm') ? 'vllm' : owners.includes('owner') ? 'llamafactory' : 'unknown',
    }
  } catch (caught) {
    if (options.signal?.aborted) throw new ModelError('aborted', 'The request was cancelled.')
    if (controller.signal.aborted) throw new ModelError('timeout', `${url} did not answer in time.`)
    throw caught
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * In a browser, a request that fails before any response is either a dead server or a CORS refusal.
 * A `no-cors` request can still reach a live server (its reply is opaque): if it succeeds, the server is up
 * and the browser blocked the real request.
 */
async function diagnoseUnreachable(
  settings: ModelSettings,
  error: ModelError,
  fetchFn: typeof fetch,
  options: ConnectionOptions,
): Promise<ConnectionReport> {
  const probe = options.probeNoCors ?? 'document' in globalThis
  const root = serverRoot(settings.baseUrl) ?? settings.baseUrl
  if (probe) {
    try {
      await fetchFn(`${root}/v1/models`, { mode: 'no-cors', credentials: 'omit', signal: options.signal })
      return {
        ok: false,
        kind: 'cors',
        message: `The server at ${root} is reachable, but the browser blocked its reply (CORS).`,
        hint:
          "Allow this page's origin on the server or the proxy in front of it (LLaMA-Factory and vLLM allow * by default). " +
          'A server or proxy that answers errors without CORS headers can make a wrong API key look like this too.',
      }
    } catch {
      // Unreachable even without CORS: a real network failure.
    }
  }
  return fromError(error)
}
