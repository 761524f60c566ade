import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { labelFromTonic, type Label } from '../src/lib/theory/label.ts'
import { labelsCsvErrorText, readLabelsCsvBytes, type CsvEncoding } from '../src/lib/eval/labels-csv.ts'
import {
  DEFAULT_CONCURRENCY,
  mapPool,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY,
  progressLine,
  serial,
} from '../src/lib/eval/pool.ts'
import { evaluate, reportCsv, reportJson, type EvalItem, type EvalReport } from '../src/lib/eval/report.ts'
import { loadJieba } from '../src/lib/eval/jieba.ts'
import { decodeFile, LAST_30_SECONDS, sliceSegment } from './decode.ts'
import { askModelForFile, modelWavFromAudio, parseModelArgs } from './model-cli.ts'
import type { ModelSettings } from '../src/lib/model/index.ts'
import { runAsProgram, runCommand, writeStderr, writeStdout, type LineWriter } from './run.ts'

export const USAGE = `usage: npm run --silent evaluate -- --labels labels.csv [--json out.json] [--csv out.csv] [--resume cache.jsonl]
         [--concurrency N] [--no-analyzer] [--model URL [--api-key K] [--protocol llamafactory|openai] [--model-name NAME]]
  labels.csv: file,label rows (paths relative to the CSV; a header row is skipped), e.g. clips/01.wav,A羽五声;
              UTF-8 or UTF-16 (Excel's "Unicode text"), comma- or tab-separated
  --model: also ask a LLaMA-Factory or vLLM server about each file's last 30 s (mono 16 kHz WAV); its raw answers
           are parsed into the model column and scored (accuracy, BLEU-4, ROUGE as LLaMA-Factory computes them).
           The key may come from WUSHENG_MODEL_API_KEY instead of --api-key.
  --concurrency N: requests in flight at once (default ${DEFAULT_CONCURRENCY}; 1 = one at a time). Each retries with
           backoff on 429/503. Results keep the CSV's order.
  --no-analyzer: judge with the model only (the local analyzer is CPU-bound and would keep a fast server waiting).
  A file that cannot be read is named on stderr and left out of every figure; the exit code is then 1.`

export interface EvaluateArgs {
  readonly labels: string
  readonly json?: string
  readonly csv?: string
  readonly resume?: string
  readonly concurrency: number
  /** Skip the local analyzer (model-only evaluation). */
  readonly noAnalyzer?: boolean
}

/** Parses the command line, or says what is wrong with it. */
export function parseArgs(argv: readonly string[]): EvaluateArgs | { readonly error: string } {
  const opts: Record<string, string> = {}
  let noAnalyzer = false
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-analyzer') {
      noAnalyzer = true
      continue
    }
    const key = /^--(labels|json|csv|resume|concurrency)$/.exec(argv[i])?.[1]
    if (!key) return { error: `unknown argument ${argv[i]}` }
    const value = argv[++i]
    if (value === undefined || value.startsWith('--')) return { error: `--${key} needs a value` }
    opts[key] = value
  }
  if (!opts.labels) return { error: '--labels is required' }
  const concurrency = opts.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(opts.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < MIN_CONCURRENCY || concurrency > MAX_CONCURRENCY)
    return {
      error: `--concurrency must be a whole number from ${MIN_CONCURRENCY} to ${MAX_CONCURRENCY}, got "${opts.concurrency}"`,
    }
  const args = { labels: opts.labels, json: opts.json, csv: opts.csv, resume: opts.resume }
  return {
    ...(Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as typeof args),
    concurrency,
    ...(noAnalyzer ? { noAnalyzer } : {}),
  }
}

/** One row of the labels CSV, resolved against the CSV's folder. */
export interface LabelledFile {
  readonly file: string
  readonly path: string
  readonly truth: Label
}

/**
 * Reads the labels file's bytes: the files to run and the rows that could not be read, or (`fatal`) why the file
 * cannot be used at all — empty, not UTF-8/UTF-16, a quote never closed, no labelled row.
 */
export function readLabelsFile(
  bytes: Uint8Array,
  baseDir: string,
): { files: LabelledFile[]; errors: string[]; encoding?: CsvEncoding } | { fatal: string } {
  const csv = readLabelsCsvBytes(bytes)
  if ('code' in csv) return { fatal: labelsCsvErrorText(csv) }
  return {
    files: csv.rows.map((r) => ({ file: r.file, path: resolve(baseDir, r.file), truth: r.label })),
    errors: csv.bad.map((b) => `line ${b.line}: cannot read the label in ${JSON.stringify(b.text)}`),
    encoding: csv.encoding,
  }
}

/** Reads `file,label` text (see readLabelsFile). */
export function readLabelsCsv(
  text: string,
  baseDir: string,
): { files: LabelledFile[]; errors: string[] } | { fatal: string } {
  return readLabelsFile(new TextEncoder().encode(text), baseDir)
}

