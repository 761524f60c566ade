/** Why a store operation failed, so the UI can say what to do. */
export type StoreErrorKind = 'quota' | 'blocked' | 'version' | 'invalid' | 'unknown'

/** A store failure with a kind the UI can act on; `cause` keeps the original DOMException. */
export class StoreError extends Error {
  readonly kind: StoreErrorKind
  constructor(kind: StoreErrorKind, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'StoreError'
    this.kind = kind
  }
}

const QUOTA_MESSAGE =
  'The browser refused to store more data (storage quota exceeded). Nothing from this save was written and ' +
  'your earlier data is safe. Free some space: export a backup, then delete old recordings.'

/** Maps whatever IndexedDB threw to a StoreError; `context` says what was being done. */
export function toStoreError(error: unknown, context: string): StoreError {
  if (error instanceof StoreError) return error
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  const detail = error instanceof Error || error instanceof DOMException ? error.message : String(error)
  switch (name) {
    case 'QuotaExceededError':
      return new StoreError('quota', `${context}: ${QUOTA_MESSAGE}`, { cause: error })
    case 'VersionError':
      return new StoreError(
        'version',
        `${context}: the saved data is from a newer version of Wusheng. Reload the page to get the new version.`,
        { cause: error },
      )
    case 'DataError':
    case 'DataCloneError':
    case 'ConstraintError':
      return new StoreError('invalid', `${context}: the record was refused (${name}: ${detail})`, {
        cause: error,
      })
    default:
      return new StoreError('unknown', `${context}: ${name || 'Error'}: ${detail}`, { cause: error })
  }
}
