/**
 * `npm run --silent identify -- [--json] [--segment START:END] [--model URL …] FILE...`: names the mode of each
 * file with the offline analyzer, and with the remote model when `--model` is given. One record per file, in
 * input order; a file that cannot be read or judged gets an error record and the run goes on. Exit 0 when it
 * ran, 2 for bad usage.
 */
import { availableParallelism } from 'node:os'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { analyze } from '../src/lib/analysis/analyze.ts'
import type { AnalysisResult } from '../src/lib/analysis/types.ts'
import { formatLabel } from '../src/lib/theory/format.ts'
import type { Label } from '../src/lib/theory/label.ts'
import { pitchClassName } from '../src/lib/theory/pitch-class.ts'
import { decodeFile, LAST_30_SECONDS, parseSegment, sliceSegment, type Segment } from './decode.ts'
import {
  API_KEY_ENV,
  askModelForFile,
  modelWavFromAudio,
  parseModelArgs,
  type ModelFileResult,
} from './model-cli.ts'
import type { ModelSettings } from '../src/lib/model/index.ts'
import { runAsProgram, runCommand, writeStderr, writeStdout, type LineWriter } from './run.ts'

export const USAGE = `usage: npm run --silent identify -- [--json] [--segment START:END] [--model URL [--api-key K]
         [--protocol llamafactory|openai] [--model-name NAME]] FILE...
  --json              one JSON object per line, in input order
  --segment S:E       analyse seconds S to E (default: the last 30 s; negative counts from the end)
  --model URL         also ask the fine-tuned model served at URL (e.g. http://gpu-host:8000) about the segment
  --api-key K         its API key (or set ${API_KEY_ENV})
  --protocol P        llamafactory (default) or openai (vLLM)
  --model-name NAME   the served model name (default cnpm)`

/** Parsed command line. */
export interface IdentifyArgs {
  readonly json: boolean
  readonly segment: Segment
  readonly files: readonly string[]
  /** The remote model to ask as well, or null. */
  readonly model: ModelSettings | null
}

/** The model's part of a record: its raw answer and the label parsed from it, or why there is none. */
export type ModelRecord = ModelFileResult

/** One file's answer: a label, or an error that says why there is none. */
export type IdentifyRecord =
  | {
      readonly file: string
      readonly label: string
      readonly system: string
      readonly tonic: string
      readonly pattern: string
      readonly type: string
      readonly confidence: number
      /** P(the tonic and pattern are right, whatever the type): the figure shown beside the mode. */
      readonly patternConfidence: number
      /**
       * Whether the segment ends on a resting note (a cadence) and how likely that is; when it does not, the
       * tonic was inferred from context and `note` says so.
       */
      readonly endsOnCadence: boolean
      readonly cadenceProbability: number
      readonly note?: string
      readonly alternatives: readonly { readonly label: string; readonly confidence: number }[]
      /** Wall time of the analysis, decode excluded. */
      readonly seconds: number
      readonly model?: ModelRecord
    }
  | { readonly file: string; readonly error: string; readonly reason?: string; readonly model?: ModelRecord }

/** Parses argv (without node and script); returns a usage error message instead of throwing. */
export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): IdentifyArgs | { readonly error: string } {
  const modelArgs = parseModelArgs(argv, env)
  if ('error' in modelArgs) return modelArgs
  argv = modelArgs.rest
  let json = false
  let segment = LAST_30_SECONDS
  const files: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--json') json = true
    else if (a === '--segment' || a.startsWith('--segment=')) {
      const text = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      const s = text === undefined ? null : parseSegment(text)
      if (!s) return { error: `bad --segment ${JSON.stringify(text ?? '')}: want START:END in seconds` }
      segment = s
    } else if (a === '--') continue
    else if (a.startsWith('-') && a !== '-') return { error: `unknown option ${a}` }
    else files.push(a)
  }
  if (files.length === 0) return { error: 'no input files' }
  return { json, segment, files, model: modelArgs.settings }
}

/** What a record says when the segment stops mid-phrase. */
export const MID_PHRASE_NOTE = 'the clip stops mid-phrase; the tonic is inferred from context'

/** The record of one analysis result (exported so other front ends, e.g. a remote-model column, share it). */
export function toRecord(file: string, result: AnalysisResult, seconds: number): IdentifyRecord {
  if (!result.ok)
    return { file, error: `no mode found (${result.reason}): ${result.detail}`, reason: result.reason }
  const name = (l: Label) => formatLabel(l, 'cnpm')
  const { ending } = result.evidence
  return {
    file,
    label: name(result.label),
    system: pitchClassName(result.label.system),
    tonic: pitchClassName(result.label.tonic),
    pattern: result.label.pattern,
    type: result.label.type,
    confidence: round(result.confidence, 3),
    patternConfidence: round(result.patternConfidence ?? result.confidence, 3),
    endsOnCadence: !ending?.midPhrase,
    cadenceProbability: round(ending?.cadenceProbability ?? 1, 3),
    ...(ending?.midPhrase ? { note: MID_PHRASE_NOTE } : {}),
    alternatives: result.alternatives
      .slice(0, 2)
      .map((c) => ({ label: name(c.label), confidence: round(c.confidence, 3) })),
    seconds: round(seconds, 3),
  }
}

