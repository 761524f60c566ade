import { NoLabel, type Label } from '../theory/label.ts'
import { parseAnswer } from '../theory/answer.ts'
import { formatLabel } from '../theory/format.ts'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import { toCsv, type CsvValue } from '../archive/csv.ts'
import { corpusBleu } from './bleu.ts'
import { meanScores, pyRound4, textScores } from './text-metrics.ts'
import { bleuTokens, type WordCutter } from './tokenize.ts'

/** One labelled clip and what each source said about it. */
export interface EvalItem {
  readonly file: string
  readonly truth: Label
  /** The analyzer's label; null when it found no mode; absent when it was not run. */
  readonly analyzer?: Label | null
  /** The model's free-text answer; absent when the model was not asked. */
  readonly modelRaw?: string
  /** The reference answer for BLEU/ROUGE; defaults to the truth as CNPM writes it (`A羽五声`, `#C/bD商五声`). */
  readonly reference?: string
}

export type EvalSource = 'analyzer' | 'model'

/** Shares of items a source got right, 0..1, over `n` items (no label counts as wrong). */
export interface SourceAccuracy {
  readonly n: number
  /** Tonic and pattern both right (so the system too). */
  readonly exact: number
  readonly tonic: number
  readonly pattern: number
  readonly system: number
  readonly type: number
  /** Items where the source gave no label at all. */
  readonly noLabel: number
}

/** counts[truth pattern][answered pattern], columns PATTERNS then 'none'. */
export interface PatternConfusion {
  readonly rows: readonly Pattern[]
  readonly columns: readonly (Pattern | 'none')[]
  readonly counts: readonly (readonly number[])[]
}

/** Text similarity in LLaMA-Factory's units: per-item scores ×100 rounded to 4 places, averaged (BLEU-4 also over the corpus). */
export interface TextMetrics {
  readonly n: number
  readonly bleu4: number
  readonly corpusBleu4: number
  readonly rouge1: number
  readonly rouge2: number
  readonly rougeL: number
}

export interface EvalRow {
  readonly file: string
  readonly truth: string
  readonly analyzer?: string
  readonly analyzerExact?: boolean
  readonly modelRaw?: string
  readonly model?: string
  readonly modelExact?: boolean
  readonly reference?: string
  readonly bleu4?: number
  readonly rouge1?: number
  readonly rouge2?: number
  readonly rougeL?: number
}

export interface EvalReport {
  readonly n: number
  readonly accuracy: Partial<Record<EvalSource, SourceAccuracy>>
  readonly confusion: Partial<Record<EvalSource, PatternConfusion>>
  readonly text?: TextMetrics
  readonly rows: readonly EvalRow[]
}

export interface EvaluateOptions {
  /** Reads the model's free text as a label; default: theory's parseAnswer (NoLabel when it names no single mode). */
  readonly parseModel?: (text: string) => Label
  /**
   * jieba's word cutter (see loadJieba), for ROUGE. Without it no text scores are given (report.text is
   * undefined and rows carry none): ROUGE on another segmentation would not be LLaMA-Factory's figure.
   */
  readonly cutWords?: WordCutter
}

/**
 * Scores the analyzer and/or the model against the truth: accuracy per field, a pattern confusion matrix, per-clip
 * rows, and BLEU-4 / ROUGE-1/2/L of the model's raw text against the reference, computed as LLaMA-Factory does.
 */
