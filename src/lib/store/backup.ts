import { zipSync, type Zippable } from 'fflate'
import { ArchiveError, type ArchiveErrorCode } from '../archive/errors.ts'
import { sha256Hex } from '../archive/hash.ts'
import { blobSource, ZipArchive } from '../archive/zip.ts'
import { StoreError } from './errors.ts'
import { DB_VERSION } from './migrations.ts'
import { isSecretSetting, type ClipRecord, type SettingRecord } from './schema.ts'
import { SNAPSHOT_PARTS, type MergeCounts, type Store, type StoreSnapshot } from './store.ts'
import { check } from '../archive/validate.ts'
import {
  audioExtension,
  BACKUP_FORMAT,
  BACKUP_LIMITS,
  BACKUP_VERSION,
  MANIFEST_NAME,
  manifestSchema,
  type BackupClip,
  type BackupLimits,
  type BackupManifest,
} from './backup-format.ts'
import type { Timestamp } from '../theory/units.ts'
import type { BackupGoAhead, BackupReadMessage, BackupReadRequest } from './backup.worker.ts'

/** Why a backup was refused: the UI translates the reason, the message has the detail (which field, which file). */
export type BackupRefusal =
  | 'too-large'
  | 'not-a-zip'
  | 'too-many-entries'
  | 'zip-corrupt'
  | 'zip-bomb'
  | 'zip-unsupported'
  | 'unsafe-path'
  | 'no-manifest'
  | 'bad-json'
  | 'not-a-backup'
  | 'future-version'
  | 'invalid-data'
  | 'duplicate-id'
  | 'missing-audio'
  | 'unexpected-file'
  | 'damaged-audio'
  | 'secret-setting'
  | 'unknown-setting'
  | 'bad-setting'

/** A refused backup. Thrown before anything is written: the existing data is untouched. */
export class BackupError extends StoreError {
  readonly reason: BackupRefusal
  /** The setting's key, when a setting was refused (the UI names it). */
  readonly setting?: string
  constructor(reason: BackupRefusal, message: string, options?: ErrorOptions & { setting?: string }) {
    super(reason === 'future-version' ? 'version' : 'invalid', message, options)
    this.name = 'BackupError'
    this.reason = reason
    if (options?.setting !== undefined) this.setting = options.setting
  }
}

/** Why a backup's setting cannot be read: a key the app does not know, or a value its reader refuses. */
export interface SettingRefusal {
  readonly kind: 'unknown-setting' | 'bad-setting'
  /** English, naming the key (and the value when it helps). */
  readonly message: string
}

/**
 * Checks one setting of a backup with the reader the app reads it with: null when it is readable. The state
 * layer has the readers (stored-settings.ts), so main.ts hands the check in.
 */
export type SettingValidator = (key: string, value: unknown) => SettingRefusal | null

/** What an import did. */
export interface ImportReport {
  readonly counts: MergeCounts
  /** When the backup was made, and by which schema version. */
  readonly exportedAt: Timestamp
  readonly schemaVersion: number
}

/**
 * Everything on this device in ONE zip: `backup.json` (attempts, clip metadata, cards, settings WITHOUT the API
 * key, assignments, results) and each clip's audio bytes as stored. The model request queue is not included.
 */
export async function exportBackup(store: Store, options: { now?: Timestamp } = {}): Promise<Blob> {
  const now = options.now ?? Date.now()
  const snap = await store.snapshot()
  // Audio is already compressed (webm/opus, mp3…) or cheap to store: level 0 keeps export fast.
  const files: Zippable = {}
  const clips: BackupClip[] = []
  for (const [i, clip] of snap.clips.entries()) {
    const { blob, ...meta } = clip
    const bytes = new Uint8Array(await blob.arrayBuffer())
    const file = `audio/${i + 1}.${audioExtension(clip.mime)}`
    files[file] = [bytes, { level: 0 }]
    clips.push({
      ...meta,
      audio: { file, size: bytes.length, type: blob.type, sha256: await sha256Hex(bytes) },
    })
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: DB_VERSION,
    exportedAt: now,
    attempts: snap.attempts,
    clips,
    cards: snap.cards,
    settings: snap.settings.filter((s) => !isSecretSetting(s.key)),
    assignments: snap.assignments,
    results: snap.results,
  }
  files[MANIFEST_NAME] = [new TextEncoder().encode(JSON.stringify(manifest)), { level: 6 }]
  const zipped = zipSync(files, { mtime: new Date(now) })
  return new Blob([zipped], { type: 'application/zip' })
}

