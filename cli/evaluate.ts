import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { labelFromTonic, type Label } from '../src/lib/theory/label.ts'
import { parseLabel } from '../src/lib/theory/parse.ts'
import { parseCsv } from '../src/lib/packs/csv.ts'
import { evaluate, reportCsv, reportJson, type EvalItem, type EvalReport } from '../src/lib/eval/report.ts'
import { decodeFile, LAST_30_SECONDS, sliceSegment } from './decode.ts'
import { askModelForFile, modelWavFromAudio, parseModelArgs } from './model-cli.ts'
import type { ModelSettings } from '../src/lib/model/index.ts'

export const USAGE = `usage: npm run --silent evaluate -- --labels labels.csv [--json out.json] [--csv out.csv] [--resume cache.jsonl]
         [--model URL [--api-key K] [--protocol llamafactory|openai] [--model-name NAME]]
  labels.csv: file,label rows (paths relative to the CSV; a header row is skipped), e.g. clips/01.wav,A羽五声
  --model: also ask a LLaMA-Factory or vLLM server about each file's last 30 s (mono 16 kHz WAV); its raw answers
           are parsed into the model column and scored (accuracy, BLEU-4, ROUGE). The key may come from
           WUSHENG_MODEL_API_KEY instead of --api-key.`

export interface EvaluateArgs {
  readonly labels: string
  readonly json?: string
  readonly csv?: string
  readonly resume?: string
}

/** Parses the command line, or says what is wrong with it. */
export function parseArgs(argv: readonly string[]): EvaluateArgs | { readonly error: string } {
  const opts: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const key = /^--(labels|json|csv|resume)$/.exec(argv[i])?.[1]
    if (!key) return { error: `unknown argument ${argv[i]}` }
    const value = argv[++i]
    if (value === undefined || value.startsWith('--')) return { error: `--${key} needs a value` }
    opts[key] = value
  }
  if (!opts.labels) return { error: '--labels is required' }
  return { labels: opts.labels, json: opts.json, csv: opts.csv, resume: opts.resume }
}

/** One row of the labels CSV, resolved against the CSV's folder. */
export interface LabelledFile {
  readonly file: string
  readonly path: string
  readonly truth: Label
}

/** Reads `file,label` rows; a first row whose label does not parse is taken as a header. Bad rows are errors. */
export function readLabelsCsv(text: string, baseDir: string): { files: LabelledFile[]; errors: string[] } {
  const files: LabelledFile[] = []
  const errors: string[] = []
  parseCsv(text).forEach((row, i) => {
    const [file = '', labelText = ''] = row.map((c) => c.trim())
    const truth = parseLabel(labelText)
    if (truth.empty) {
      if (i > 0 || file.toLowerCase() !== 'file')
        errors.push(`line ${i + 1}: cannot read the label ${JSON.stringify(labelText)}`)
      return
    }
    files.push({ file, path: resolve(baseDir, file), truth })
  })
  return { files, errors }
}

/** What one file produced: cached line by line in the --resume file so a long run can stop and pick up again. */
export interface FileRecord {
  readonly file: string
  readonly analyzer: {
    readonly tonic: number
    readonly pattern: Label['pattern']
    readonly type: Label['type']
  } | null
  readonly detail?: string
  readonly modelRaw?: string
}

/** Asks the remote model about one clip (mono samples at their rate) and returns its raw text. */
export type ModelAsker = (samples: Float32Array, sampleRate: number) => Promise<string>

/**
 * The model column: the clip resampled to 16 kHz and sent as a 16-bit WAV. A failure (network, HTTP, timeout)
 * throws, and runFile records it as the model's "no answer" with the reason.
 */
export function modelAsker(settings: ModelSettings): ModelAsker {
  return async (samples, sampleRate) => {
    const result = await askModelForFile(settings, modelWavFromAudio(samples, sampleRate))
    if ('error' in result) throw new Error(`${result.kind}: ${result.error}`)
    return result.raw
  }
}

/**
 * Decodes one file once; the analyzer and the model both judge its last 30 s (as `identify` and the app do).
 * Never throws: failures become "no label" with the reason; an unreadable file is not sent to the model.
 */
