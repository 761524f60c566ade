// What every Store implementation decides the same way, whatever keeps the records: which attempts a query
// keeps and in what order, which outbox items are refused, what a snapshot leaves out, and what a merge adds.
import { StoreError } from './errors.ts'
import { assignmentProblem, damaged, resultProblem, type DamagedRecord } from './records.ts'
import { isSecretSetting, type JsonValue, type OutboxRecord } from './schema.ts'
import {
  SNAPSHOT_PARTS,
  type AttemptQuery,
  type MergeCounts,
  type SnapshotPart,
  type StoreSnapshot,
} from './store.ts'
import type { AssignmentRecord, AttemptRecord, CardRecord, ResultRecord, StatsRow } from './schema.ts'

/** The filters of a query other than its time range (which an index applies). */
export function attemptFilter(query: AttemptQuery): (a: AttemptRecord) => boolean {
  const { pattern, correct, source } = query
  return (a) =>
    (pattern === undefined || a.question.label.pattern === pattern) &&
    (correct === undefined || a.correct === correct) &&
    (source === undefined || a.source === source)
}

/** Oldest first, ties by id in code-unit order (IndexedDB's key order). */
export function byTimeThenId(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Sorts attempts (or their statistics rows) by time and id, in place. */
export function sortByTime<T extends AttemptRecord | StatsRow>(rows: T[], order: 'newest' | 'oldest'): T[] {
  const sign = order === 'newest' ? -1 : 1
  return rows.sort((a, b) => sign * byTimeThenId(a, b))
}

/** The dotted path of the first secret-looking key at any depth of a settings snapshot, or undefined. */
function findSecretKey(value: JsonValue, path = ''): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k
    if (isSecretSetting(at) || isSecretSetting(k)) return at
    const deeper = findSecretKey(v as JsonValue, at)
    if (deeper !== undefined) return deeper
  }
  return undefined
}

/** Throws StoreError 'invalid' when a queued request's settings snapshot holds a secret. */
export function assertNoSecrets(item: OutboxRecord): void {
  const secret = findSecretKey(item.payload.settings)
  if (secret !== undefined)
    throw new StoreError(
      'invalid',
      `Queued requests must not hold secrets: remove '${secret}' from the snapshot`,
    )
}

/** The stored assignments and results that fail their checks, each with its problem (the rest of a page works). */
export function damagedOf(
  assignments: readonly AssignmentRecord[],
  results: readonly ResultRecord[],
): DamagedRecord[] {
  const out: DamagedRecord[] = []
  for (const r of assignments) {
    const problem = assignmentProblem(r)
    if (problem !== null) out.push(damaged('assignments', r, problem))
  }
  for (const r of results) {
    const problem = resultProblem(r)
    if (problem !== null) out.push(damaged('results', r, problem))
  }
  return out
}

/** Throws StoreError 'invalid' unless a stored assignment or result is damaged (only those may be deleted so). */
export function assertDamaged(
  which: Pick<DamagedRecord, 'store' | 'id'>,
  record: AssignmentRecord | ResultRecord,
): void {
  const problem =
    which.store === 'assignments'
      ? assignmentProblem(record as AssignmentRecord)
      : resultProblem(record as ResultRecord)
  if (problem === null)
    throw new StoreError('invalid', `The ${which.store} record '${which.id}' is not damaged: not deleted.`)
}

/** What a backup holds of everything stored: no secret settings, no damaged assignments or results. */
export function snapshotOf(stored: StoreSnapshot): StoreSnapshot {
  // Damaged records stay out of backups (an import would refuse them): Settings → Data exports them apart.
  return {
    attempts: stored.attempts,
    clips: stored.clips,
    cards: stored.cards,
    settings: stored.settings.filter((s) => !isSecretSetting(s.key)),
    assignments: stored.assignments.filter((r) => assignmentProblem(r) === null),
    results: stored.results.filter((r) => resultProblem(r) === null),
  }
}

