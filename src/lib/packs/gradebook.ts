import { PATTERNS, type Pattern } from '../theory/tones.ts'
import type { QuestionKind } from '../tutor/types.ts'
import type { Answer } from '../tutor/types.ts'
import { toCsv, type CsvValue } from '../archive/csv.ts'
import type { PackError } from './errors.ts'
import type { PackItem, PackManifest } from './manifest.ts'
import type { ResultAnswer, ResultsFile, ResultsFlag } from './results.ts'

/** One imported results file: its name and what readResults made of it. */
export interface GradebookInput {
  readonly fileName: string
  readonly read:
    | { readonly ok: true; readonly results: ResultsFile; readonly flags: readonly ResultsFlag[] }
    | { readonly ok: false; readonly error: PackError }
}

export interface StudentRow {
  readonly student: string
  readonly fileName: string
  readonly exportedAt: string
  /** Items answered right, regraded against the pack. */
  readonly correct: number
  readonly answered: number
  /** Items in the pack: an unanswered item counts as wrong. */
  readonly total: number
  /** correct / total, 0..1. */
  readonly score: number
  readonly pass: boolean
  /** Per item id: true/false when answered, absent when not. */
  readonly byItem: Readonly<Record<string, boolean>>
  readonly meanLatencyMs: number | null
  readonly replays: number
}

export interface ClipRow {
  readonly itemId: string
  readonly name: string
  readonly label: string
  readonly answered: number
  readonly correct: number
  /** null when nobody answered it. */
  readonly accuracy: number | null
}

export interface PatternRow {
  readonly pattern: Pattern
  readonly answered: number
  readonly correct: number
  readonly accuracy: number | null
}

/** A file left out of the class numbers, and why. */
export interface FlaggedFile {
  readonly fileName: string
  readonly student?: string
  readonly reasons: readonly string[]
  /** The regraded score when the file could be read, so the teacher can still judge it. */
  readonly score?: number
}

export interface Duplicate {
  readonly student: string
  readonly kept: string
  readonly dropped: readonly string[]
  readonly message: string
}

export interface Gradebook {
  readonly packId: string
  readonly title: string
  readonly passThreshold: number
  readonly items: readonly { readonly id: string; readonly name: string }[]
  readonly students: readonly StudentRow[]
  readonly clips: readonly ClipRow[]
  readonly patterns: readonly PatternRow[]
  /** counts[truth][answered], rows and columns in PATTERNS order; only answers that name a pattern. */
  readonly confusion: { readonly labels: readonly Pattern[]; readonly counts: readonly (readonly number[])[] }
  readonly flagged: readonly FlaggedFile[]
  readonly duplicates: readonly Duplicate[]
}

/** The fields a question kind asks for; correct means every one of them matches the pack's label. */
const ASKED: Readonly<Record<QuestionKind, readonly (keyof Answer)[]>> = {
  pattern: ['pattern'],
  'tonic-pattern': ['tonic', 'pattern'],
  'same-system': ['tonic'],
  'same-tonic': ['pattern'],
  type: ['type'],
}

/** Grades an answer against a pack item's label, from the pack alone (never trusting the file's own grade). */
export function regrade(item: PackItem, answer: Answer): boolean {
  return ASKED[item.kind].every((f) => answer[f] !== undefined && answer[f] === item.label[f])
}

/**
 * Builds the class gradebook for one pack from many results files. Files that are unreadable, for another pack
 * or version, edited, or whose grades disagree with the pack are flagged and left out of every number; when a
 * student appears twice, the latest export is kept and the older ones are listed as duplicates.
 */
export function buildGradebook(
  pack: { readonly manifest: PackManifest; readonly checksum: string },
  inputs: readonly GradebookInput[],
): Gradebook {
  const { manifest } = pack
  const items = new Map(manifest.items.map((i) => [i.id, i]))
  const flagged: FlaggedFile[] = []
  const accepted: { fileName: string; results: ResultsFile; order: number }[] = []

  inputs.forEach((input, order) => {
    if (!input.read.ok) {
      flagged.push({ fileName: input.fileName, reasons: [input.read.error.message] })
      return
    }
    const { results, flags } = input.read
    const reasons = flags
      .filter((f) => f.code !== 'other-pack' && f.code !== 'pack-changed')
      .map((f) => f.message)
    if (results.packId !== manifest.id) reasons.push('These results are for a different assignment.')
    else if (results.packChecksum !== pack.checksum)
      reasons.push('These results are for another version of this assignment.')
    const unknown = results.answers.filter((a) => !items.has(a.itemId))
    if (unknown.length)
      reasons.push(`Answers for items not in this assignment: ${unknown.map((a) => a.itemId).join(', ')}.`)
    const disagree = results.answers.filter(
      (a) => items.has(a.itemId) && regrade(items.get(a.itemId)!, a.answer) !== a.correct,
    )
    if (disagree.length)
      reasons.push(
        `The file's own grade disagrees with the assignment's labels on ${disagree.length} answer(s).`,
      )
    if (reasons.length) {
      const known = results.answers.filter((a) => items.has(a.itemId))
      const correct = known.filter((a) => regrade(items.get(a.itemId)!, a.answer)).length
      flagged.push({
        fileName: input.fileName,
        student: results.student,
        reasons,
        score: correct / manifest.items.length,
      })
    } else accepted.push({ fileName: input.fileName, results, order })
  })

  const { kept, duplicates } = dedupe(accepted)
  const students = kept.map(({ fileName, results }) => studentRow(manifest, items, fileName, results))
  const counted = kept.flatMap(({ results }) =>
    results.answers.map((a) => ({ a, item: items.get(a.itemId)! })),
  )
  return {
    packId: manifest.id,
    title: manifest.title,
    passThreshold: manifest.passThreshold,
    items: manifest.items.map((i) => ({ id: i.id, name: i.name })),
    students,
    clips: manifest.items.map((item) =>
      clipRow(
        item,
        counted.filter((c) => c.item === item).map((c) => c.a),
      ),
    ),
    patterns: PATTERNS.map((pattern) => {
      const rows = counted.filter((c) => c.item.label.pattern === pattern)
      const correct = rows.filter((c) => regrade(c.item, c.a.answer)).length
      return { pattern, answered: rows.length, correct, accuracy: rows.length ? correct / rows.length : null }
    }),
    confusion: confusionOf(counted),
    flagged,
    duplicates,
  }
}