/**
 * Decodes, cuts and analyses one file; never throws. This is the seam for more answers per file (a later
 * `--model URL` adds the remote model's record beside this one).
 */
export async function identifyFile(
  file: string,
  segment: Segment,
  now: () => number = () => performance.now(),
  model: ModelSettings | null = null,
): Promise<IdentifyRecord> {
  let samples: Float32Array
  let sampleRate: number
  try {
    const audio = await decodeFile(file, { segment })
    samples = sliceSegment(audio, segment)
    sampleRate = audio.sampleRate
  } catch (e) {
    return { file, error: e instanceof Error ? e.message : String(e) }
  }
  let record: IdentifyRecord
  try {
    const t0 = now()
    const result = analyze(samples, sampleRate)
    record = toRecord(file, result, (now() - t0) / 1000)
  } catch (e) {
    record = { file, error: e instanceof Error ? e.message : String(e) }
  }
  // The model hears the same segment (its last 30 s at most), whatever the analyzer made of it.
  if (model)
    record = { ...record, model: await askModelForFile(model, modelWavFromAudio(samples, sampleRate)) }
  return record
}

/** A fixed-width table row for people. */
export function tableRow(r: IdentifyRecord): string {
  const model = r.model ? `\t${modelCell(r.model)}` : ''
  if ('error' in r) return `${r.file}\t—\t${r.error}${model}`
  const alts = r.alternatives.map((a) => `${a.label} ${pct(a.confidence)}`).join(', ')
  const note = r.note ? ` (${r.note})` : ''
  return `${r.file}\t${r.label}\t${r.tonic} ${r.pattern} (${r.system} 宫), ${pct(r.confidence)}${note}\talt: ${alts}\t${r.seconds.toFixed(3)} s${model}`
}

function modelCell(m: ModelRecord): string {
  if ('error' in m) return `model: error (${m.kind}) ${m.error}`
  return `model: ${m.label ?? `no label (${m.status})`} — ${JSON.stringify(m.raw)}`
}

/** Runs the command; returns the exit code. Output goes through `out`/`err` so tests can capture it. */
export async function main(
  argv: readonly string[],
  out: LineWriter = writeStdout,
  err: LineWriter = writeStderr,
): Promise<number> {
  const parse = (a: readonly string[]) => parseArgs(a, process.env)
  return runCommand(
    { name: 'identify', usage: USAGE, parse, run: (args) => identify(args, out) },
    argv,
    out,
    err,
  )
}

async function identify(args: IdentifyArgs, out: LineWriter): Promise<number> {
  if (!args.json) out(`file\tlabel\tmode\tconfidence\talternatives\ttime${args.model ? '\tmodel' : ''}`)
  const print = (r: IdentifyRecord) => out(args.json ? JSON.stringify(r) : tableRow(r))
  const jobs = Math.min(args.files.length, availableParallelism())
  // The compiled command (scripts/run-cli.mjs) spreads a batch over the cores, one worker thread each, and still
  // prints in input order; run from TypeScript (tests, tsx) it judges the files one after another.
  if (jobs > 1 && import.meta.url.endsWith('.mjs')) await identifyInWorkers(args, jobs, print)
  else for (const file of args.files) print(await identifyFile(file, args.segment, undefined, args.model))
  return 0
}

/** What a worker thread of this command is given. */
interface WorkerInput {
  readonly identifyWorker: true
  readonly segment: Segment
  readonly model: ModelSettings | null
}

/** Judges the files in `jobs` worker threads; records are printed in input order as soon as they can be. */
async function identifyInWorkers(
  args: IdentifyArgs,
  jobs: number,
  print: (r: IdentifyRecord) => void,
): Promise<void> {
  const input: WorkerInput = { identifyWorker: true, segment: args.segment, model: args.model }
  const done = new Map<number, IdentifyRecord>()
  let next = 0 // the next file to hand out
  let printed = 0 // the next record to print
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      const worker = new Worker(new URL(import.meta.url), { workerData: input })
      let alive = true
      try {
        while (alive && next < args.files.length) {
          const i = next++
          const file = args.files[i]
          const record = await new Promise<IdentifyRecord>((resolve) => {
            const onMessage = (r: IdentifyRecord) => {
              worker.off('error', onError)
              resolve(r)
            }
            const onError = (e: Error) => {
              worker.off('message', onMessage)
              alive = false // a crashed worker takes no more files; the others, or the main thread, do
              resolve({ file, error: e.message })
            }
            worker.once('message', onMessage)
            worker.once('error', onError)
            worker.postMessage(file)
          })
          done.set(i, record)
          while (done.has(printed)) {
            print(done.get(printed)!)
            done.delete(printed++)
          }
        }
      } finally {
        await worker.terminate()
      }
    }),
  )
  // Whatever no worker was left to judge is judged here.
  for (; printed < args.files.length; printed++)
    print(done.get(printed) ?? (await identifyFile(args.files[printed], args.segment, undefined, args.model)))
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

function pct(x: number): string {
  return `${Math.round(100 * x)}%`
}

if (!isMainThread && (workerData as WorkerInput | null)?.identifyWorker) {
  const { segment, model } = workerData as WorkerInput
  parentPort!.on('message', (file: string) => {
    identifyFile(file, segment, undefined, model).then((r) => parentPort!.postMessage(r))
  })
} else if (isMainThread) {
  runAsProgram(import.meta.url, 'identify', main)
}
