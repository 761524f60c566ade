import type { ModelErrorKind } from '../../lib/model/errors.ts'
import type { ModelProtocol } from '../../lib/model/settings.ts'
import type { MessageKey } from '../i18n/messages.ts'

/** One translated line of advice: a message key and its parameters. */
export interface Advice {
  readonly key: MessageKey
  readonly params?: Record<string, string | number>
}

/** A failed model request or Test connection, as far as the advice needs it. */
export interface AdviceFailure {
  readonly kind: ModelErrorKind | 'prepare' | 'storage' | 'invalid-settings' | 'ok'
  readonly status?: number
  /** The English message: only read to tell a redirect from a plain 404 (the client gives both the same kind). */
  readonly message?: string
}

/** What the page knows around the failure; each field is optional and only sharpens the advice. */
export interface AdviceContext {
  /** `location.protocol` of the app ('https:' makes an http:// server unreachable). */
  readonly pageProtocol?: string
  /** `location.origin` of the app, named in the CORS advice. */
  readonly pageOrigin?: string
  readonly baseUrl?: string
  readonly protocol?: ModelProtocol
  /** From Test connection's GET /v1/models. */
  readonly flavour?: 'vllm' | 'llamafactory' | 'unknown'
  readonly models?: readonly string[]
}

/**
 * What to do about a model failure, in the UI's words (the client's own hints are English):
 * the first line is the most likely fix. Empty for success, a cancel and invalid settings (the form marks those).
 * @example modelAdvice({ kind: 'auth', status: 401 }) → [{ key: 'model.advice.auth' }]
 */
export function modelAdvice(failure: AdviceFailure, context: AdviceContext = {}): Advice[] {
  const mixed = context.pageProtocol === 'https:' && /^http:\/\//i.test(context.baseUrl?.trim() ?? '')
  switch (failure.kind) {
    case 'ok':
    case 'aborted':
    case 'invalid-settings':
      return []
    case 'network':
      return mixed
        ? [{ key: 'model.advice.mixed-content' }, { key: 'model.advice.network' }]
        : [{ key: 'model.advice.network' }]
    case 'cors':
      return [
        ...(mixed ? [{ key: 'model.advice.mixed-content' } as const] : []),
        context.pageOrigin
          ? { key: 'model.advice.cors-origin', params: { origin: context.pageOrigin } }
          : { key: 'model.advice.cors' },
        { key: 'model.advice.cors-errors' },
      ]
    case 'auth':
      return failure.status === 403 ? [{ key: 'model.advice.forbidden' }] : [{ key: 'model.advice.auth' }]
    case 'redirect':
      return [{ key: 'model.advice.redirect' }]
    case 'not-found':
      // Failures stored before 'redirect' was a kind of its own carried it as not-found.
      return isRedirect(failure) ? [{ key: 'model.advice.redirect' }] : [{ key: 'model.advice.not-found' }]
    case 'model-not-found':
      return context.models && context.models.length > 0
        ? [{ key: 'model.advice.model-listed', params: { models: context.models.join(', ') } }]
        : [{ key: 'model.advice.model-not-found' }]
    case 'bad-request':
    case 'server': {
      const protocol = protocolAdvice(failure, context)
      if (protocol) return [protocol]
      return failure.kind === 'server'
        ? [{ key: 'model.advice.server' }]
        : [{ key: 'model.advice.bad-request' }]
    }
    default:
      return [{ key: `model.advice.${failure.kind}` }]
  }
}

/** The usual cause of a rejected request: the protocol does not match the server (mirrors testConnection). */
function protocolAdvice(failure: AdviceFailure, context: AdviceContext): Advice | null {
  if (context.protocol === 'openai' && (context.flavour === 'llamafactory' || failure.status === 422))
    return { key: 'model.advice.use-llamafactory' }
  if (context.protocol === 'llamafactory' && context.flavour === 'vllm')
    return { key: 'model.advice.use-openai' }
  return null
}

function isRedirect(failure: AdviceFailure): boolean {
  if (failure.status !== undefined && failure.status >= 300 && failure.status < 400) return true
  // A manual redirect seen by a browser is opaque (status 0 → none): the client's message says "redirected".
  return /redirected/i.test(failure.message ?? '')
}
