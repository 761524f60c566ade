/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Dates here are local lookups or values replaced whole in $state.raw fields, never mutated in place */
import type { AnalysisResult } from '../../analysis/types.ts'
import type { DecodedAudio } from '../../audio/types.ts'
import { encodeWav } from '../../audio/wav.ts'
import { evaluate, reportCsv, reportJson, type EvalItem, type EvalReport } from '../../eval/report.ts'
import type { WordCutter } from '../../eval/tokenize.ts'
import type { DatasetOptions } from '../../eval/dataset.ts'
import { loadJieba } from '../../eval/jieba.ts'
import {
  readLabelsCsv,
  readLabelsCsvBytes,
  type CsvEncoding,
  type LabelsCsv,
  type LabelsCsvError,
} from '../../eval/labels-csv.ts'
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MIN_CONCURRENCY } from '../../eval/pool.ts'
import { MAX_REGION_SECONDS } from '../../audio/types.ts'
import { labelFromTonic, type Label } from '../../theory/label.ts'
import type { PitchClass } from '../../theory/pitch-class.ts'
import type { ScaleType } from '../../theory/scale-types.ts'
import type { Pattern } from '../../theory/tones.ts'
import { defaultSegment } from '../analyze.svelte.ts'
import { finetuneZip } from './finetune.ts'
import type { ModelAsk } from './deps.ts'

// The accuracy figures of a report, for the view that shows them.
export type { SourceAccuracy } from '../../eval/report.ts'

/** What batch evaluation needs from the outside world. */
export interface EvaluationDeps {
  decode(file: Blob, name: string): Promise<DecodedAudio>
  identify(
    samples: Float32Array,
    sampleRate: number,
    opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void },
  ): Promise<AnalysisResult>
  /** The remote model, when a server is configured; its answers fill the model column. */
  readonly askModel?: ModelAsk
  /** jieba, for the model's ROUGE scores (loaded only when the model is asked). */
  loadWordCutter?(): Promise<WordCutter>
}

/** One clip to evaluate: a key (its path in the folder, or its pack item), the audio, and the truth if known. */
export interface EvalClip {
  readonly key: string
  readonly blob: Blob
  readonly truth: Label | null
}

/** What one clip produced. Kept across runs, so a cancelled run resumes where it stopped. */
export interface ClipRecord {
  readonly analyzer: { tonic: PitchClass; pattern: Pattern; type: ScaleType } | null
  /** Why the analyzer gave no label (a no-mode reason or an error kind). */
  readonly reason?: string
  readonly modelRaw?: string
  readonly modelError?: string
  /** The clip could not be read (an error kind): it is left out of every figure and named in the view. */
  readonly unreadable?: string
}

/** A CSV line that was not understood. */
export interface CsvProblem {
  readonly line: number
  readonly text: string
}

const AUDIO_EXT = /\.(wav|mp3|ogg|oga|opus|flac|m4a|aac|webm|aif|aiff|caf|mp4)$/i

/** The path of a picked file inside the picked folder (without the folder's own name), or its name. */
export function relativeKey(file: File): string {
  const rel = file.webkitRelativePath
  return rel ? rel.split('/').slice(1).join('/') : file.name
}

/**
 * Reads `file,label` rows (a first row whose label does not read is a header). Keys are normalised paths.
 * An empty file, a quote never closed or no labelled row gives `error` (and no labels).
 * @example readLabels('file,label\na.wav,A羽五声') → { labels: Map { 'a.wav' → A yu }, problems: [] }
 */
export function readLabels(text: string): {
  labels: Map<string, Label>
  problems: CsvProblem[]
  error?: LabelsCsvError
} {
  return fromCsv(readLabelsCsv(text))
}

