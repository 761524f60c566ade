// The rules of a teacher's draft, with no I/O: the label proposals, what stops its export, the pack it exports as.
import type { PackDraft } from '../../packs/index.ts'
import { formatLabel } from '../../theory/format.ts'
import type { AnalysisResult } from '../../analysis/types.ts'
import type { DraftItem, PackDraftData, Proposal } from '../../packs/draft.ts'
import { parseAnswer } from '../../theory/answer.ts'
import { labelFromTonic, type Label } from '../../theory/label.ts'
import type { QuestionKind } from '../../tutor/types.ts'

/** Why a draft cannot be exported yet (each translated by the UI). */
export type DraftIssue =
  | { readonly kind: 'no-title' }
  | { readonly kind: 'no-items' }
  | { readonly kind: 'unconfirmed'; readonly name: string }
  | { readonly kind: 'bad-region'; readonly name: string }

export const DEFAULT_KIND: QuestionKind = 'tonic-pattern'
export const DEFAULT_PASS = 0.6

/** The problems that stop a draft being exported, in the order the teacher should fix them. */
export function draftIssues(d: PackDraftData): DraftIssue[] {
  const issues: DraftIssue[] = []
  if (!d.title.trim()) issues.push({ kind: 'no-title' })
  if (d.items.length === 0) issues.push({ kind: 'no-items' })
  for (const it of d.items) {
    if (!it.confirmed || it.tonic === null || it.pattern === null)
      issues.push({ kind: 'unconfirmed', name: it.name })
    if (
      it.region &&
      !(it.region.end > it.region.start && it.region.start >= 0 && it.region.end <= it.duration + 0.05)
    )
      issues.push({ kind: 'bad-region', name: it.name })
  }
  return issues
}

/** The pack's label text and fields for an item (its label must be set). */
function itemLabel(it: DraftItem): Label {
  return labelFromTonic(it.tonic!, it.pattern!, it.type)
}

/**
 * The pack a draft exports as (label text, item files), created at `createdAt` (an ISO date). Its labels must
 * be set (see draftIssues); writePack checks the rest.
 */
export function packDraftOf(d: PackDraftData, createdAt: string): PackDraft {
  return {
    id: d.packId,
    title: d.title,
    instructions: d.instructions,
    ...(d.due ? { due: d.due } : {}),
    passThreshold: d.passThreshold,
    ...(d.due && d.feedbackAfterDue ? { feedback: 'after-due' as const } : {}),
    createdAt,
    items: d.items.map((it, i) => {
      const label = itemLabel(it)
      return {
        id: it.id,
        file: `audio/${String(i + 1).padStart(2, '0')}.wav`,
        name: it.name,
        label: {
          text: formatLabel(label, 'cnpm'),
          system: label.system,
          tonic: label.tonic,
          pattern: label.pattern,
          type: label.type,
        },
        kind: it.kind,
        ...(it.region ? { region: { start: it.region.start, end: it.region.end } } : {}),
      }
    }),
  }
}

/** The analyzer's answer as an item's proposal: its label and confidence, or why it found no mode. */
export function analyzerProposal(r: AnalysisResult): Proposal {
  return r.ok
    ? {
        status: 'done',
        label: { tonic: r.label.tonic, pattern: r.label.pattern, type: r.label.type },
        confidence: r.confidence,
      }
    : { status: 'none', reason: r.reason }
}

/** The model's raw answer as an item's proposal: the label it names, or why it names none. */
export function modelProposal(raw: string): Proposal {
  const parsed = parseAnswer(raw)
  const l = parsed.label
  return parsed.status === 'label'
    ? { status: 'done', raw, label: { tonic: l.tonic, pattern: l.pattern, type: l.type } }
    : { status: 'none', raw, reason: parsed.status }
}