/** What one file produced: cached line by line in the --resume file so a long run can stop and pick up again. */
export interface FileRecord {
  readonly file: string
  /** The analyzer's label, null when it found none; absent when it was not run (--no-analyzer). */
  readonly analyzer?: {
    readonly tonic: number
    readonly pattern: Label['pattern']
    readonly type: Label['type']
  } | null
  readonly detail?: string
  /** Set when the file could not be read (missing, empty, not audio, damaged): it is left out of every figure. */
  readonly unreadable?: string
  readonly modelRaw?: string
}

/** Asks the remote model about one clip (its 16 kHz mono WAV) and returns its raw text. */
export type ModelAsker = (wav16k: Uint8Array) => Promise<string>

/** The model column: a failure (network, HTTP, timeout) throws, and runFile records it as "no answer" with why. */
export function modelAsker(settings: ModelSettings): ModelAsker {
  return async (wav16k) => {
    const result = await askModelForFile(settings, wav16k)
    if ('error' in result) throw new Error(`${result.kind}: ${result.error}`)
    return result.raw
  }
}

/** What one file gives before the model is asked: the analyzer's part and the WAV to send, or why it is unreadable. */
type Prepared =
  | { readonly unreadable: string }
  | { readonly analyzer?: FileRecord['analyzer']; readonly detail?: string; readonly wav?: Uint8Array }

/**
 * Decodes one file once; the analyzer and the model both judge its last 30 s (as `identify` and the app do).
 * Decoding, analysis and the WAV for the model run inside `cpu` (one file at a time when the caller passes a
 * serial lock, so N requests in flight never mean N decoded files in memory); only the request runs outside it.
 * Never throws: failures become "no label" with the reason; an unreadable file is not sent to the model.
 */
