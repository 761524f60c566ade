import { PATTERNS, type Pattern } from '../theory/tones.ts'
import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import type { PitchClass } from '../theory/pitch-class.ts'
import type { Milliseconds, Timestamp } from '../theory/units.ts'
import type { Answer, FieldGrades } from '../tutor/types.ts'
import { packError, PackWriteError, type PackError, type ReadOutcome } from './errors.ts'
import { sha256Hex } from '../archive/hash.ts'
import { canonicalJson } from './canonical-json.ts'
import { LIMITS } from './limits.ts'
import { checkHeader } from './manifest.ts'
import * as v from './schema.ts'
import { formatBytes } from '../archive/bytes.ts'

export const RESULTS_FORMAT = 'wusheng-results'
/** The schema version this build writes and the newest it reads. */
export const RESULTS_SCHEMA_VERSION = 1

/** One answered item, as exported. */
export interface ResultAnswer {
  readonly itemId: string
  readonly answer: Answer
  /** The student's app's grade; the gradebook regrades against the pack and flags disagreement. */
  readonly correct: boolean
  readonly fields: FieldGrades
  readonly latencyMs: Milliseconds
  readonly replays: number
  readonly hints: number
  readonly at: Timestamp
}

/**
 * Integrity check over the canonical JSON of everything else in the file. It detects accidental edits and casual
 * tampering (a changed answer or score in a text editor), NOT a determined student: the algorithm is public and
 * anyone can recompute the digest. An HMAC keyed with a secret from the pack would be no stronger, since the
 * student holds the pack. The gradebook's real defence is regrading every answer against the pack's labels.
 */
export interface ResultsIntegrity {
  readonly algorithm: 'sha256'
  readonly digest: string
}

/** A `.wusheng-results` file (JSON), schema version 1. */
export interface ResultsFile {
  readonly format: typeof RESULTS_FORMAT
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION
  readonly packId: string
  /** The pack's checksum (SHA-256 of its manifest's canonical JSON), as the student's app computed it. */
  readonly packChecksum: string
  readonly student: string
  /** ISO 8601 date-time. */
  readonly exportedAt: string
  readonly answers: readonly ResultAnswer[]
  /** As the student's app computed it; the gradebook recomputes it. */
  readonly score: { readonly correct: number; readonly total: number }
  readonly integrity: ResultsIntegrity
}

/** What the student's app hands to writeResults. */
export type ResultsDraft = Omit<ResultsFile, 'format' | 'schemaVersion' | 'integrity'>

/** Something about a readable results file that stops it being counted as it stands. */
export interface ResultsFlag {
  readonly code:
    'edited' | 'other-pack' | 'pack-changed' | 'unknown-item' | 'score-mismatch' | 'grade-mismatch'
  readonly message: string
}

/**
 * Serialises results as pretty JSON with an integrity digest. Validates first with the reader's own rules.
 * @throws PackWriteError when the draft would not read back
 */
export async function writeResults(draft: ResultsDraft): Promise<string> {
  const body = { ...draft, format: RESULTS_FORMAT, schemaVersion: RESULTS_SCHEMA_VERSION }
  const checked = parseResults({ ...body, integrity: { algorithm: 'sha256', digest: '0'.repeat(64) } })
  if (!checked.ok) throw new PackWriteError(checked.error)
  const { integrity: _, ...content } = checked.results
  const file: ResultsFile = {
    ...content,
    integrity: { algorithm: 'sha256', digest: await resultsDigest(content) },
  }
  const text = JSON.stringify(file, null, 2)
  if (text.length > LIMITS.resultsBytes)
    throw new PackWriteError(
      packError('too-large', `The results file is over ${formatBytes(LIMITS.resultsBytes)}.`),
    )
  return text
}

/**
 * Reads an untrusted results file. Structural problems refuse it; an integrity mismatch, a different pack or a
 * stated score that does not add up are returned as flags, so the teacher sees the file but it is not counted.
 */
