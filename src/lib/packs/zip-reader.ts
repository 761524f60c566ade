// Packs read their zip through the one archive reader (src/lib/archive); this maps its refusals to PackErrors.
import { ArchiveError } from '../archive/errors.ts'
import { packError, type PackError } from './errors.ts'

export { bytesSource, ZipArchive, type ZipEntry } from '../archive/zip.ts'

/** An archive refusal as a PackError (same code, same message, same entry). */
export function archiveToPackError(e: unknown): PackError {
  if (e instanceof ArchiveError)
    return packError(e.code, e.message, e.file === undefined ? {} : { file: e.file })
  throw e
}
