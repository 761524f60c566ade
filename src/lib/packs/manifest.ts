// A pack's manifest: its types, the schema it is read with, its checksum. Kept apart from the zip reader and writer
// (pack.ts) so that the store, which checks stored manifests, does not load them.
import { PATTERN_INTERVAL, PATTERNS, type Pattern } from '../theory/tones.ts'
import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { labelFromTonic, type Label } from '../theory/label.ts'
import { QUESTION_KINDS, type QuestionKind } from '../tutor/types.ts'
import type { Seconds } from '../theory/units.ts'
import { packError, type PackError } from './errors.ts'
import { sha256Hex } from '../archive/hash.ts'
import { canonicalJson } from './canonical-json.ts'
import { LIMITS } from './limits.ts'
import * as v from './schema.ts'

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
