// Stored records checked as the app reads them: an assignment's manifest must be a draft the editor can open or
// a pack the student desk can play; a result's data must be a results file. A record that is not is "damaged":
// it is left out of every list (so no page can trip over it) and shown in Settings → Data to export or delete.
import { validateDraft } from '../packs/draft.ts'
import { validateManifest } from '../packs/manifest.ts'
import { parseResults } from '../packs/results.ts'
import type { AssignmentRecord, JsonValue, ResultRecord } from './schema.ts'

/** Why a stored assignment cannot be used, or null when it can. */
export function assignmentProblem(r: AssignmentRecord): string | null {
  if (typeof r !== 'object' || r === null) return 'the record is not an object'
  if (typeof r.id !== 'string' || typeof r.title !== 'string' || !Array.isArray(r.clipIds))
    return 'the record lacks its id, title or clip list'
  if (r.status === 'draft') {
    const d = validateDraft(r.manifest)
    return d.ok ? null : `its draft is not one the editor wrote (${d.reason})`
  }
  if (r.status !== 'assigned' && r.status !== 'done') return `unknown status ${JSON.stringify(r.status)}`
  const p = validateManifest(r.manifest)
  return p.ok ? null : `its pack manifest is invalid (${p.error.message})`
}

/** Why a stored results record cannot be used, or null when it can. */
export function resultProblem(r: ResultRecord): string | null {
  if (typeof r !== 'object' || r === null) return 'the record is not an object'
  if (typeof r.id !== 'string' || typeof r.assignmentId !== 'string') return 'the record lacks its ids'
  const p = parseResults(r.data)
  return p.ok ? null : `its results file is invalid (${p.error.message})`
}

/** A stored record that failed its check: enough to show it, export it and delete it. */
export interface DamagedRecord {
  readonly store: 'assignments' | 'results'
  readonly id: string
  /** The title or student, when the record has one, for people. */
  readonly title: string
  readonly problem: string
  /** The record as stored (for the export). */
  readonly value: JsonValue
}

/** Builds the DamagedRecord of a record that failed `problem`. */
export function damaged(
  store: DamagedRecord['store'],
  record: AssignmentRecord | ResultRecord,
  problem: string,
): DamagedRecord {
  const raw = record as unknown as Record<string, unknown>
  const title = typeof raw.title === 'string' ? raw.title : typeof raw.student === 'string' ? raw.student : ''
  return { store, id: String(raw.id), title, problem, value: record as unknown as JsonValue }
}