export function evaluate(items: readonly EvalItem[], opts: EvaluateOptions = {}): EvalReport {
  const parse = opts.parseModel ?? ((text: string) => parseAnswer(text).label)
  const byAnalyzer: [Label, Label][] = []
  const byModel: [Label, Label][] = []
  const textPairs: { ref: string; hyp: string }[] = []
  const rows = items.map((item): EvalRow => {
    let row: EvalRow = { file: item.file, truth: formatLabel(item.truth, 'cnpm') }
    if (item.analyzer !== undefined) {
      const label = item.analyzer ?? NoLabel
      byAnalyzer.push([item.truth, label])
      row = { ...row, analyzer: formatLabel(label, 'cnpm'), analyzerExact: exact(item.truth, label) }
    }
    if (item.modelRaw !== undefined) {
      const label = parse(item.modelRaw)
      byModel.push([item.truth, label])
      const reference = item.reference ?? formatLabel(item.truth, 'cnpm', { spelling: 'cnpm' })
      textPairs.push({ ref: reference, hyp: item.modelRaw })
      row = {
        ...row,
        modelRaw: item.modelRaw,
        model: formatLabel(label, 'cnpm'),
        modelExact: exact(item.truth, label),
        reference,
        ...(opts.cutWords ? textScores(item.modelRaw, reference, opts.cutWords) : {}),
      }
    }
    return row
  })
  const accuracy: Partial<Record<EvalSource, SourceAccuracy>> = {}
  const confusion: Partial<Record<EvalSource, PatternConfusion>> = {}
  if (byAnalyzer.length) {
    accuracy.analyzer = accuracyOf(byAnalyzer)
    confusion.analyzer = confusionOf(byAnalyzer)
  }
  if (byModel.length) {
    accuracy.model = accuracyOf(byModel)
    confusion.model = confusionOf(byModel)
  }
  return {
    n: items.length,
    accuracy,
    confusion,
    text: textPairs.length && opts.cutWords ? textMetrics(rows, textPairs) : undefined,
    rows,
  }
}

function exact(truth: Label, label: Label): boolean {
  return !label.empty && label.tonic === truth.tonic && label.pattern === truth.pattern
}

function accuracyOf(pairs: readonly [Label, Label][]): SourceAccuracy {
  const share = (ok: (t: Label, l: Label) => boolean) =>
    pairs.filter(([t, l]) => !l.empty && ok(t, l)).length / pairs.length
  return {
    n: pairs.length,
    exact: share(exact),
    tonic: share((t, l) => t.tonic === l.tonic),
    pattern: share((t, l) => t.pattern === l.pattern),
    system: share((t, l) => t.system === l.system),
    type: share((t, l) => t.type === l.type),
    noLabel: pairs.filter(([, l]) => l.empty).length,
  }
}

function confusionOf(pairs: readonly [Label, Label][]): PatternConfusion {
  const columns = [...PATTERNS, 'none'] as const
  const counts = PATTERNS.map(() => columns.map(() => 0))
  for (const [t, l] of pairs) counts[PATTERNS.indexOf(t.pattern)][l.empty ? 5 : PATTERNS.indexOf(l.pattern)]++
  return { rows: PATTERNS, columns, counts }
}

function textMetrics(rows: readonly EvalRow[], pairs: readonly { ref: string; hyp: string }[]): TextMetrics {
  const scored = rows.flatMap((r) =>
    r.bleu4 === undefined
      ? []
      : [{ bleu4: r.bleu4, rouge1: r.rouge1!, rouge2: r.rouge2!, rougeL: r.rougeL! }],
  )
  return {
    n: scored.length,
    ...meanScores(scored),
    corpusBleu4: pyRound4(
      corpusBleu(pairs.map((p) => [bleuTokens(p.ref), bleuTokens(p.hyp)] as const)) * 100,
    ),
  }
}

/** The report as pretty JSON. */
export function reportJson(report: EvalReport): string {
  return JSON.stringify(report, null, 2)
}

/** The per-clip rows as CSV (RFC 4180, formula-safe), one column per measure. */
export function reportCsv(report: EvalReport): string {
  const keys: (keyof EvalRow)[] = [
    'file',
    'truth',
    'analyzer',
    'analyzerExact',
    'modelRaw',
    'model',
    'modelExact',
    'reference',
    'bleu4',
    'rouge1',
    'rouge2',
    'rougeL',
  ]
  return toCsv([keys, ...report.rows.map((r) => keys.map((k) => r[k] as CsvValue))])
}
