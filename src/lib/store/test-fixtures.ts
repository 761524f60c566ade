// Shared by the store's browser tests: deterministic records, unique database names.
import { labelFromTonic } from '../theory/label.ts'
import type { Pattern } from '../theory/tones.ts'
import type { Attempt, QuestionSource } from '../tutor/types.ts'
import type { CardRecord, ClipRecord } from './schema.ts'

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
