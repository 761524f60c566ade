import { zipSync, type Zippable } from 'fflate'
import { PATTERN_INTERVAL, PATTERNS, type Pattern } from '../theory/tones.ts'
import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { labelFromTonic, type Label } from '../theory/label.ts'
import { QUESTION_KINDS, type QuestionKind } from '../tutor/types.ts'
import type { Seconds } from '../theory/units.ts'
import { packError, PackWriteError, type PackError, type ReadOutcome } from './errors.ts'
import { sha256Hex } from '../archive/hash.ts'
import { canonicalJson } from './canonical-json.ts'
import { LIMITS } from './limits.ts'
import * as v from './schema.ts'
import { formatBytes } from '../archive/bytes.ts'
import { archiveToPackError, bytesSource, ZipArchive } from './zip-reader.ts'

export const PACK_FORMAT = 'wusheng-pack'
/** The schema version this build writes and the newest it reads. */
export const PACK_SCHEMA_VERSION = 1
export const MANIFEST_FILE = 'manifest.json'

/** An item's label: CNPM's text (`A羽五声`) for people, and the four fields, which are authoritative. */
export interface PackLabel {
  readonly text: string
  readonly system: PitchClass
  readonly tonic: PitchClass
  readonly pattern: Pattern
  readonly type: ScaleType
}

/** One clip of an assignment. */
export interface PackItem {
  readonly id: string
  /** `audio/<name>` inside the zip. */
  readonly file: string
  readonly name: string
  readonly label: PackLabel
  readonly kind: QuestionKind
  /** The part of the clip to play, in seconds. */
  readonly region?: { readonly start: Seconds; readonly end: Seconds }
  /** SHA-256 (hex) of the audio file's bytes. */
  readonly sha256: string
}

/** manifest.json of a `.wusheng` pack, schema version 1. */
export interface PackManifest {
  readonly format: typeof PACK_FORMAT
  readonly schemaVersion: typeof PACK_SCHEMA_VERSION
  readonly id: string
  readonly title: string
  readonly instructions: string
  /** ISO 8601 date or date-time. */
  readonly due?: string
  /** Share of items a student must get right to pass, 0..1. */
  readonly passThreshold: number
  /**
   * 'after-due': a student sees whether an answer was right, and why, only after `due` (a teacher's choice, so
   * that answers cannot be passed around before the deadline). Absent: at once.
   */
  readonly feedback?: 'after-due'
  /** ISO 8601 date-time. */
  readonly createdAt: string
  readonly author?: string
  readonly items: readonly PackItem[]
}

/** What a teacher hands to writePack: the manifest without the parts the writer fills in. */
export type PackDraft = Omit<PackManifest, 'format' | 'schemaVersion' | 'items'> & {
  readonly items: readonly Omit<PackItem, 'sha256'>[]
}

/** A pack read and verified: the manifest, its checksum (what results files quote) and the audio by item file. */
export interface ReadPack {
  readonly pack: PackManifest
  readonly checksum: string
  readonly audio: ReadonlyMap<string, Uint8Array>
}

/** The four label fields as a theory Label. */
export function packLabelToLabel(label: PackLabel): Label {
  return labelFromTonic(label.tonic, label.pattern, label.type)
}

/** SHA-256 of the manifest's canonical JSON: the pack's identity as results files quote it. */
export function packChecksum(manifest: PackManifest): Promise<string> {
  return sha256Hex(canonicalJson(manifest))
}

/**
 * Validates a parsed manifest and returns a clean copy (unknown keys dropped, text normalised), or the first
 * violation with its field path. The format and version are checked first, so a newer pack gets the right message.
 */
export function validateManifest(
  json: unknown,
): { ok: true; pack: PackManifest } | { ok: false; error: PackError } {
  const head = checkHeader(json, PACK_FORMAT, PACK_SCHEMA_VERSION, 'pack')
  if (head) return { ok: false, error: head }
  try {
    return { ok: true, pack: manifestFrom(v.obj(json, 'manifest')) }
  } catch (e) {
    if (e instanceof v.SchemaViolation)
      return { ok: false, error: packError('schema', e.message, { field: e.field }) }
    throw e
  }
}

