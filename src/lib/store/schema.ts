import type { DBSchema } from 'idb'
import type { Card } from 'ts-fsrs'
import type { Label } from '../theory/label.ts'
import type { Pattern } from '../theory/tones.ts'
import type { Seconds, Timestamp } from '../theory/units.ts'
import type { StatsAttempt } from '../tutor/stats.ts'
import type { Attempt, QuestionSource } from '../tutor/types.ts'
import type { QueueItem } from '../model/offline-queue.ts'

/** The default database name. Tests pass their own so they never touch the app's data. */
export const DEFAULT_DB_NAME = 'wusheng'

/** The settings key that holds the remote model's API key: never exported, never imported, never queued. */
export const SECRET_SETTING_KEYS: readonly string[] = Object.freeze(['model.apiKey'])

/** True for settings that must never leave the device (backups, outbox snapshots). */
export function isSecretSetting(key: string): boolean {
  // A whole last segment only: 'model.maxTokens' is a setting, 'model.token' is a secret.
  return SECRET_SETTING_KEYS.includes(key) || /(^|\.)(api[-_]?key|secret|token|password)$/i.test(key)
}

/** JSON data, as stored for settings, assignment manifests and results (structured-clone safe). */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue }
export type JsonObject = { readonly [k: string]: JsonValue }

/**
 * Where an attempt came from, flattened so it can be indexed: a clip that belongs to an assignment is
 * 'assignment' (the gradebook and history filter on it), not 'clip'.
 */
export type AttemptSource = QuestionSource['kind'] | 'assignment'

/** An attempt as stored: the domain Attempt plus the indexed `source` (backfilled by migration 3). */
export type AttemptRecord = Attempt & { readonly source: AttemptSource }

/** How a clip got onto the device. */
export const CLIP_ORIGINS = ['import', 'recording', 'assignment', 'generated'] as const
export type ClipOrigin = (typeof CLIP_ORIGINS)[number]

/** A stored audio clip: the encoded file as a Blob, never decoded samples. */
export interface ClipRecord {
  readonly id: string
  readonly blob: Blob
  /** The original file name (shown as text only). */
  readonly name: string
  readonly mime: string
  readonly label?: Label
  readonly origin: ClipOrigin
  readonly createdAt: Timestamp
  readonly duration?: Seconds
  /** Hex SHA-256 of the bytes, when known: lets imports spot the same audio under another id. */
  readonly sha256?: string
}

/** ts-fsrs `State` as a plain number: 0 New, 1 Learning, 2 Review, 3 Relearning. */
export type CardState = 0 | 1 | 2 | 3

/** The ts-fsrs Card fields as plain data: dates are epoch milliseconds so they index and serialize. */
export interface StoredCard {
  readonly due: Timestamp
  readonly stability: number
  readonly difficulty: number
  readonly elapsed_days: number
  readonly scheduled_days: number
  readonly learning_steps: number
  readonly reps: number
  readonly lapses: number
  readonly state: CardState
  readonly last_review?: Timestamp
}

/** One FSRS review card: what is reviewed (`key`, e.g. 'confusion:yu>shang' or 'clip:<id>') and its state. */
export interface CardRecord {
  readonly id: string
  /** Unique: one card per confused pair or clip. */
  readonly key: string
  readonly card: StoredCard
  readonly updatedAt: Timestamp
}

/** A setting: any JSON value under a dotted key (e.g. 'ui.locale', 'model.baseUrl'). */
export interface SettingRecord {
  readonly key: string
  readonly value: JsonValue
}

/** An imported (or drafted) assignment pack: its manifest as validated JSON plus the ids of its stored clips. */
export interface AssignmentRecord {
  readonly id: string
  readonly title: string
  /** The pack's manifest, exactly as read from the `.wusheng` file (the packs module owns its schema). */
  readonly manifest: JsonObject
  readonly clipIds: readonly string[]
  /** Checksum of the pack file, so results can be matched to it. */
  readonly checksum?: string
  readonly status: 'draft' | 'assigned' | 'done'
  readonly createdAt: Timestamp
}

/** A results file imported by a teacher (or produced by a student), as validated JSON. */
export interface ResultRecord {
  readonly id: string
  readonly assignmentId: string
  readonly student: string
  readonly data: JsonObject
  /** Set by the packs module: false when the checksum or signature did not match (flagged, not counted). */
  readonly verified: boolean
  readonly importedAt: Timestamp
}

/** What a queued model request needs to be resent: the audio and the settings it was made with. */
export interface OutboxPayload {
  readonly clipId?: string
  /** The 16 kHz mono WAV to send, when it is not a stored clip. */
  readonly wav?: Blob
  /** The model settings at queue time, never the API key (putOutbox refuses secrets). */
  readonly settings: JsonObject
  /** The attempt the answer is for, so it can be attached when it arrives. */
  readonly attemptId?: string
  /** The name of the clip (or file) it was asked about, shown in the outbox after a reload. */
  readonly clipName?: string
}

