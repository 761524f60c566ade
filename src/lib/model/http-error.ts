import type { Timestamp } from '../theory/units.ts'
import { ModelError, redactKey } from './errors.ts'
import { parseRetryAfter } from './retry.ts'
import { readCapped } from './body.ts'
import { serverMessage } from './server-message.ts'
import { endpointUrl, type ModelSettings } from './settings.ts'

/** How much of an error body is read and quoted. */
const MAX_ERROR_BODY_BYTES = 16 * 1024

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