export async function runFile(f: LabelledFile, model?: ModelAsker): Promise<FileRecord> {
  let analyzer: FileRecord['analyzer'] = null
  let detail: string | undefined
  let clip: { samples: Float32Array; sampleRate: number } | null = null
  try {
    const audio = await decodeFile(f.path)
    clip = { samples: sliceSegment(audio, LAST_30_SECONDS), sampleRate: audio.sampleRate }
    const result = analyze(clip.samples, clip.sampleRate)
    if (result.ok)
      analyzer = { tonic: result.label.tonic, pattern: result.label.pattern, type: result.label.type }
    else detail = `${result.reason}: ${result.detail}`
  } catch (e) {
    detail = e instanceof Error ? e.message : String(e)
  }
  let modelRaw: string | undefined
  if (model && clip) {
    try {
      modelRaw = await model(clip.samples, clip.sampleRate)
    } catch (e) {
      modelRaw = ''
      detail = `${detail ? detail + '; ' : ''}model: ${e instanceof Error ? e.message : String(e)}`
    }
  } else if (model) modelRaw = '' // nothing could be sent: the model gave no answer for this file
  return {
    file: f.file,
    analyzer,
    ...(detail ? { detail } : {}),
    ...(modelRaw !== undefined ? { modelRaw } : {}),
  }
}

/** Turns cached records into evaluation items, in the CSV's order. */
export function toItems(
  files: readonly LabelledFile[],
  records: ReadonlyMap<string, FileRecord>,
): EvalItem[] {
  return files.flatMap((f) => {
    const r = records.get(f.file)
    if (!r) return []
    const analyzer = r.analyzer ? labelFromTonic(r.analyzer.tonic, r.analyzer.pattern, r.analyzer.type) : null
    return [
      {
        file: f.file,
        truth: f.truth,
        analyzer,
        ...(r.modelRaw !== undefined ? { modelRaw: r.modelRaw } : {}),
      },
    ]
  })
}

/** A short human summary of the report. */
export function summary(report: EvalReport): string[] {
  const lines = [`${report.n} files`]
  for (const [source, a] of Object.entries(report.accuracy))
    lines.push(
      `${source}: exact ${pct(a.exact)}  pattern ${pct(a.pattern)}  system ${pct(a.system)}  type ${pct(a.type)}  (no label: ${a.noLabel}/${a.n})`,
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
  out: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  err: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE)
    return 0
  }
  const modelArgs = parseModelArgs(argv, env)
  if ('error' in modelArgs) {
    err(`evaluate: ${modelArgs.error}`)
    err(USAGE)
    return 2
  }
  const args = parseArgs(modelArgs.rest)
  if ('error' in args) {
    err(`evaluate: ${args.error}`)
    err(USAGE)
    return 2
  }
  let csv: string
  try {
    csv = await readFile(args.labels, 'utf8')
  } catch (e) {
    err(`evaluate: cannot read the labels file ${args.labels}: ${e instanceof Error ? e.message : String(e)}`)
    return 2
  }
  const { files, errors } = readLabelsCsv(csv, dirname(resolve(args.labels)))
  for (const e of errors) err(`evaluate: ${args.labels} ${e}`)
  const model = modelArgs.settings ? modelAsker(modelArgs.settings) : undefined
  const records = new Map<string, FileRecord>()
  if (args.resume) for (const r of await readCache(args.resume)) records.set(r.file, r)
  let done = 0
  for (const f of files) {
    done++
    if (records.has(f.file) && (!model || records.get(f.file)!.modelRaw !== undefined)) continue
    err(`[${done}/${files.length}] ${f.file}`)
    const record = await runFile(f, model)
    records.set(f.file, record)
    if (args.resume) await appendFile(args.resume, JSON.stringify(record) + '\n')
  }
  const report = evaluate(toItems(files, records), { parseModel: parseLabel })
  if (args.json) await writeFile(args.json, reportJson(report))
  if (args.csv) await writeFile(args.csv, reportCsv(report))
  for (const line of summary(report)) out(line)
  return errors.length ? 1 : 0
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code))
}