/** A queued request to the remote model: the model module's queue item, persisted as is. */
export type OutboxRecord = QueueItem<OutboxPayload>

/** The part of an attempt the Progress page's statistics read (see `computeStats`), with its id. */
export type StatsRow = StatsAttempt & { readonly id: string }

/**
 * Derived from `attempts` (migration 5): each attempt's StatsRow, kept in {@link STATS_SHARDS} records. Reading
 * 10,000 small records costs IndexedDB far more per record than per byte, so rows are grouped into a few large
 * records, by a fixed hash of the attempt id (an attempt always lands in the same shard, so a replace finds
 * its row). Every write of `attempts` updates it in the same transaction; it is never exported (a backup
 * rebuilds it on import).
 */
export interface StatsShardRecord {
  /** 0 .. STATS_SHARDS-1: `statsShardOf(row.id)` for every row. */
  readonly shard: number
  readonly rows: readonly StatsRow[]
}

/** How many shard records hold the statistics rows. Part of the stored format: changing it needs a migration. */
export const STATS_SHARDS = 64

/** The shard of an attempt id: 32-bit FNV-1a over its UTF-16 code units, mod STATS_SHARDS. Stored: never change. */
export function statsShardOf(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return (h >>> 0) % STATS_SHARDS
}

/** The statistics row of an attempt: only what computeStats reads (no source, choices, analyzer or model). */
export function toStatsRow(attempt: Attempt): StatsRow {
  const { id, at, correct, fields, answer, latency, replays, hints, question } = attempt
  const { kind, label, rung } = question
  return {
    id,
    at,
    correct,
    fields,
    answer,
    latency,
    replays,
    hints,
    question: rung === undefined ? { kind, label } : { kind, label, rung },
  }
}

/** `shard` with `rows` put in (a row with the same id replaced). Every row must belong to that shard. */
export function withStatsRows(
  shard: number,
  existing: StatsShardRecord | undefined,
  rows: readonly StatsRow[],
): StatsShardRecord {
  const incoming = new Map(rows.map((r) => [r.id, r]))
  const kept = (existing?.rows ?? []).filter((r) => !incoming.has(r.id))
  return { shard, rows: [...kept, ...incoming.values()] }
}

/** The shard records for a whole set of attempts (a backfill or a rebuild). */
export function buildStatsShards(attempts: readonly Attempt[]): StatsShardRecord[] {
  return [...groupByShard(attempts.map(toStatsRow))].map(([shard, rows]) => ({ shard, rows }))
}

/** Rows grouped by their shard. */
export function groupByShard(rows: readonly StatsRow[]): Map<number, StatsRow[]> {
  const groups = new Map<number, StatsRow[]>()
  for (const row of rows) {
    const shard = statsShardOf(row.id)
    const group = groups.get(shard)
    if (group) group.push(row)
    else groups.set(shard, [row])
  }
  return groups
}

/** The current schema, as idb types it. Older versions are described by MIGRATIONS, not by types. */
export interface WushengDB extends DBSchema {
  attempts: {
    key: string
    value: AttemptRecord
    indexes: { byTime: Timestamp; byPattern: Pattern; bySource: AttemptSource }
  }
  settings: { key: string; value: JsonValue }
  clips: {
    key: string
    value: ClipRecord
    indexes: { byCreated: Timestamp; byOrigin: ClipOrigin; bySha256: string }
  }
  cards: { key: string; value: CardRecord; indexes: { byKey: string; byDue: Timestamp } }
  assignments: { key: string; value: AssignmentRecord; indexes: { byCreated: Timestamp } }
  results: { key: string; value: ResultRecord; indexes: { byAssignment: string } }
  outbox: { key: string; value: OutboxRecord; indexes: { byCreated: Timestamp } }
  attemptStats: { key: number; value: StatsShardRecord }
}

/** Every object store of the current schema. */
export const STORE_NAMES = [
  'attempts',
  'settings',
  'clips',
  'cards',
  'assignments',
  'results',
  'outbox',
  'attemptStats',
] as const
export type StoreName = (typeof STORE_NAMES)[number]

/** The indexed source of an attempt, from its question. */
export function attemptSource(attempt: Attempt): AttemptSource {
  const s = attempt.question.source
  return s.kind === 'clip' && s.assignmentId !== undefined ? 'assignment' : s.kind
}

/** A ts-fsrs Card as plain stored data (dates → epoch ms). */
export function toStoredCard(card: Card): StoredCard {
  const { due, last_review, state, ...rest } = card
  return {
    ...rest,
    state: state as number as CardState,
    due: due.getTime(),
    ...(last_review ? { last_review: last_review.getTime() } : {}),
  }
}

/** Back to a ts-fsrs Card (epoch ms → Date). */
export function fromStoredCard(stored: StoredCard): Card {
  const { due, last_review, ...rest } = stored
  return {
    ...rest,
    due: new Date(due),
    ...(last_review !== undefined ? { last_review: new Date(last_review) } : {}),
  } as Card
}