function fromCsv(csv: LabelsCsv | LabelsCsvError): {
  labels: Map<string, Label>
  problems: CsvProblem[]
  error?: LabelsCsvError
  encoding?: CsvEncoding
} {
  if ('code' in csv) return { labels: new Map(), problems: [], error: csv }
  return {
    labels: new Map(csv.rows.map((r) => [normKey(r.file), r.label])),
    problems: csv.bad.map((b) => ({ line: b.line, text: b.text })),
    encoding: csv.encoding,
  }
}

function normKey(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').trim()
}

/** The truth for a file: its relative path in the CSV, else its bare name. */
function truthFor(key: string, labels: ReadonlyMap<string, Label>): Label | null {
  const k = normKey(key)
  return labels.get(k) ?? labels.get(k.split('/').pop()!) ?? null
}

/**
 * The CSV's files that no chosen file answers to (by relative path or bare name, as truthFor matches).
 * @example labelsWithoutAudio(new Map([['a.wav', l], ['missing.wav', l]]), ['a.wav']) → ['missing.wav']
 */
export function labelsWithoutAudio(labels: ReadonlyMap<string, Label>, keys: readonly string[]): string[] {
  const present = new Set<string>()
  for (const key of keys) {
    const k = normKey(key)
    present.add(k)
    present.add(k.split('/').pop()!)
  }
  return [...labels.keys()].filter((file) => !present.has(file))
}

/** Batch evaluation: clips with known labels through the analyzer (and the model), with a report. */
export class BatchEvaluation {
  clips = $state.raw<EvalClip[]>([])
  csvName = $state<string | null>(null)
  csvProblems = $state.raw<CsvProblem[]>([])
  /** Why the chosen labels file cannot be used at all (empty, not UTF-8/UTF-16, a quote never closed, no rows). */
  csvError = $state.raw<LabelsCsvError | null>(null)
  /** How the labels file was encoded, when it was not plain UTF-8 (said, since Excel's UTF-16 surprises). */
  csvEncoding = $state<CsvEncoding | null>(null)
  /** Model requests in flight at once (1 = one at a time); the analyzer still works one clip at a time. */
  concurrency = $state(DEFAULT_CONCURRENCY)
  /** Files named in the labels CSV that are not among the chosen audio files (their rows cannot be run). */
  labelsWithoutAudio = $state.raw<string[]>([])
  /** The source of the clips, for the heading: a folder/files, or a pack's title. */
  source = $state<string | null>(null)
  status = $state<'idle' | 'running' | 'cancelled' | 'done'>('idle')
  done = $state(0)
  /** The clip being worked on, 0..1 of its analysis. */
  fraction = $state(0)
  records = $state.raw<ReadonlyMap<string, ClipRecord>>(new Map())
  labelled = $derived(this.clips.filter((c) => c.truth !== null))
  unlabelled = $derived(this.clips.filter((c) => c.truth === null))
  report = $derived.by((): EvalReport | null => {
    const items: EvalItem[] = []
    for (const c of this.labelled) {
      const r = this.records.get(c.key)
      if (!r || !c.truth || r.unreadable !== undefined) continue
      items.push({
        file: c.key,
        truth: c.truth,
        analyzer: r.analyzer ? labelFromTonic(r.analyzer.tonic, r.analyzer.pattern, r.analyzer.type) : null,
        ...(r.modelRaw !== undefined ? { modelRaw: r.modelRaw } : {}),
      })
    }
    return items.length ? evaluate(items, { cutWords: this.cutWords ?? undefined }) : null
  })
  /** Labelled clips that could not be read, with why: left out of the report. */
  unreadable = $derived(
    this.labelled.flatMap((c) => {
      const r = this.records.get(c.key)
      return r?.unreadable !== undefined ? [{ key: c.key, reason: r.unreadable }] : []
    }),
  )
  /** jieba, once loaded: without it the report has accuracy but no BLEU/ROUGE. */
  cutWords = $state.raw<WordCutter | null>(null)
  /** Why the text scores are missing (jieba could not be loaded). */
  textError = $state<string | null>(null)

  readonly #deps: EvaluationDeps
  #audio: File[] = []
  #labels = new Map<string, Label>()
  #abort: AbortController | null = null