/** Checks `format` and `schemaVersion`; shared with results files. Returns null when they are right. */
export function checkHeader(json: unknown, format: string, newest: number, what: string): PackError | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return packError('schema', `The ${what} file is not a JSON object.`)
  const { format: f, schemaVersion: sv } = json as Record<string, unknown>
  if (f !== format)
    return packError('wrong-format', `This is not a Wusheng ${what} file (format is ${JSON.stringify(f)}).`, {
      field: 'format',
    })
  if (typeof sv !== 'number' || !Number.isInteger(sv) || sv < 1)
    return packError('schema', 'schemaVersion must be a positive integer.', { field: 'schemaVersion' })
  if (sv > newest)
    return packError(
      'newer-version',
      `This ${what} was made by a newer Wusheng (schema version ${sv}; this app reads up to ${newest}): update the app.`,
      { field: 'schemaVersion' },
    )
  return null
}

function manifestFrom(m: Record<string, unknown>): PackManifest {
  const T = LIMITS.text
  const items = v
    .arr(m.items, 'items', LIMITS.items)
    .map((it, i) => itemFrom(v.obj(it, `items[${i}]`), `items[${i}]`))
  if (items.length === 0) throw new v.SchemaViolation('items', 'must hold at least one item')
  const ids = new Set<string>()
  const files = new Set<string>()
  items.forEach((it, i) => {
    if (ids.has(it.id)) throw new v.SchemaViolation(`items[${i}].id`, `repeats the id ${it.id}`)
    if (files.has(it.file)) throw new v.SchemaViolation(`items[${i}].file`, `repeats the file ${it.file}`)
    ids.add(it.id)
    files.add(it.file)
  })
  const due = m.due === undefined ? undefined : v.isoDate(m.due, 'due')
  const author = v.optionalText(m.author, 'author', T.author)
  const feedback =
    m.feedback === undefined ? undefined : v.oneOf(m.feedback, 'feedback', ['after-due'] as const)
  if (feedback && due === undefined) throw new v.SchemaViolation('feedback', 'after-due needs a due date')
  return {
    format: PACK_FORMAT,
    schemaVersion: PACK_SCHEMA_VERSION,
    id: v.uuid(m.id, 'id'),
    title: v.text(m.title, 'title', T.title),
    instructions: v.text(m.instructions, 'instructions', T.instructions, { multiline: true, empty: true }),
    ...(due === undefined ? {} : { due }),
    passThreshold: v.num(m.passThreshold, 'passThreshold', 0, 1),
    ...(feedback === undefined ? {} : { feedback }),
    createdAt: v.isoDate(m.createdAt, 'createdAt'),
    ...(author === undefined ? {} : { author }),
    items,
  }
}

function itemFrom(it: Record<string, unknown>, at: string): PackItem {
  const region =
    it.region === undefined ? undefined : regionFrom(v.obj(it.region, `${at}.region`), `${at}.region`)
  return {
    id: v.ident(it.id, `${at}.id`),
    file: v.audioPath(it.file, `${at}.file`),
    name: v.text(it.name, `${at}.name`, LIMITS.text.itemName),
    label: labelFrom(v.obj(it.label, `${at}.label`), `${at}.label`),
    kind: v.oneOf(it.kind, `${at}.kind`, QUESTION_KINDS),
    ...(region ? { region } : {}),
    sha256: v.sha256Field(it.sha256, `${at}.sha256`),
  }
}

function labelFrom(l: Record<string, unknown>, at: string): PackLabel {
  const system = v.int(l.system, `${at}.system`, 0, 11)
  const tonic = v.int(l.tonic, `${at}.tonic`, 0, 11)
  const pattern = v.oneOf(l.pattern, `${at}.pattern`, PATTERNS)
  if (mod12(tonic - system) !== PATTERN_INTERVAL[pattern])
    throw new v.SchemaViolation(`${at}.pattern`, `${pattern} does not fit tonic ${tonic} in system ${system}`)
  return {
    text: v.text(l.text, `${at}.text`, LIMITS.text.labelText),
    system,
    tonic,
    pattern,
    type: v.oneOf(l.type, `${at}.type`, SCALE_TYPES),
  }
}

function regionFrom(r: Record<string, unknown>, at: string): { start: Seconds; end: Seconds } {
  const start = v.num(r.start, `${at}.start`, 0, LIMITS.regionSeconds)
  const end = v.num(r.end, `${at}.end`, 0, LIMITS.regionSeconds)
  if (end <= start) throw new v.SchemaViolation(`${at}.end`, 'must be after start')
  return { start, end }
}

// Audio that is already compressed gains nothing from deflate; PCM (wav) shrinks a little.
const STORE_AS_IS = /\.(mp3|ogg|oga|opus|m4a|aac|webm|flac)$/i

/**
 * Writes a `.wusheng` pack: fills in format, version and each item's SHA-256, validates the result with the
 * reader's own rules (so a pack we write is a pack we read) and zips it. Throws PackWriteError otherwise.
 */
