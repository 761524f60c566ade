/**
 * Persistence (IndexedDB via idb): `openStore()` → a typed `Store`; versioned append-only `MIGRATIONS`;
 * `exportBackup` / `importBackup` (one zip, validated before anything is written); `requestPersistence`.
 * Every failure is a `StoreError` whose `kind` ('quota' | 'blocked' | 'version' | 'invalid' | 'unknown') the UI
 * can act on; a refused backup is a `BackupError` with a `reason`.
 */
export * from './errors.ts'
export * from './schema.ts'
export { DB_VERSION, MIGRATIONS, openDatabase, type Migration, type OpenCallbacks } from './migrations.ts'
export * from './store.ts'
export * from './persistence.ts'
export * from './backup.ts'
export {
  BACKUP_FORMAT,
  BACKUP_LIMITS,
  BACKUP_VERSION,
  MANIFEST_NAME,
  type BackupAudio,
  type BackupClip,
  type BackupLimits,
  type BackupManifest,
} from './backup-format.ts'
export { check, ValidationError, type Schema } from './validate.ts'
