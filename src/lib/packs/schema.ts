/** Thrown inside validators, caught at the reader's boundary and turned into a `schema` PackError. */
export class SchemaViolation extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(`${field}: ${message}`)
    this.field = field
  }
}

type Obj = Record<string, unknown>

/** An object (not null, not an array), or a violation at `field`. */
export function obj(value: unknown, field: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SchemaViolation(field, 'must be an object')
  return value as Obj
}

/** An array of at most `max` elements. */
export function arr(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new SchemaViolation(field, 'must be an array')
  if (value.length > max) throw new SchemaViolation(field, `has ${value.length} entries, the limit is ${max}`)
  return value
}

// C0/C1 controls (but tab and newline) and the bidi overrides that can make text display as something else.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g // eslint-disable-line no-control-regex

/**
 * A plain-text string: length-capped, control and bidi-override characters removed, trimmed. It stays text:
 * nothing here makes it safe as HTML, so the UI must show it as text (never `{@html}`).
 */
export function text(
  value: unknown,
  field: string,
  max: number,
  opts: { multiline?: boolean; empty?: boolean } = {},
): string {
  if (typeof value !== 'string') throw new SchemaViolation(field, 'must be a string')
  if (value.length > max)
    throw new SchemaViolation(field, `is ${value.length} characters long, the limit is ${max}`)
  let clean = value.replace(UNSAFE_CHARS, '')
  if (!opts.multiline) clean = clean.replace(/[\t\n]+/g, ' ')
  clean = clean.trim()
  if (!opts.empty && clean === '') throw new SchemaViolation(field, 'must not be empty')
  return clean
}

/** An optional plain-text string: undefined stays undefined. */
export function optionalText(value: unknown, field: string, max: number): string | undefined {
  return value === undefined ? undefined : text(value, field, max, { empty: true })
}

/** A finite number within [min, max]. */
export function num(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new SchemaViolation(field, 'must be a finite number')
  if (value < min || value > max)
    throw new SchemaViolation(field, `must be between ${min} and ${max}, got ${value}`)
  return value
}

/** An integer within [min, max]. */
export function int(value: unknown, field: string, min: number, max: number): number {
  const n = num(value, field, min, max)
  if (!Number.isInteger(n)) throw new SchemaViolation(field, `must be an integer, got ${n}`)
  return n
}

/** A boolean. */
export function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new SchemaViolation(field, 'must be true or false')
  return value
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new SchemaViolation(field, `must be one of ${allowed.join(', ')}`)
  return value as T
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/

/** An ISO 8601 date (`2025-06-01`) or date-time (`2025-06-01T09:00:00Z`) that names a real instant. */
export function isoDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || !Number.isFinite(Date.parse(value)))
    throw new SchemaViolation(field, 'must be an ISO 8601 date such as 2025-06-01 or 2025-06-01T09:00:00Z')
  return value
}

/** A pack id: a UUID. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A UUID (any version), lower-cased. */
export function uuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new SchemaViolation(field, 'must be a UUID')
  return value.toLowerCase()
}

/** A short identifier: letters, digits, `_` and `-`, 1–64 characters. */
export function ident(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value))
    throw new SchemaViolation(field, 'must be 1–64 letters, digits, _ or -')
  return value
}

/** Lowercase hex SHA-256. */
export function sha256Field(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value))
    throw new SchemaViolation(field, 'must be a SHA-256 digest (64 lowercase hex digits)')
  return value
}

import { unsafePathReason } from '../archive/paths.ts'

const AUDIO_FILE = /^audio\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

/** An item's audio path: `audio/<name>` with a plain file name (no folders, no `..`). */
export function audioPath(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new SchemaViolation(field, 'must be a string')
  const unsafe = unsafePathReason(value)
  if (unsafe) throw new SchemaViolation(field, `${JSON.stringify(value.slice(0, 80))} ${unsafe}`)
  if (!AUDIO_FILE.test(value) || value.includes('..'))
    throw new SchemaViolation(field, 'must be audio/<file name> with letters, digits, . _ or - only')
  return value
}
