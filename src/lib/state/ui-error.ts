/** A user-visible failure: a stable kind the UI translates, and the English detail. */
export interface UiError {
  readonly kind: string
  readonly message: string
}

/** A caught value as a UiError: its own `kind` when it has one (typed adapter errors do), else `fallbackKind`. */
export function toUiError(e: unknown, fallbackKind = 'unknown'): UiError {
  if (e && typeof e === 'object') {
    const kind = 'kind' in e && typeof e.kind === 'string' ? e.kind : fallbackKind
    const message = 'message' in e && typeof e.message === 'string' ? e.message : String(e)
    return { kind, message }
  }
  return { kind: fallbackKind, message: String(e) }
}
