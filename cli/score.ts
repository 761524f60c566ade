import { readFile, writeFile } from 'node:fs/promises'
import { loadJieba } from '../src/lib/eval/jieba.ts'
import {
  evaluate,
  type EvalItem,
  type PatternConfusion,
  type SourceAccuracy,
} from '../src/lib/eval/report.ts'
import { meanScores, textScores, type TextScores } from '../src/lib/eval/text-metrics.ts'
import { toCsv } from '../src/lib/archive/csv.ts'
import { formatLabel } from '../src/lib/theory/format.ts'
import { parseAnswer } from '../src/lib/theory/answer.ts'
import { PATTERNS } from '../src/lib/theory/tones.ts'
import { runAsProgram, runCommand, writeStderr, writeStdout, type LineWriter } from './run.ts'

export const USAGE = `usage: npm run --silent score -- generated_predictions.jsonl [--json] [--csv out.csv]
  Scores LLaMA-Factory's predict output (JSON lines with "prompt", "predict", "label"):
  BLEU-4 and ROUGE-1/2/L exactly as LLaMA-Factory computes them (×100, mean over samples), then what they hide:
  each predict and label read as a CNPM mode, exact (tonic + pattern) accuracy, per-field accuracy, answers that
  name no mode, and the 5×5 pattern confusion.
  --json: print one JSON object instead of the table. --csv: also write per-sample scores.`

/** One line of generated_predictions.jsonl. */
export interface Prediction {
  readonly line: number
  readonly predict: string
  readonly label: string
}

/** Everything `score` prints with --json. Text scores as LLaMA-Factory prints them (0–100); accuracies 0..1. */
export interface ScoreSummary {
  readonly n: number
  readonly 'bleu-4': number
  readonly 'rouge-1': number
  readonly 'rouge-2': number
  readonly 'rouge-l': number
  /** Samples whose label reads as a mode: the denominator of every accuracy below. */
  readonly labelled: number
  readonly exact: number | null
  readonly tonic: number | null
  readonly pattern: number | null
  readonly system: number | null
  readonly type: number | null
  /** Answers (of the labelled samples) that name no single mode. */
  readonly 'no-mode': number
  readonly confusion: PatternConfusion | null
}

/** Reads JSON lines; lines that are not `{predict, label}` objects are errors (with their line number). */
export function readPredictions(text: string): { predictions: Prediction[]; errors: string[] } {
  const predictions: Prediction[] = []
  const errors: string[] = []
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return
    let row: unknown
    try {
      row = JSON.parse(raw)
    } catch {
      errors.push(`line ${i + 1}: not JSON`)
      return
    }
    const r = row as { predict?: unknown; label?: unknown }
    if (typeof r?.predict !== 'string' || typeof r?.label !== 'string') {
      errors.push(`line ${i + 1}: needs string fields "predict" and "label"`)
      return
    }
    predictions.push({ line: i + 1, predict: r.predict, label: r.label })
  })
  return { predictions, errors }
}

/** Per-sample text scores (cut: jieba) and the parsed-label accuracy, with the same code as `evaluate` and the app. */
export function scorePredictions(
  predictions: readonly Prediction[],
  cut: (text: string) => string[],
): { summary: ScoreSummary; scores: TextScores[] } {
  const scores = predictions.map((p) => textScores(p.predict, p.label, cut))
  const mean = meanScores(scores)
  const items: EvalItem[] = predictions.flatMap((p) => {
    const truth = parseAnswer(p.label)
    return truth.status === 'label'
      ? [{ file: `line ${p.line}`, truth: truth.label, modelRaw: p.predict }]
      : []
  })
  const report = items.length ? evaluate(items) : null
  const a: SourceAccuracy | undefined = report?.accuracy.model
  return {
    scores,
    summary: {
      n: predictions.length,
      'bleu-4': mean.bleu4,
      'rouge-1': mean.rouge1,
      'rouge-2': mean.rouge2,
      'rouge-l': mean.rougeL,
      labelled: items.length,
      exact: a?.exact ?? null,
      tonic: a?.tonic ?? null,
      pattern: a?.pattern ?? null,
      system: a?.system ?? null,
      type: a?.type ?? null,
      'no-mode': a?.noLabel ?? 0,
      confusion: report?.confusion.model ?? null,
    },
  }
}

