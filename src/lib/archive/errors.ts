/** Why an untrusted archive (a backup, a pack) was refused while reading it as a zip. */
export type ArchiveErrorCode =
  | 'too-large'
  | 'not-zip'
  | 'zip-unsupported'
  | 'zip-corrupt'
  | 'zip-bomb'
  | 'too-many-entries'
  | 'unsafe-path'
  | 'unexpected-file'
  | 'missing-entry'

/** A refused archive: a stable code the UI translates, plain English for logs and the CLI, and the entry. */
export interface ArchiveProblem {
  readonly code: ArchiveErrorCode
  readonly message: string
  /** The zip entry, e.g. `audio/01.wav`. */
  readonly file?: string
}

/** Thrown by the archive reader; `problem` is what callers map to their own error type. */
export class ArchiveError extends Error {
  readonly code: ArchiveErrorCode
  readonly file?: string
  constructor(code: ArchiveErrorCode, message: string, file?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ArchiveError'
    this.code = code
    if (file !== undefined) this.file = file
  }

  get problem(): ArchiveProblem {
    return this.file === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, file: this.file }
  }
}
