// The HTTP exchange with the model server: headers (the key goes only to the configured server), no redirects,
// and a failure to connect told as a network error.
import { ModelError } from './errors.ts'
import type { ModelSettings } from './settings.ts'

/** Request headers; the key goes only here, only to the configured server. */
export function requestHeaders(settings: ModelSettings, accept: string): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: accept }
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`
  return headers
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
