import { PackWriteError, type PackError } from '../../packs/index.ts'

/** A user-visible problem: a stable kind the UI translates, the English detail, and where, when known. */
export interface Problem {
  readonly kind: string
  readonly message: string
  readonly field?: string
  readonly file?: string
  /** The file the user gave, when several were given. */
  readonly name?: string
}

/** A caught error as a Problem: its `kind` when it has one, 'aborted' for an AbortError, else `fallback`. */
export function problemOf(e: unknown, fallback = 'unknown', name?: string): Problem {
  if (e instanceof PackWriteError) return packProblem(e.error, name)
  const kind =
    e && typeof e === 'object' && 'kind' in e && typeof e.kind === 'string'
      ? e.kind
      : e instanceof DOMException && e.name === 'AbortError'
        ? 'aborted'
        : fallback
  const message = e instanceof Error ? e.message : String(e)
  return { kind, message, ...(name ? { name } : {}) }
}

/** A pack reader's or writer's error as a Problem (kind `pack.<code>`). */
export function packProblem(error: PackError, name?: string): Problem {
  return {
    kind: `pack.${error.code}`,
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
    ...(error.file ? { file: error.file } : {}),
    ...(name ? { name } : {}),
  }
}