/** The keys already stored, per part (for cards, their ids and their keys). */
export interface StoredKeys {
  readonly attempts: ReadonlySet<string>
  readonly clips: ReadonlySet<string>
  readonly cards: ReadonlySet<string>
  readonly cardKeys: ReadonlySet<string>
  readonly settings: ReadonlySet<string>
  readonly assignments: ReadonlySet<string>
  readonly results: ReadonlySet<string>
}

/** One part of a merge: the records offered (secrets removed), and those of them to add. */
export interface MergeStep<P extends SnapshotPart = SnapshotPart> {
  readonly part: P
  readonly offered: StoreSnapshot[P]
  readonly fresh: StoreSnapshot[P]
}

/** A merge decided before anything is written: per part in SNAPSHOT_PARTS order, what to add. */
export type MergePlan = { readonly [P in SnapshotPart]: MergeStep<P> }

/** Decides what a merge adds: records whose id (setting key; card id or card key) is not stored yet. */
export function planMerge(data: StoreSnapshot, stored: StoredKeys): MergePlan {
  const step = <P extends SnapshotPart>(
    part: P,
    offered: StoreSnapshot[P],
    isStored: (r: StoreSnapshot[P][number]) => boolean,
  ): MergeStep<P> => ({
    part,
    offered,
    fresh: (offered as readonly StoreSnapshot[P][number][]).filter((r) => !isStored(r)) as StoreSnapshot[P],
  })
  return {
    attempts: step('attempts', data.attempts, (r) => stored.attempts.has(r.id)),
    clips: step('clips', data.clips, (r) => stored.clips.has(r.id)),
    // A card for the same key under another id would break the unique index: the local one wins.
    cards: step('cards', data.cards, (r: CardRecord) => stored.cards.has(r.id) || stored.cardKeys.has(r.key)),
    settings: step(
      'settings',
      data.settings.filter((s) => !isSecretSetting(s.key)),
      (r) => stored.settings.has(r.key),
    ),
    assignments: step('assignments', data.assignments, (r) => stored.assignments.has(r.id)),
    results: step('results', data.results, (r) => stored.results.has(r.id)),
  }
}

/** Zero counts for every part. */
export function emptyMergeCounts(): MergeCounts {
  return Object.fromEntries(SNAPSHOT_PARTS.map((p) => [p, { added: 0, skipped: 0 }])) as MergeCounts
}

/** How many records a merge offers in all (for progress). */
export function mergeTotal(data: StoreSnapshot): number {
  return SNAPSHOT_PARTS.reduce((n, p) => n + data[p].length, 0)
}

/** Records added per batch: between batches the page gets to paint and answer input (see runMerge). */
export const MERGE_BATCH = 1000

/**
 * Runs a merge plan part by part (SNAPSHOT_PARTS order) and batch by batch, counting and reporting progress the
 * same way for every store: `addBatch` writes some fresh records of a part; `afterPart` runs once a part is in.
 */
export async function runMerge(
  plan: MergePlan,
  total: number,
  addBatch: <P extends SnapshotPart>(part: P, records: StoreSnapshot[P]) => Promise<void> | void,
  onProgress?: (done: number, total: number) => void,
  afterPart?: (part: SnapshotPart) => Promise<void> | void,
): Promise<MergeCounts> {
  const counts = emptyMergeCounts()
  let done = 0
  for (const part of SNAPSHOT_PARTS) {
    const { offered, fresh } = plan[part] as MergeStep
    const skipped = offered.length - fresh.length
    for (let from = 0; from < fresh.length; from += MERGE_BATCH) {
      const batch = fresh.slice(from, from + MERGE_BATCH) as StoreSnapshot[typeof part]
      await addBatch(part, batch)
      onProgress?.(done + skipped + from + batch.length, total)
    }
    await afterPart?.(part)
    done += offered.length
    onProgress?.(done, total)
    counts[part].added += fresh.length
    counts[part].skipped += skipped
  }
  return counts
}
