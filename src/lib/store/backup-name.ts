// Kept apart from backup.ts so the start-up bundle can name a backup without loading the zip reader and writer.
import type { Timestamp } from '../theory/units.ts'

/** A file name for a backup made at `now`, e.g. `wusheng-backup-2025-03-01.zip`. */
export function backupFileName(now: Timestamp): string {
  return `wusheng-backup-${new Date(now).toISOString().slice(0, 10)}.zip`
}