export async function writePack(
  draft: PackDraft,
  audio: ReadonlyMap<string, Uint8Array>,
): Promise<Uint8Array> {
  const items: PackItem[] = []
  for (const item of draft.items) {
    const bytes = audio.get(item.file)
    if (!bytes)
      throw new PackWriteError(
        packError('missing-audio', `No audio given for ${item.file}.`, { file: item.file }),
      )
    if (bytes.length > LIMITS.audioBytes)
      throw new PackWriteError(
        packError('too-large', `${item.file} is over ${formatBytes(LIMITS.audioBytes)}.`),
      )
    items.push({ ...item, sha256: await sha256Hex(bytes) })
  }
  const checked = validateManifest({
    ...draft,
    format: PACK_FORMAT,
    schemaVersion: PACK_SCHEMA_VERSION,
    items,
  })
  if (!checked.ok) throw new PackWriteError(checked.error)
  const manifest = new TextEncoder().encode(JSON.stringify(checked.pack, null, 2))
  if (manifest.length > LIMITS.manifestBytes)
    throw new PackWriteError(
      packError('too-large', `manifest.json is over ${formatBytes(LIMITS.manifestBytes)}.`),
    )
  const files: Zippable = { [MANIFEST_FILE]: [manifest, { level: 6 }] }
  for (const item of checked.pack.items)
    files[item.file] = [audio.get(item.file)!, { level: STORE_AS_IS.test(item.file) ? 0 : 6 }]
  const zipped = zipSync(files)
  if (zipped.length > LIMITS.packBytes)
    throw new PackWriteError(packError('too-large', `The pack is over ${formatBytes(LIMITS.packBytes)}.`))
  return zipped
}

/**
 * Reads an untrusted `.wusheng` file: size, zip structure, entry names, manifest schema and version, then only
 * the audio files the manifest names, each capped while inflating and checked against its SHA-256.
 */
export async function readPack(bytes: Uint8Array): Promise<ReadOutcome<ReadPack>> {
  if (bytes.length > LIMITS.packBytes)
    return fail(
      packError(
        'too-large',
        `The pack is ${formatBytes(bytes.length)}; a pack may be at most ${formatBytes(LIMITS.packBytes)}.`,
      ),
    )
  try {
    return await readPackArchive(bytes)
  } catch (e) {
    return fail(archiveToPackError(e))
  }
}

async function readPackArchive(bytes: Uint8Array): Promise<ReadOutcome<ReadPack>> {
  const zip = await ZipArchive.open(bytesSource(bytes), {
    maxArchiveBytes: LIMITS.packBytes,
    maxEntries: LIMITS.zipEntries,
    maxTotalBytes: LIMITS.packUncompressedBytes,
  })
  if (!zip.entries.has(MANIFEST_FILE)) return fail(packError('no-manifest', 'The pack has no manifest.json.'))
  const raw = await zip.extract(MANIFEST_FILE, LIMITS.manifestBytes)
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch (e) {
    return fail(
      packError('bad-json', `manifest.json is not valid JSON (${(e as Error).message}).`, {
        file: MANIFEST_FILE,
      }),
    )
  }
  const checked = validateManifest(json)
  if (!checked.ok) return checked
  const pack = checked.pack

  // Entries the manifest does not name (a stray __MACOSX/ folder, say) are never inflated. The declared sizes
  // of those it names are summed first, so a pack over the budget is refused before any audio is inflated.
  let declared = raw.length
  for (const item of pack.items) {
    const entry = zip.entries.get(item.file)
    if (!entry)
      return fail(
        packError('missing-audio', `The pack names ${item.file} but does not hold it.`, { file: item.file }),
      )
    declared += entry.uncompressedSize
  }
  if (declared > LIMITS.packUncompressedBytes)
    return fail(
      packError(
        'too-large',
        `The pack's audio adds up to over ${formatBytes(LIMITS.packUncompressedBytes)}.`,
      ),
    )
  const audio = new Map<string, Uint8Array>()
  for (const item of pack.items) {
    const data = await zip.extract(item.file, LIMITS.audioBytes)
    if ((await sha256Hex(data)) !== item.sha256)
      return fail(
        packError('checksum-mismatch', `${item.file} does not match its checksum: the pack is damaged.`, {
          file: item.file,
        }),
      )
    audio.set(item.file, data)
  }
  return { ok: true, pack, checksum: await packChecksum(pack), audio }
}

function fail(error: PackError): { ok: false; error: PackError } {
  return { ok: false, error }
}