/**
 * Reads a backup and merges it in: validated COMPLETELY first (zip, caps, manifest, every record, every audio
 * checksum, and — with `validateSetting` — every setting by the app's own readers) — a bad, tampered or future
 * file throws BackupError and nothing is written. Then records whose id is already stored are skipped (same id =
 * same record) and the rest are added in one transaction. In a browser the reading, and for an IndexedDB store
 * the writing too, happen in a worker: the page only checks the settings and shows progress.
 */
export async function importBackup(
  store: Store,
  file: Blob,
  options: ImportBackupOptions = {},
): Promise<ImportReport> {
  const useWorker = options.worker ?? typeof Worker !== 'undefined'
  if (useWorker && store.backend === 'indexeddb') return importInWorker(store.name, file, options)
  const data = useWorker ? await readBackupInWorker(file, options) : await readBackup(file, options)
  if (options.validateSetting) checkSettings(data.snapshot.settings, options.validateSetting)
  const counts = await store.merge(data.snapshot, (done, total) =>
    options.onProgress?.({ phase: 'saving', done, total }),
  )
  return { counts, exportedAt: data.manifest.exportedAt, schemaVersion: data.manifest.schemaVersion }
}

/** Options of importBackup. */
export interface ImportBackupOptions extends ReadBackupOptions {
  /** Read (and write) in a Web Worker; default: wherever Worker exists. */
  readonly worker?: boolean
  readonly validateSetting?: SettingValidator
}

/** importBackup with the reading and writing in a worker; the page checks the settings in between. */
function importInWorker(database: string, file: Blob, options: ImportBackupOptions): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./backup.worker.ts', import.meta.url), { type: 'module' })
    const fail = (error: Error) => {
      worker.terminate()
      reject(error)
    }
    worker.addEventListener('message', (event: MessageEvent<BackupReadMessage>) => {
      const m = event.data
      if (m.type === 'progress') return options.onProgress?.(m.progress)
      if (m.type === 'settings') {
        try {
          if (options.validateSetting) checkSettings(m.settings, options.validateSetting)
        } catch (error) {
          worker.postMessage({ go: false } satisfies BackupGoAhead)
          return fail(error as Error)
        }
        return worker.postMessage({ go: true } satisfies BackupGoAhead)
      }
      if (m.type === 'merged') {
        worker.terminate()
        return resolve({ counts: m.counts, exportedAt: m.exportedAt, schemaVersion: m.schemaVersion })
      }
      if (m.type === 'refused') return fail(new BackupError(m.reason, m.message))
      if (m.type === 'store-failed') return fail(new StoreError(m.kind, m.message))
      fail(
        new StoreError('unknown', `Importing the backup failed: ${m.type === 'failed' ? m.message : m.type}`),
      )
    })
    worker.addEventListener('error', (event) =>
      fail(
        new StoreError('unknown', `Importing the backup failed: ${event.message || 'the worker stopped'}`),
      ),
    )
    const request: BackupReadRequest = {
      file,
      mergeInto: database,
      ...(options.limits ? { limits: options.limits } : {}),
    }
    worker.postMessage(request)
  })
}