/** Same student twice: keep the latest export (the later file on a tie), list the rest. */
function dedupe<T extends { fileName: string; results: ResultsFile; order: number }>(
  files: T[],
): { kept: T[]; duplicates: Duplicate[] } {
  const groups = new Map<string, T[]>()
  for (const f of files) {
    const key = nameKey(f.results.student)
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  const kept: T[] = []
  const duplicates: Duplicate[] = []
  for (const group of groups.values()) {
    const sorted = [...group].sort(
      (a, b) => Date.parse(b.results.exportedAt) - Date.parse(a.results.exportedAt) || b.order - a.order,
    )
    kept.push(sorted[0])
    if (sorted.length > 1)
      duplicates.push({
        student: sorted[0].results.student,
        kept: sorted[0].fileName,
        dropped: sorted.slice(1).map((f) => f.fileName),
        message: `${sorted[0].results.student} sent ${sorted.length} results files; the latest (${sorted[0].fileName}, exported ${sorted[0].results.exportedAt}) is counted.`,
      })
  }
  kept.sort((a, b) => a.order - b.order)
  return { kept, duplicates }
}

/** Names compared loosely: case, width and repeated spaces do not make a new student. */
function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

function studentRow(
  manifest: PackManifest,
  items: Map<string, PackItem>,
  fileName: string,
  r: ResultsFile,
): StudentRow {
  const byItem: Record<string, boolean> = {}
  for (const a of r.answers) byItem[a.itemId] = regrade(items.get(a.itemId)!, a.answer)
  const correct = Object.values(byItem).filter(Boolean).length
  const total = manifest.items.length
  const score = total ? correct / total : 0
  return {
    student: r.student,
    fileName,
    exportedAt: r.exportedAt,
    correct,
    answered: r.answers.length,
    total,
    score,
    pass: score >= manifest.passThreshold,
    byItem,
    meanLatencyMs: r.answers.length
      ? r.answers.reduce((s, a) => s + a.latencyMs, 0) / r.answers.length
      : null,
    replays: r.answers.reduce((s, a) => s + a.replays, 0),
  }
}

function clipRow(item: PackItem, answers: readonly ResultAnswer[]): ClipRow {
  const correct = answers.filter((a) => regrade(item, a.answer)).length
  return {
    itemId: item.id,
    name: item.name,
    label: item.label.text,
    answered: answers.length,
    correct,
    accuracy: answers.length ? correct / answers.length : null,
  }
}

function confusionOf(counted: readonly { a: ResultAnswer; item: PackItem }[]): Gradebook['confusion'] {
  const counts = PATTERNS.map(() => PATTERNS.map(() => 0))
  for (const { a, item } of counted)
    if (a.answer.pattern) counts[PATTERNS.indexOf(item.label.pattern)][PATTERNS.indexOf(a.answer.pattern)]++
  return { labels: PATTERNS, counts }
}

/** The words of the CSV's status and pass columns (English by default; the UI passes its language's). */
export interface GradebookCsvWords {
  readonly counted: string
  readonly pass: string
  readonly fail: string
  /** The status of a flagged file, with its reasons. */
  flagged(file: FlaggedFile): string
  /** The status of a duplicate file left out. */
  duplicate(d: Gradebook['duplicates'][number]): string
}

const ENGLISH_CSV_WORDS: GradebookCsvWords = {
  counted: 'counted',
  pass: 'pass',
  fail: 'fail',
  flagged: (f) => `flagged: ${f.reasons.join(' ')}`,
  duplicate: (d) => `duplicate: ${d.message}`,
}

/**
 * The gradebook as CSV for a spreadsheet: one row per counted student (score, pass, then 1/0/blank per clip),
 * then the flagged and duplicate files with their reasons. RFC 4180 quoting; formula-like text is neutralised.
 */
export function gradebookCsv(book: Gradebook, words: GradebookCsvWords = ENGLISH_CSV_WORDS): string {
  const header: CsvValue[] = [
    'student',
    'file',
    'status',
    'score',
    'pass',
    'correct',
    'answered',
    'total',
    ...book.items.map((i) => i.name),
  ]
  const rows: CsvValue[][] = [header]
  for (const s of book.students)
    rows.push([
      s.student,
      s.fileName,
      words.counted,
      round(s.score),
      s.pass ? words.pass : words.fail,
      s.correct,
      s.answered,
      s.total,
      ...book.items.map((i) => (i.id in s.byItem ? (s.byItem[i.id] ? 1 : 0) : '')),
    ])
  for (const f of book.flagged)
    rows.push([f.student ?? '', f.fileName, words.flagged(f), f.score === undefined ? '' : round(f.score)])
  for (const d of book.duplicates)
    for (const file of d.dropped) rows.push([d.student, file, words.duplicate(d)])
  return toCsv(rows)
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000
}
