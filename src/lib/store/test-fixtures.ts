// Shared by the store's browser tests: deterministic records, unique database names.
import { openDB } from 'idb'
import { labelFromTonic } from '../theory/label.ts'
import type { Pattern } from '../theory/tones.ts'
import type { Attempt, QuestionSource } from '../tutor/types.ts'
import { strToU8, zipSync } from 'fflate'
import { BACKUP_FORMAT, BACKUP_VERSION, MANIFEST_NAME } from './backup-format.ts'
import { DB_VERSION } from './migrations.ts'
import {
  attemptSource,
  type CardRecord,
  type ClipRecord,
  type JsonObject,
  type JsonValue,
  type StatsRow,
  type WushengDB,
} from './schema.ts'

let counter = 0

/** A database name no other test uses (tests in one file share the origin's IndexedDB). */
export function uniqueDbName(prefix: string): string {
  counter += 1
  return `test-${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`
}

const PATTERN_CYCLE: readonly Pattern[] = ['gong', 'shang', 'jue', 'zhi', 'yu']

/** Attempt number `i`: pattern cycles, every third one wrong, one second apart from `t0`. */
export function makeAttempt(i: number, source?: QuestionSource, t0 = 1_700_000_000_000): Attempt {
  const pattern = PATTERN_CYCLE[i % 5]
  const label = labelFromTonic(i % 12, pattern)
  const correct = i % 3 !== 0
  return {
    id: `a${i}`,
    question: {
      id: `q${i}`,
      kind: 'tonic-pattern',
      label,
      source: source ?? { kind: 'melody', seed: i, bars: 4, timbre: 'dizi', tempo: 80 },
    },
    answer: { tonic: label.tonic, pattern: correct ? pattern : PATTERN_CYCLE[(i + 1) % 5] },
    correct,
    fields: { tonic: true, pattern: correct },
    latency: 1000 + i,
    replays: i % 2,
    hints: 0,
    at: t0 + i * 1000,
  }
}

/** Deterministic pseudo-audio bytes (every byte value occurs), so byte-for-byte comparisons mean something. */
export function makeBytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** A clip with `length` bytes of audio. */
export function makeClip(id: string, length = 1024, overrides: Partial<ClipRecord> = {}): ClipRecord {
  return {
    id,
    blob: new Blob([makeBytes(length, id.length * 7919 + length)], { type: 'audio/wav' }),
    name: `${id}.wav`,
    mime: 'audio/wav',
    label: labelFromTonic(9, 'yu'),
    origin: 'import',
    createdAt: 1_700_000_000_000 + length,
    duration: 2.5,
    ...overrides,
  }
}

/** A review card due at `due`. */
export function makeCard(id: string, key: string, due: number): CardRecord {
  return {
    id,
    key,
    card: {
      due,
      stability: 1.5,
      difficulty: 5.2,
      elapsed_days: 0,
      scheduled_days: 1,
      learning_steps: 0,
      reps: 1,
      lapses: 0,
      state: 1,
      last_review: due - 86_400_000,
    },
    updatedAt: due - 86_400_000,
  }
}

/** The bytes of a Blob. */
export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer())
}

/**
 * The statistics rows as stored, read raw (the Store's listAttemptStats would rebuild missing ones), sorted by id,
 * with the ids of the attempts beside them.
 */
export async function storedStats(name: string): Promise<{ rows: StatsRow[]; attemptIds: string[] }> {
  const db = await openDB<WushengDB>(name)
  try {
    const tx = db.transaction(['attempts', 'attemptStats'])
    const [ids, shards] = await Promise.all([
      tx.objectStore('attempts').getAllKeys(),
      tx.objectStore('attemptStats').getAll(),
    ])
    const rows = shards.flatMap((s) => s.rows).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return { rows, attemptIds: ids }
  } finally {
    db.close()
  }
}

/** A pack manifest the pack reader accepts (one A羽 item), as stored in an assignment record. */
export function makePackManifest(n = 1): JsonObject {
  return {
    format: 'wusheng-pack',
    schemaVersion: 1,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title: `Week ${n}`,
    instructions: '',
    passThreshold: 0.6,
    createdAt: '2025-06-01T09:00:00Z',
    items: [
      {
        id: 'i1',
        file: 'audio/01.wav',
        name: 'a.wav',
        label: { text: 'A羽五声', system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic' },
        kind: 'tonic-pattern',
        sha256: 'ab'.repeat(32),
      },
    ],
  }
}

/** A results file the results reader accepts (its integrity digest is not checked here), as stored. */
export function makeResultsData(student = 'Li', n = 1): JsonObject {
  return {
    format: 'wusheng-results',
    schemaVersion: 1,
    packId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    packChecksum: 'cd'.repeat(32),
    student,
    exportedAt: '2025-06-02T09:00:00Z',
    answers: [],
    score: { correct: 0, total: 0 },
    integrity: { algorithm: 'sha256', digest: 'ef'.repeat(32) },
  }
}

/** The bytes of a backup zip holding `n` attempts and the given settings, nothing else (large-import tests). */
export function makeAttemptsBackup(n: number, settings: readonly { key: string; value: JsonValue }[] = []) {
  const attempts = Array.from({ length: n }, (_, i) => {
    const a = makeAttempt(i)
    return { ...a, source: attemptSource(a) }
  })
  const manifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: DB_VERSION,
    exportedAt: 1,
    attempts,
    clips: [],
    cards: [],
    settings,
    assignments: [],
    results: [],
  }
  return zipSync({ [MANIFEST_NAME]: strToU8(JSON.stringify(manifest)) })
}