export async function readResults(
  input: string | Uint8Array,
  expected?: { readonly packId: string; readonly packChecksum: string },
): Promise<ReadOutcome<{ results: ResultsFile; flags: readonly ResultsFlag[] }>> {
  const size = typeof input === 'string' ? input.length : input.byteLength
  if (size > LIMITS.resultsBytes)
    return {
      ok: false,
      error: packError(
        'results-too-large',
        `The file is ${formatBytes(size)}; a results file is at most ${formatBytes(LIMITS.resultsBytes)}.`,
      ),
    }
  let json: unknown
  try {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input)
    json = JSON.parse(text)
  } catch (e) {
    return { ok: false, error: packError('bad-json', `Not a JSON file (${(e as Error).message}).`) }
  }
  const parsed = parseResults(json)
  if (!parsed.ok) return parsed
  const { results } = parsed
  const flags: ResultsFlag[] = []
  const { integrity: _, ...content } = results
  if ((await resultsDigest(content)) !== results.integrity.digest)
    flags.push({
      code: 'edited',
      message: 'The file was changed after it was exported (its checksum does not match).',
    })
  if (expected && results.packId !== expected.packId)
    flags.push({ code: 'other-pack', message: 'These results are for a different assignment.' })
  else if (expected && results.packChecksum !== expected.packChecksum)
    flags.push({ code: 'pack-changed', message: 'These results are for another version of this assignment.' })
  const stated = results.answers.filter((a) => a.correct).length
  if (stated !== results.score.correct)
    flags.push({
      code: 'score-mismatch',
      message: `The stated score (${results.score.correct}) does not match the answers (${stated}).`,
    })
  return { ok: true, results, flags }
}

/** SHA-256 of the canonical JSON of a results file without its integrity field. */
export function resultsDigest(content: Omit<ResultsFile, 'integrity'>): Promise<string> {
  return sha256Hex(canonicalJson(content))
}

/** Validates parsed JSON as a results file; returns a clean copy or the first violation with its field path. */
export function parseResults(
  json: unknown,
): { ok: true; results: ResultsFile } | { ok: false; error: PackError } {
  const head = checkHeader(json, RESULTS_FORMAT, RESULTS_SCHEMA_VERSION, 'results')
  if (head) return { ok: false, error: head }
  try {
    return { ok: true, results: resultsFrom(v.obj(json, 'results')) }
  } catch (e) {
    if (e instanceof v.SchemaViolation)
      return { ok: false, error: packError('schema', e.message, { field: e.field }) }
    throw e
  }
}

function resultsFrom(r: Record<string, unknown>): ResultsFile {
  const answers = v
    .arr(r.answers, 'answers', LIMITS.items)
    .map((a, i) => answerFrom(v.obj(a, `answers[${i}]`), `answers[${i}]`))
  const seen = new Set<string>()
  answers.forEach((a, i) => {
    if (seen.has(a.itemId))
      throw new v.SchemaViolation(`answers[${i}].itemId`, `repeats the item ${a.itemId}`)
    seen.add(a.itemId)
  })
  const score = v.obj(r.score, 'score')
  const total = v.int(score.total, 'score.total', 0, LIMITS.items)
  const integrity = v.obj(r.integrity, 'integrity')
  return {
    format: RESULTS_FORMAT,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    packId: v.uuid(r.packId, 'packId'),
    packChecksum: v.sha256Field(r.packChecksum, 'packChecksum'),
    student: v.text(r.student, 'student', LIMITS.text.student),
    exportedAt: v.isoDate(r.exportedAt, 'exportedAt'),
    answers,
    score: { correct: v.int(score.correct, 'score.correct', 0, total), total },
    integrity: {
      algorithm: v.oneOf(integrity.algorithm, 'integrity.algorithm', ['sha256'] as const),
      digest: v.sha256Field(integrity.digest, 'integrity.digest'),
    },
  }
}

function answerFrom(a: Record<string, unknown>, at: string): ResultAnswer {
  const ans = v.obj(a.answer, `${at}.answer`)
  const fields = v.obj(a.fields, `${at}.fields`)
  return {
    itemId: v.ident(a.itemId, `${at}.itemId`),
    answer: compact({
      tonic: opt(ans.tonic, (x) => v.int(x, `${at}.answer.tonic`, 0, 11) as PitchClass),
      pattern: opt(ans.pattern, (x) => v.oneOf(x, `${at}.answer.pattern`, PATTERNS) as Pattern),
      type: opt(ans.type, (x) => v.oneOf(x, `${at}.answer.type`, SCALE_TYPES) as ScaleType),
    }),
    correct: v.bool(a.correct, `${at}.correct`),
    fields: compact({
      tonic: opt(fields.tonic, (x) => v.bool(x, `${at}.fields.tonic`)),
      pattern: opt(fields.pattern, (x) => v.bool(x, `${at}.fields.pattern`)),
      type: opt(fields.type, (x) => v.bool(x, `${at}.fields.type`)),
    }),
    latencyMs: v.num(a.latencyMs, `${at}.latencyMs`, 0, 24 * 3600 * 1000),
    replays: v.int(a.replays, `${at}.replays`, 0, 10_000),
    hints: v.int(a.hints, `${at}.hints`, 0, 10_000),
    at: v.num(a.at, `${at}.at`, 0, 1e14),
  }
}

function opt<T>(value: unknown, read: (x: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value)
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T
}