/** The human-readable table. */
export function summaryLines(s: ScoreSummary): string[] {
  const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`)
  const lines = [
    `${s.n} predictions — LLaMA-Factory's figures (×100, mean of per-sample scores):`,
    `  BLEU-4 ${s['bleu-4'].toFixed(4)}   ROUGE-1 ${s['rouge-1'].toFixed(4)}   ROUGE-2 ${s['rouge-2'].toFixed(4)}   ROUGE-L ${s['rouge-l'].toFixed(4)}`,
    `What they hide — each answer read as a mode (${s.labelled} of ${s.n} labels read as a mode):`,
    `  exact (tonic + pattern) ${pct(s.exact)}   tonic ${pct(s.tonic)}   pattern ${pct(s.pattern)}   system ${pct(s.system)}   type ${pct(s.type)}`,
    `  answers naming no mode: ${s['no-mode']}/${s.labelled}`,
  ]
  if (s.confusion) {
    const head = ['label \\ answer', ...s.confusion.columns.map((c) => (c === 'none' ? 'none' : c))]
    lines.push('  ' + head.map((h, j) => h.padStart(j ? 7 : 14)).join(''))
    s.confusion.counts.forEach((row, i) =>
      lines.push(
        '  ' + [PATTERNS[i], ...row.map(String)].map((c, j) => (j ? c.padStart(7) : c.padStart(14))).join(''),
      ),
    )
  }
  return lines
}

/** Runs the command; returns the exit code (1 when some lines could not be read, 2 when nothing could). */
export async function main(
  argv: readonly string[],
  out: LineWriter = writeStdout,
  err: LineWriter = writeStderr,
): Promise<number> {
  return runCommand(
    { name: 'score', usage: USAGE, parse: parseArgs, run: (args) => score(args, out, err) },
    argv,
    out,
    err,
  )
}

/** Parsed command line. */
export interface ScoreArgs {
  readonly file: string
  readonly csv?: string
  readonly json: boolean
}

/** Parses argv (without node and script), or says what is wrong with it. */
export function parseArgs(argv: readonly string[]): ScoreArgs | { readonly error: string } {
  let file: string | undefined
  let csv: string | undefined
  let json = false
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true
    else if (argv[i] === '--csv') {
      csv = argv[++i]
      if (csv === undefined || csv.startsWith('--')) return { error: '--csv needs a file name' }
    } else if (argv[i].startsWith('--')) return { error: `unknown argument ${argv[i]}` }
    else if (file === undefined) file = argv[i]
    else return { error: `one predictions file only (got ${file} and ${argv[i]})` }
  }
  if (file === undefined) return { error: 'give the generated_predictions.jsonl to score' }
  return { file, csv, json }
}

async function score({ file, csv, json }: ScoreArgs, out: LineWriter, err: LineWriter): Promise<number> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    err(`score: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`)
    return 2
  }
  const { predictions, errors } = readPredictions(text.replace(/^\uFEFF/, ''))
  for (const e of errors) err(`score: ${file} ${e}`)
  if (predictions.length === 0) {
    err(`score: ${file} has no predictions`)
    return 2
  }
  const { summary, scores } = scorePredictions(predictions, await loadJieba())
  if (csv) {
    const rows = predictions.map((p, i) => {
      const predicted = parseAnswer(p.predict)
      const truth = parseAnswer(p.label)
      const exact =
        truth.status === 'label'
          ? predicted.status === 'label' &&
            predicted.label.tonic === truth.label.tonic &&
            predicted.label.pattern === truth.label.pattern
          : null
      return [
        p.line,
        p.predict,
        p.label,
        scores[i].bleu4,
        scores[i].rouge1,
        scores[i].rouge2,
        scores[i].rougeL,
        predicted.status === 'label' ? formatLabel(predicted.label, 'cnpm') : (predicted.pattern ?? ''),
        truth.status === 'label' ? formatLabel(truth.label, 'cnpm') : '',
        exact,
      ]
    })
    const head = [
      'line',
      'predict',
      'label',
      'bleu-4',
      'rouge-1',
      'rouge-2',
      'rouge-l',
      'predictMode',
      'labelMode',
      'exact',
    ]
    await writeFile(csv, toCsv([head, ...rows]))
  }
  if (json) out(JSON.stringify(summary))
  else for (const line of summaryLines(summary)) out(line)
  return errors.length ? 1 : 0
}

runAsProgram(import.meta.url, 'score', main)