  constructor(deps: EvaluationDeps) {
    this.#deps = deps
  }

  get hasModel(): boolean {
    return this.#deps.askModel !== undefined
  }

  /**
   * Takes picked files (a folder or several files): audio files become clips; a `.csv` among them is read as
   * the labels (or pass it separately with setLabelsCsv). Starts a new evaluation.
   */
  async setFiles(files: readonly File[], source: string): Promise<void> {
    this.cancel()
    const csv = files.find((f) => /\.csv$/i.test(f.name))
    this.#audio = files.filter((f) => AUDIO_EXT.test(f.name))
    this.source = source
    this.records = new Map()
    this.status = 'idle'
    this.done = 0
    if (csv) await this.setLabelsCsv(csv)
    else this.#rebuild()
  }

  /** Reads a `file,label` CSV and matches it to the clips. */
  async setLabelsCsv(file: File): Promise<void> {
    let read: ReturnType<typeof fromCsv>
    try {
      read = fromCsv(readLabelsCsvBytes(new Uint8Array(await file.arrayBuffer())))
    } catch {
      read = { labels: new Map(), problems: [], error: { code: 'empty' } }
    }
    this.#labels = read.labels
    this.csvName = file.name
    this.csvProblems = read.problems
    this.csvError = read.error ?? null
    this.csvEncoding = read.encoding === 'utf-16le' || read.encoding === 'utf-16be' ? read.encoding : null
    this.#rebuild()
  }

  /** Evaluates a pack's items against their labels (a pack made or imported here). */
  usePack(title: string, clips: readonly EvalClip[]): void {
    this.cancel()
    this.#audio = []
    this.#labels = new Map()
    this.csvName = null
    this.csvProblems = []
    this.csvError = null
    this.csvEncoding = null
    this.labelsWithoutAudio = []
    this.source = title
    this.records = new Map()
    this.clips = [...clips]
    this.status = 'idle'
    this.done = 0
  }