export async function runFile(
  f: LabelledFile,
  model?: ModelAsker,
  opts: { readonly analyzer?: boolean; readonly cpu?: <T>(work: () => Promise<T>) => Promise<T> } = {},
): Promise<FileRecord> {
  const prepare = async (): Promise<Prepared> => {
    let clip: { samples: Float32Array; sampleRate: number }
    try {
      const audio = await decodeFile(f.path, { segment: LAST_30_SECONDS })
      clip = { samples: sliceSegment(audio, LAST_30_SECONDS), sampleRate: audio.sampleRate }
    } catch (e) {
      const missing = e && typeof e === 'object' && 'code' in e && e.code === 'ENOENT'
      return { unreadable: missing ? 'file not found' : errorText(e) }
    }
    let analyzer: FileRecord['analyzer']
    let detail: string | undefined
    if (opts.analyzer !== false)
      try {
        const result = analyze(clip.samples, clip.sampleRate)
        analyzer = result.ok
          ? { tonic: result.label.tonic, pattern: result.label.pattern, type: result.label.type }
          : null
        if (!result.ok) detail = `${result.reason}: ${result.detail}`
      } catch (e) {
        analyzer = null
        detail = errorText(e)
      }
    return { analyzer, detail, wav: model ? modelWavFromAudio(clip.samples, clip.sampleRate) : undefined }
  }
  const prepared = opts.cpu ? await opts.cpu(prepare) : await prepare()
  if ('unreadable' in prepared) return { file: f.file, unreadable: prepared.unreadable }
  let { detail } = prepared
  let modelRaw: string | undefined
  if (model && prepared.wav) {
    try {
      modelRaw = await model(prepared.wav)
    } catch (e) {
      modelRaw = ''
      detail = `${detail ? detail + '; ' : ''}model: ${errorText(e)}`
    }
  }
  return {
    file: f.file,
    ...(prepared.analyzer !== undefined ? { analyzer: prepared.analyzer } : {}),
    ...(detail ? { detail } : {}),
    ...(modelRaw !== undefined ? { modelRaw } : {}),
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Turns cached records into evaluation items, in the CSV's order; unreadable files are not items. */
export function toItems(
  files: readonly LabelledFile[],
  records: ReadonlyMap<string, FileRecord>,
): EvalItem[] {
  return files.flatMap((f) => {
    const r = records.get(f.file)
    if (!r || r.unreadable !== undefined) return []
    const analyzer = r.analyzer ? labelFromTonic(r.analyzer.tonic, r.analyzer.pattern, r.analyzer.type) : null
    return [
      {
        file: f.file,
        truth: f.truth,
        ...(r.analyzer !== undefined ? { analyzer } : {}),
        ...(r.modelRaw !== undefined ? { modelRaw: r.modelRaw } : {}),
      },
    ]
  })
}

/** A short human summary of the report; `unreadable` files are named as left out. */
export function summary(report: EvalReport, unreadable = 0): string[] {
  const lines = [
    `${report.n} files` + (unreadable ? ` (${unreadable} more could not be read and are not counted)` : ''),
  ]
  for (const [source, a] of Object.entries(report.accuracy))
    lines.push(
      `${source}: exact ${pct(a.exact)}  tonic ${pct(a.tonic)}  pattern ${pct(a.pattern)}  system ${pct(a.system)}  type ${pct(a.type)}  (no label: ${a.noLabel}/${a.n})`,
    )
  const t = report.text
  if (t)
    lines.push(
      `model text (n=${t.n}): BLEU-4 ${t.bleu4.toFixed(2)}  ROUGE-1 ${t.rouge1.toFixed(2)}  ROUGE-2 ${t.rouge2.toFixed(2)}  ROUGE-L ${t.rougeL.toFixed(2)}`,
    )
  return lines
}

/** Runs the command; returns the exit code. */
export async function main(
  argv: readonly string[],
  out: LineWriter = writeStdout,
  err: LineWriter = writeStderr,
  env: Readonly<Record<string, string | undefined>> = process.env,
  now: () => number = () => performance.now(),
): Promise<number> {
  const parse = (a: readonly string[]) => {
    const modelArgs = parseModelArgs(a, env)
    if ('error' in modelArgs) return modelArgs
    const args = parseArgs(modelArgs.rest)
    return 'error' in args ? args : { ...args, model: modelArgs.settings }
  }
  const run = (args: EvaluateRun) => evaluateFiles(args, out, err, now)
  return runCommand({ name: 'evaluate', usage: USAGE, parse, run }, argv, out, err)
}

/** The parsed command line: the files to judge, and the remote model to ask as well, or null. */
type EvaluateRun = EvaluateArgs & { readonly model: ModelSettings | null }

async function evaluateFiles(
  args: EvaluateRun,
  out: LineWriter,
  err: LineWriter,
  now: () => number,
): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(args.labels)
  } catch (e) {
    err(`evaluate: cannot read the labels file ${args.labels}: ${errorText(e)}`)
    return 2
  }
  const labels = readLabelsFile(bytes, dirname(resolve(args.labels)))
  if ('fatal' in labels) {
    err(`evaluate: ${args.labels}: ${labels.fatal}`)
    return 2
  }
  const { files, errors } = labels
  if (labels.encoding === 'utf-16le' || labels.encoding === 'utf-16be')
    err(`evaluate: ${args.labels} is ${labels.encoding.toUpperCase()} text; read as such`)
  for (const e of errors) err(`evaluate: ${args.labels} ${e}`)
  const model = args.model ? modelAsker(args.model) : undefined
  const records = new Map<string, FileRecord>()
  if (args.resume) for (const r of await readCache(args.resume)) records.set(r.file, r)
  const todo = files.filter((f) => {
    const r = records.get(f.file)
    // A file that could not be read is tried again (it may have been fixed since).
    return !r || r.unreadable !== undefined || (model && r.modelRaw === undefined)
  })
  const started = now()
  let done = 0
  const cpu = serial()
  await mapPool(
    todo,
    args.concurrency,
    (f) => runFile(f, model, { analyzer: !args.noAnalyzer, cpu }),
    async (record) => {
      records.set(record.file, record)
      if (args.resume) await appendFile(args.resume, JSON.stringify(record) + '\n')
      done++
      err(`${progressLine(done, todo.length, now() - started)}  ${record.file}`)
    },
  )
  const unreadable = files.flatMap((f) => {
    const r = records.get(f.file)
    return r?.unreadable !== undefined ? [`${f.file}: ${r.unreadable}`] : []
  })
  for (const u of unreadable) err(`evaluate: cannot read ${u} (left out of every figure)`)
  const items = toItems(files, records)
  const report = evaluate(items, {
    cutWords: items.some((i) => i.modelRaw !== undefined) ? await loadJieba() : undefined,
  })
  if (args.json) await writeFile(args.json, reportJson(report))
  if (args.csv) await writeFile(args.csv, reportCsv(report))
  for (const line of summary(report, unreadable.length)) out(line)
  return errors.length || unreadable.length ? 1 : 0
}

async function readCache(path: string): Promise<FileRecord[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return [] // no cache yet: a fresh run
  }
  // A run killed mid-write leaves a partial last line: skip what does not parse.
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as FileRecord] : []
    } catch {
      return []
    }
  })
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`
}

/** stderr for a terminal: the progress line redraws itself in place; other lines go below it. */
function terminalErr(): { err: (line: string) => void; end: () => void } {
  let open = false
  const end = () => {
    if (open) process.stderr.write('\n')
    open = false
  }
  const err = (line: string) => {
    if (line.startsWith('[')) {
      process.stderr.write(`\r\x1b[K${line}`)
      open = true
    } else {
      end()
      process.stderr.write(line + '\n')
    }
  }
  return { err, end }
}

runAsProgram(import.meta.url, 'evaluate', (argv) => {
  const tty = process.stderr.isTTY ? terminalErr() : null
  return main(argv, undefined, tty?.err).finally(() => tty?.end())
})
