import { unzipSync, zipSync, type Zippable } from 'fflate'
import { StoreError } from './errors.ts'
import { DB_VERSION } from './migrations.ts'
import { isSecretSetting, type ClipRecord } from './schema.ts'
import { SNAPSHOT_PARTS, type MergeCounts, type Store, type StoreSnapshot } from './store.ts'
import { check } from './validate.ts'
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

/** Why a backup was refused: the UI translates the reason, the message has the detail (which field, which file). */
export type BackupRefusal =
  | 'too-large'
  | 'not-a-zip'
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

/** A refused backup. Thrown before anything is written: the existing data is untouched. */
export class BackupError extends StoreError {
  readonly reason: BackupRefusal
  constructor(reason: BackupRefusal, message: string, options?: ErrorOptions) {
    super(reason === 'future-version' ? 'version' : 'invalid', message, options)
    this.name = 'BackupError'
    this.reason = reason
  }
}

/** What an import did. */
export interface ImportReport {
  readonly counts: MergeCounts
  /** When the backup was made, and by which schema version. */
  readonly exportedAt: Timestamp
  readonly schemaVersion: number
}

/** A file name for a backup made at `now`, e.g. `wusheng-backup-2025-03-01.zip`. */
export function backupFileName(now: Timestamp): string {
  return `wusheng-backup-${new Date(now).toISOString().slice(0, 10)}.zip`
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
 * checksum) — a bad, tampered or future file throws BackupError and nothing is written. Then records whose id
 * is already stored are skipped (same id = same record) and the rest are added in one transaction.
 */
export async function importBackup(
  store: Store,
  file: Blob,
  options: { limits?: Partial<BackupLimits> } = {},
): Promise<ImportReport> {
  const data = await readBackup(file, options)
  const counts = await store.merge(data.snapshot)
  return { counts, exportedAt: data.manifest.exportedAt, schemaVersion: data.manifest.schemaVersion }
}

/** Reads and fully validates a backup without writing anything (also the first half of importBackup). */
export async function readBackup(
  file: Blob,
  options: { limits?: Partial<BackupLimits> } = {},
): Promise<{ manifest: BackupManifest; snapshot: StoreSnapshot }> {
  const limits: BackupLimits = { ...BACKUP_LIMITS, ...options.limits }
  if (file.size > limits.maxFileBytes)
    throw new BackupError(
      'too-large',
      `The file is ${mb(file.size)}; backups up to ${mb(limits.maxFileBytes)} are accepted.`,
    )
  const entries = unzipCapped(new Uint8Array(await file.arrayBuffer()), limits)
  const manifest = parseManifest(entries)
  checkUnique(manifest)
  const clips = await attachAudio(manifest, entries)
  return { manifest, snapshot: { ...manifest, clips } }
}

/** Inflates the zip, refusing it as soon as a cap is passed (entry count, declared or actual sizes). */
function unzipCapped(bytes: Uint8Array, limits: BackupLimits): Map<string, Uint8Array> {
  const { maxEntries, maxTotalBytes, maxManifestBytes } = limits
  let entries = 0
  let total = 0
  const seen = new Set<string>()
  let files: Record<string, Uint8Array>
  try {
    // fflate's filter sees each entry's declared size BEFORE inflating, and inflates into a buffer of exactly
    // that size: a zip bomb that lies about its size is cut short, never grows. fflate checks no CRC here;
    // damage is caught later: every audio file's SHA-256 is verified and backup.json must parse and validate.
    files = unzipSync(bytes, {
      filter: (f) => {
        if (++entries > maxEntries)
          throw new BackupError('too-large', `More than ${maxEntries} files in the zip.`)
        if (seen.has(f.name)) throw new BackupError('unexpected-file', `The zip holds '${f.name}' twice.`)
        seen.add(f.name)
        if (f.name === MANIFEST_NAME && f.originalSize > maxManifestBytes)
          throw new BackupError('too-large', `${MANIFEST_NAME} is over ${mb(maxManifestBytes)}.`)
        total += f.originalSize
        if (total > maxTotalBytes)
          throw new BackupError('too-large', `The backup inflates to more than ${mb(maxTotalBytes)}.`)
        return true
      },
    })
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError('not-a-zip', 'This file is not a Wusheng backup (it is not a readable zip).', {
      cause: error,
    })
  }
  return new Map(Object.entries(files))
}

/** Parses backup.json: format and version first (for a precise message), then every record strictly. */
function parseManifest(entries: Map<string, Uint8Array>): BackupManifest {
  const raw = entries.get(MANIFEST_NAME)
  if (!raw)
    throw new BackupError('no-manifest', `This zip has no ${MANIFEST_NAME}: it is not a Wusheng backup.`)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch (error) {
    throw new BackupError('bad-json', `${MANIFEST_NAME} is damaged (not valid JSON).`, { cause: error })
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

/** Checks every audio file against its size and SHA-256, refuses extra files, and rebuilds the clip records. */
async function attachAudio(m: BackupManifest, entries: Map<string, Uint8Array>): Promise<ClipRecord[]> {
  const referenced = new Set(m.clips.map((c) => c.audio.file))
  for (const name of entries.keys())
    if (name !== MANIFEST_NAME && !referenced.has(name))
      throw new BackupError('unexpected-file', `The zip holds '${name}', which the backup does not list.`)
  const out: ClipRecord[] = []
  for (const { audio, ...meta } of m.clips) {
    const bytes = entries.get(audio.file)
    if (!bytes)
      throw new BackupError('missing-audio', `The audio of clip '${meta.name}' (${audio.file}) is missing.`)
    if (bytes.length !== audio.size || (await sha256Hex(bytes)) !== audio.sha256)
      throw new BackupError(
        'damaged-audio',
        `The audio of clip '${meta.name}' (${audio.file}) is damaged or was changed.`,
      )
    out.push({ ...meta, blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: audio.type }) })
  }
  return out
}

/** Hex SHA-256 of bytes (Web Crypto: the browser and Node 20 both have it). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`
}
