/** Every way a request to the model server can fail. The UI translates the kind; the message is English detail. */
export const MODEL_ERROR_KINDS = [
  'network',
  'cors',
  'auth',
  'not-found',
  'redirect',
  'model-not-found',
  'too-large',
  'rate-limited',
  'server',
  'timeout',
  'aborted',
  'bad-reply',
  'cut-off',
  'too-long',
  'bad-request',
] as const
export type ModelErrorKind = (typeof MODEL_ERROR_KINDS)[number]

/** Extra context carried by a ModelError. */
export interface ModelErrorOptions extends ErrorOptions {
  /** HTTP status, when the server answered. */
  readonly status?: number
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number
  /** Text that had already arrived when a streamed reply broke off. */
  readonly partialText?: string
  /** A short suggestion of what to check, in English. */
  readonly hint?: string
  /** How many attempts were made before giving up. */
  readonly attempts?: number
}

/** A failed model request: a stable `kind` for the UI, a clear English message, and the HTTP context. */
export class ModelError extends Error {
  readonly kind: ModelErrorKind
  readonly status?: number
  readonly retryAfterMs?: number
  readonly partialText?: string
  readonly hint?: string
  attempts: number

  constructor(kind: ModelErrorKind, message: string, options: ModelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ModelError'
    this.kind = kind
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
    this.partialText = options.partialText
    this.hint = options.hint
    this.attempts = options.attempts ?? 1
  }
}

/** True for failures worth retrying: the request was not processed, or the server said "later". */
export function isRetryable(error: ModelError): boolean {
  if (error.kind === 'network' || error.kind === 'cors' || error.kind === 'rate-limited') return true
  return error.kind === 'server' && (error.status === 502 || error.status === 503 || error.status === 504)
}

/** Removes every occurrence of the API key from a text that may echo it (server error bodies, URLs). */
export function redactKey(text: string, apiKey: string | undefined): string {
  if (!apiKey || apiKey.length < 4) return text
  return text.split(apiKey).join('[API key]')
}
