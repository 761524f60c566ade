import type { ArchiveErrorCode } from '../archive/errors.ts'

/** Why a pack or results file was refused. `message` is plain English for logs and the CLI; the UI translates `code`. */
export type PackErrorCode =
  | ArchiveErrorCode
  | 'results-too-large'
  | 'no-manifest'
  | 'bad-json'
  | 'wrong-format'
  | 'schema'
  | 'newer-version'
  | 'missing-audio'
  | 'checksum-mismatch'

/** A refused file: what went wrong, and where (the JSON field path or the zip entry), when known. */
export interface PackError {
  readonly code: PackErrorCode
  readonly message: string
  /** JSON path of the offending field, e.g. `items[2].label.tonic`. */
  readonly field?: string
  /** Zip entry name, e.g. `audio/01.wav`. */
  readonly file?: string
}

/** The result of reading untrusted input: a value, or a reason. */
export type ReadOutcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: PackError }

/** Builds a PackError (keeps call sites short). */
export function packError(
  code: PackErrorCode,
  message: string,
  where: { field?: string; file?: string } = {},
): PackError {
  return Object.freeze({ code, message, ...where })
}

/** Thrown by writers when asked to write something a reader would refuse: a programmer error, so a RangeError. */
export class PackWriteError extends RangeError {
  readonly error: PackError
  constructor(error: PackError) {
    super(error.message)
    this.name = 'PackWriteError'
    this.error = error
  }
}