  #rebuild(): void {
    this.clips = this.#audio.map((f) => {
      const key = relativeKey(f)
      return { key, blob: f, truth: truthFor(key, this.#labels) }
    })
    this.labelsWithoutAudio = labelsWithoutAudio(
      this.#labels,
      this.clips.map((c) => c.key),
    )
  }

  /**
   * Runs every labelled clip not done yet (so after a cancel it resumes). The analyzer takes one clip at a time;
   * model requests go on in the background, up to `concurrency` at once, each retried on 429/503 by the client.
   * Records land as clips finish; the report keeps the clips' order.
   */
  async run(): Promise<void> {
    if (this.status === 'running') return
    const abort = new AbortController()
    this.#abort = abort
    this.status = 'running'
    const signal = abort.signal
    const ask = this.#deps.askModel
    if (ask && !this.cutWords) void this.#loadCutter()
    const todo = this.labelled.filter((c) => !this.records.has(c.key))
    this.done = this.labelled.length - todo.length
    const limit = Math.min(MAX_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.round(this.concurrency) || 1))
    const asking = new Set<Promise<void>>()
    const finish = (key: string, record: ClipRecord) => {
      if (signal.aborted) return // a half-done clip is not recorded: it is redone on resume
      this.records = new Map(this.records).set(key, record)
      this.done++
    }
    for (const clip of todo) {
      if (signal.aborted) break
      this.fraction = 0
      const { record, wav } = await this.#analyzeClip(clip, signal)
      if (signal.aborted) break
      if (!ask || !wav) {
        finish(clip.key, record)
        continue
      }
      while (asking.size >= limit) await Promise.race(asking)
      if (signal.aborted) break
      const p: Promise<void> = ask(wav, signal)
        .then(
          (raw): ClipRecord => ({ ...record, modelRaw: raw }),
          // An unanswered clip counts as "no label" for the model, and says why.
          (e: unknown): ClipRecord => ({
            ...record,
            modelRaw: '',
            modelError: e instanceof Error ? e.message : String(e),
          }),
        )
        .then((r) => finish(clip.key, r))
        .finally(() => asking.delete(p))
      asking.add(p)
    }
    await Promise.all(asking)
    this.#abort = null
    this.status = signal.aborted ? 'cancelled' : 'done'
  }

  async #loadCutter(): Promise<void> {
    try {
      const cut = await (this.#deps.loadWordCutter ?? loadJieba)()
      // The report is recomputed after every clip: remember each text's words (answers repeat a lot).
      const memo = new Map<string, string[]>()
      this.cutWords = (text) => {
        let words = memo.get(text)
        if (!words) memo.set(text, (words = cut(text)))
        return words
      }
      this.textError = null
    } catch (e) {
      this.textError = e instanceof Error ? e.message : String(e)
    }
  }

  /** Decodes a clip and runs the analyzer on its judged segment; the segment's WAV goes to the model. */
  async #analyzeClip(clip: EvalClip, signal: AbortSignal): Promise<{ record: ClipRecord; wav?: Uint8Array }> {
    const seg = await this.#segment(clip)
    if ('unreadable' in seg) return { record: { analyzer: null, unreadable: seg.unreadable } }
    const { part, sampleRate } = seg
    let record: ClipRecord
    try {
      const r = await this.#deps.identify(part, sampleRate, {
        signal,
        onProgress: (f) => (this.fraction = f),
      })
      record = r.ok
        ? { analyzer: { tonic: r.label.tonic, pattern: r.label.pattern, type: r.label.type } }
        : { analyzer: null, reason: r.reason }
    } catch (e) {
      record = { analyzer: null, reason: kindOf(e, 'failed') }
    }
    return { record, wav: encodeWav(part, sampleRate) }
  }

  /** The clip's judged segment (the default one: its last 30 s), or why it cannot be read. */
  async #segment(
    clip: EvalClip,
  ): Promise<{ part: Float32Array; sampleRate: number } | { unreadable: string }> {
    let audio: DecodedAudio
    try {
      audio = await this.#deps.decode(clip.blob, clip.key)
    } catch (e) {
      return { unreadable: kindOf(e, 'undecodable') }
    }
    const seg = defaultSegment(audio.duration)
    const part = audio.samples.subarray(
      Math.floor(seg.start * audio.sampleRate),
      Math.floor(seg.start * audio.sampleRate) + MAX_REGION_SECONDS * audio.sampleRate,
    )
    return { part, sampleRate: audio.sampleRate }
  }

  /**
   * A zip of a LLaMA-Factory audio dataset (see eval/dataset.ts) from the labelled clips: each clip's judged
   * segment as mono 16 kHz 16-bit WAV, its label as the answer. Unreadable clips are left out and counted.
   */
  exportDataset(
    opts: Partial<DatasetOptions> = {},
  ): Promise<{ zip: Uint8Array<ArrayBuffer>; clips: number; skipped: string[] }> {
    const sources = this.labelled.map((c) => ({ key: c.key, blob: c.blob, label: c.truth! }))
    return finetuneZip(sources, (blob, name) => this.#deps.decode(blob, name), opts)
  }

  /** Stops after the current clip's analysis is aborted; run() again resumes with the clips not done. */
  cancel(): void {
    this.#abort?.abort()
  }

  /** Forgets the results so the next run starts over. */
  restart(): void {
    this.cancel()
    this.records = new Map()
    this.done = 0
    this.status = 'idle'
  }

  json(): string | null {
    return this.report ? reportJson(this.report) : null
  }

  csv(): string | null {
    return this.report ? reportCsv(this.report) : null
  }
}

function kindOf(e: unknown, fallback: string): string {
  if (e instanceof DOMException && e.name === 'AbortError') return 'aborted'
  return e && typeof e === 'object' && 'kind' in e && typeof e.kind === 'string' ? e.kind : fallback
}