/** readBackup in a module Web Worker (one per call), so a large backup never freezes the page. */
export function readBackupInWorker(
  file: Blob,
  options: ReadBackupOptions = {},
): Promise<{ manifest: BackupManifest; snapshot: StoreSnapshot }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./backup.worker.ts', import.meta.url), { type: 'module' })
    const parts: Record<string, unknown[][]> = {}
    worker.addEventListener('message', (event: MessageEvent<BackupReadMessage>) => {
      const m = event.data
      if (m.type === 'progress') return options.onProgress?.(m.progress)
      if (m.type === 'records') return void (parts[m.part] ??= []).push(m.records as unknown[])
      worker.terminate()
      if (m.type === 'done') {
        const whole = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.flat()]))
        resolve({
          manifest: { ...m.result.manifest, ...whole },
          snapshot: { ...m.result.snapshot, ...whole },
        })
      } else if (m.type === 'refused') reject(new BackupError(m.reason, m.message))
      else if (m.type === 'store-failed') reject(new StoreError(m.kind, m.message))
      else
        reject(
          new StoreError('unknown', `Reading the backup failed: ${m.type === 'failed' ? m.message : m.type}`),
        )
    })
    worker.addEventListener('error', (event) => {
      worker.terminate()
      reject(new StoreError('unknown', `Reading the backup failed: ${event.message || 'the worker stopped'}`))
    })
    const request: BackupReadRequest = { file, ...(options.limits ? { limits: options.limits } : {}) }
    worker.postMessage(request)
  })
}

/** Where an import is: reading (bytes inflated of the total declared) or saving (records written of all). */
export interface ImportProgress {
  readonly phase: 'reading' | 'saving'
  readonly done: number
  readonly total: number
}

/** Options of readBackup and importBackup. */
export interface ReadBackupOptions {
  readonly limits?: Partial<BackupLimits>
  readonly onProgress?: (p: ImportProgress) => void
}

/**
 * Reads and fully validates a backup without writing anything (also the first half of importBackup). The zip
 * is read through the one archive reader: only its directory at first, then backup.json (capped while it
 * inflates), then — once every entry is known to be listed — each audio file, capped and CRC-checked, and
 * checked against its SHA-256. Nothing is inflated that the backup does not list.
 */
export async function readBackup(
  file: Blob,
  options: ReadBackupOptions = {},
): Promise<{ manifest: BackupManifest; snapshot: StoreSnapshot }> {
  const limits: BackupLimits = { ...BACKUP_LIMITS, ...options.limits }
  try {
    const zip = await ZipArchive.open(blobSource(file), {
      maxArchiveBytes: limits.maxFileBytes,
      maxEntries: limits.maxEntries,
      maxTotalBytes: limits.maxTotalBytes,
    })
    if (!zip.entries.has(MANIFEST_NAME))
      throw new BackupError('no-manifest', `This zip has no ${MANIFEST_NAME}: it is not a Wusheng backup.`)
    // An export writes only backup.json and audio/<n>.<ext>: anything else is refused before inflating.
    zip.refuseUnlisted((n) => n === MANIFEST_NAME || AUDIO_ENTRY.test(n), 'a Wusheng backup')
    const total = [...zip.entries.values()].reduce((n, e) => n + e.uncompressedSize, 0)
    const progress = (done: number) => options.onProgress?.({ phase: 'reading', done, total })
    const raw = await zip.extract(MANIFEST_NAME, limits.maxManifestBytes, progress)
    const manifest = parseManifest(raw)
    checkUnique(manifest)
    const listed = new Set(manifest.clips.map((c) => c.audio.file))
    zip.refuseUnlisted((n) => n === MANIFEST_NAME || listed.has(n), 'the backup')
    const clips: ClipRecord[] = []
    for (const { audio, ...meta } of manifest.clips) {
      const entry = zip.entries.get(audio.file)
      if (!entry)
        throw new BackupError('missing-audio', `The audio of clip '${meta.name}' (${audio.file}) is missing.`)
      if (entry.uncompressedSize !== audio.size)
        throw new BackupError(
          'damaged-audio',
          `The audio of clip '${meta.name}' (${audio.file}) is ${entry.uncompressedSize} bytes in the zip, not the ${audio.size} the backup lists.`,
        )
      const before = zip.inflatedBytes
      const bytes = await zip.extract(audio.file, limits.maxTotalBytes, (n) => progress(before + n))
      if ((await sha256Hex(bytes)) !== audio.sha256)
        throw new BackupError(
          'damaged-audio',
          `The audio of clip '${meta.name}' (${audio.file}) is damaged or was changed (its SHA-256 does not match).`,
        )
      clips.push({ ...meta, blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: audio.type }) })
    }
    return { manifest, snapshot: { ...manifest, clips } }
  } catch (error) {
    if (error instanceof ArchiveError) throw backupErrorOf(error)
    throw error
  }
}

