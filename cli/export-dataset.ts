import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import {
  buildDataset,
  DEFAULT_DATASET_OPTIONS,
  datasetOptionProblems,
  validateDataset,
  type AnswerStyle,
  type DatasetClip,
  type DatasetOptions,
} from '../src/lib/eval/dataset.ts'
import { labelsCsvErrorText, readLabelsCsvBytes } from '../src/lib/eval/labels-csv.ts'
import { decodeFile, LAST_30_SECONDS, sliceSegment } from './decode.ts'
import { modelWavFromAudio } from './model-cli.ts'
import { runAsProgram, runCommand, writeStderr, writeStdout, type LineWriter } from './run.ts'

export const USAGE = `usage: npm run --silent export-dataset -- --labels labels.csv --out DIR [--name NAME] [--val FRACTION]
         [--question TEXT] [--answer cnpm|sentence]
  Writes a LLaMA-Factory audio dataset (sharegpt: messages + audios) for the next LoRA fine-tune:
  DIR/dataset_info.json, DIR/NAME.json (and DIR/NAME_val.json with --val), DIR/audio/*.wav — each clip's last 30 s
  as mono 16 kHz 16-bit PCM, what the model hears. Each example: user "<audio>QUESTION", assistant the label.
  --name: dataset name (default ${DEFAULT_DATASET_OPTIONS.name})   --val: share held out, e.g. 0.1 (default 0)
  --question: default ${DEFAULT_DATASET_OPTIONS.question}   --answer: cnpm (A羽五声, default) or sentence
  Train: llamafactory-cli train … --dataset_dir DIR --dataset NAME --template qwen2_audio --finetuning_type lora`

/** Parsed command line. */
export interface ExportArgs {
  readonly labels: string
  readonly out: string
  readonly options: DatasetOptions
}

/** Parses the command line, or says what is wrong with it. */
export function parseArgs(argv: readonly string[]): ExportArgs | { error: string } {
  const opts: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const key = /^--(labels|out|name|val|question|answer)$/.exec(argv[i])?.[1]
    if (!key) return { error: `unknown argument ${argv[i]}` }
    const value = argv[++i]
    if (value === undefined || value.startsWith('--')) return { error: `--${key} needs a value` }
    opts[key] = value
  }
  if (!opts.labels) return { error: '--labels is required' }
  if (!opts.out) return { error: '--out is required' }
  if (opts.answer !== undefined && opts.answer !== 'cnpm' && opts.answer !== 'sentence')
    return { error: `--answer must be cnpm or sentence, got "${opts.answer}"` }
  const options: DatasetOptions = {
    name: opts.name ?? DEFAULT_DATASET_OPTIONS.name,
    question: opts.question ?? DEFAULT_DATASET_OPTIONS.question,
    answer: (opts.answer as AnswerStyle | undefined) ?? DEFAULT_DATASET_OPTIONS.answer,
    valFraction: opts.val === undefined ? 0 : Number(opts.val),
  }
  const problems = datasetOptionProblems(options)
  if (problems.length) return { error: problems.join('; ') }
  return { labels: opts.labels, out: opts.out, options }
}

/** Runs the command; returns the exit code (1 when some files could not be read, 2 when nothing was written). */
export async function main(
  argv: readonly string[],
  out: LineWriter = writeStdout,
  err: LineWriter = writeStderr,
): Promise<number> {
  const run = (args: ExportArgs) => exportDataset(args, out, err)
  return runCommand({ name: 'export-dataset', usage: USAGE, parse: parseArgs, run }, argv, out, err)
}

async function exportDataset(args: ExportArgs, out: LineWriter, err: LineWriter): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(args.labels)
  } catch (e) {
    err(
      `export-dataset: cannot read the labels file ${args.labels}: ${e instanceof Error ? e.message : String(e)}`,
    )
    return 2
  }
  const csv = readLabelsCsvBytes(bytes)
  if ('code' in csv) {
    err(`export-dataset: ${args.labels}: ${labelsCsvErrorText(csv)}`)
    return 2
  }
  for (const b of csv.bad)
    err(`export-dataset: ${args.labels} line ${b.line}: cannot read the label in ${b.text}`)
  const base = dirname(resolve(args.labels))
  const clips: DatasetClip[] = []
  let unreadable = 0
  for (const [i, row] of csv.rows.entries()) {
    try {
      const audio = await decodeFile(resolve(base, row.file), { segment: LAST_30_SECONDS })
      const wav = modelWavFromAudio(sliceSegment(audio, LAST_30_SECONDS), audio.sampleRate)
      clips.push({ key: row.file, wav, label: row.label })
      err(`[${i + 1}/${csv.rows.length}] ${row.file}`)
    } catch (e) {
      unreadable++
      const missing = e && typeof e === 'object' && 'code' in e && e.code === 'ENOENT'
      err(
        `export-dataset: cannot read ${row.file}: ${missing ? 'file not found' : e instanceof Error ? e.message : String(e)} (left out)`,
      )
    }
  }
  if (clips.length === 0) {
    err('export-dataset: no clip could be read; nothing written')
    return 2
  }
  const files = buildDataset(clips, args.options)
  const problems = validateDataset(new Map(files.map((f) => [f.path, f.data])))
  if (problems.length) {
    for (const p of problems) err(`export-dataset: invalid dataset: ${p}`)
    return 2
  }
  for (const f of files) {
    const path = join(args.out, f.path)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, f.data)
  }
  const val = Math.round(clips.length * args.options.valFraction)
  out(
    `${clips.length} clips → ${args.out}: dataset "${args.options.name}" (${clips.length - val} train` +
      (val ? `, ${val} in ${args.options.name}_val` : '') +
      `); checked as LLaMA-Factory's loader reads it`,
  )
  return unreadable || csv.bad.length ? 1 : 0
}

runAsProgram(import.meta.url, 'export-dataset', main)