const AUDIO_ENTRY = /^audio\/\d{1,6}\.[a-z0-9]{1,5}$/

const ARCHIVE_REASON: Record<ArchiveErrorCode, BackupRefusal> = {
  'too-large': 'too-large',
  'not-zip': 'not-a-zip',
  'zip-unsupported': 'zip-unsupported',
  'zip-corrupt': 'zip-corrupt',
  'zip-bomb': 'zip-bomb',
  'too-many-entries': 'too-many-entries',
  'unsafe-path': 'unsafe-path',
  'unexpected-file': 'unexpected-file',
  'missing-entry': 'missing-audio',
}

function backupErrorOf(e: ArchiveError): BackupError {
  const message =
    e.code === 'not-zip' ? 'This file is not a Wusheng backup (it is not a readable zip).' : e.message
  return new BackupError(ARCHIVE_REASON[e.code], message, { cause: e })
}

/** Parses backup.json: format and version first (for a precise message), then every record strictly. */
function parseManifest(raw: Uint8Array): BackupManifest {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch (error) {
    throw new BackupError(
      'bad-json',
      `${MANIFEST_NAME} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    )
  }
  const head = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if (head.format !== BACKUP_FORMAT)
    throw new BackupError(
      'not-a-backup',
      `${MANIFEST_NAME} is not a Wusheng backup (format '${String(head.format)}').`,
    )
  if (typeof head.version === 'number' && head.version > BACKUP_VERSION)
    throw new BackupError(
      'future-version',
      `This backup was made by a newer version of Wusheng (backup format ${head.version}; this one reads up to ` +
        `${BACKUP_VERSION}). Update Wusheng (reload the page) and import it again.`,
    )
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > DB_VERSION)
    throw new BackupError(
      'future-version',
      `This backup was made by a newer version of Wusheng (its data is schema version ${head.schemaVersion}; ` +
        `this one reads up to ${DB_VERSION}). Update Wusheng (reload the page) and import it again.`,
    )
  const result = check(manifestSchema, value)
  if (!result.ok)
    throw new BackupError('invalid-data', `The backup is damaged or was edited: ${result.error.message}`, {
      cause: result.error,
    })
  if (result.value.version < 1)
    throw new BackupError('invalid-data', `Unknown backup format version ${result.value.version}.`)
  const secret = result.value.settings.find((s) => isSecretSetting(s.key))
  if (secret)
    throw new BackupError(
      'secret-setting',
      `The backup holds the secret setting '${secret.key}'; backups never do.`,
    )
  return result.value
}

/** Refuses the backup at its first setting the app would not read (before anything is written). */
function checkSettings(settings: readonly SettingRecord[], validate: SettingValidator): void {
  for (const { key, value } of settings) {
    const refusal = validate(key, value)
    if (refusal) throw new BackupError(refusal.kind, refusal.message, { setting: key })
  }
}

/** Ids are unique within each store (and card keys too), so one import transaction cannot collide with itself. */
function checkUnique(m: BackupManifest): void {
  const parts: [string, readonly string[]][] = [
    ...SNAPSHOT_PARTS.filter((p) => p !== 'settings').map(
      (p) => [p, (m[p] as readonly { id: string }[]).map((r) => r.id)] as [string, string[]],
    ),
    ['settings', m.settings.map((s) => s.key)],
    ['cards (key)', m.cards.map((c) => c.key)],
    ['clips (audio file)', m.clips.map((c) => c.audio.file)],
  ]
  for (const [part, ids] of parts) {
    const seen = new Set<string>()
    for (const id of ids) {
      if (seen.has(id)) throw new BackupError('duplicate-id', `The backup lists ${part} '${id}' twice.`)
      seen.add(id)
    }
  }
}
