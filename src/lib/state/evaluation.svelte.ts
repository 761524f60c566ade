/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Dates here are local lookups or values replaced whole in $state.raw fields, never mutated in place */
import type { AnalysisResult } from '../analysis/types.ts'
import type { DecodedAudio } from '../audio/types.ts'
import { encodeWav } from '../audio/wav.ts'
import { evaluate, reportCsv, reportJson, type EvalItem, type EvalReport } from '../eval/report.ts'
import type { WordCutter } from '../eval/tokenize.ts'
import { parseCsv } from '../packs/csv.ts'
import { labelFromTonic, type Label } from '../theory/label.ts'
import { parseLabel } from '../theory/parse.ts'
import type { PitchClass } from '../theory/pitch-class.ts'
import type { ScaleType } from '../theory/scale-types.ts'
import type { Pattern } from '../theory/tones.ts'
import { defaultSegment } from './analyze.svelte.ts'
import type { ModelAsk } from './assignments.svelte.ts'

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
 * @example readLabels('file,label\na.wav,A羽五声') → { labels: Map { 'a.wav' → A yu }, problems: [] }
 */
export function readLabels(text: string): { labels: Map<string, Label>; problems: CsvProblem[] } {
  const labels = new Map<string, Label>()
  const problems: CsvProblem[] = []
  parseCsv(text).forEach((row, i) => {
    const [file = '', labelText = ''] = row.map((c) => c.trim())
    const label = parseLabel(labelText)
    if (label.empty || !file) {
      if (i > 0 || file.toLowerCase() !== 'file')
        problems.push({ line: i + 1, text: row.join(',').slice(0, 120) })
      return
    }
    labels.set(normKey(file), label)
  })
  return { labels, problems }
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
      if (!r || !c.truth) continue
      items.push({
        file: c.key,
        truth: c.truth,
        analyzer: r.analyzer ? labelFromTonic(r.analyzer.tonic, r.analyzer.pattern, r.analyzer.type) : null,
        ...(r.modelRaw !== undefined ? { modelRaw: r.modelRaw } : {}),
      })
    }
    return items.length ? evaluate(items, { cutWords: this.cutWords ?? undefined }) : null
  })
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
    const { labels, problems } = readLabels(await file.text())
    this.#labels = labels
    this.csvName = file.name
    this.csvProblems = problems
    this.#rebuild()
  }

  /** Evaluates a pack's items against their labels (a pack made or imported here). */
  usePack(title: string, clips: readonly EvalClip[]): void {
    this.cancel()
    this.#audio = []
    this.#labels = new Map()
    this.csvName = null
    this.csvProblems = []
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

  /** Runs every labelled clip not done yet (so after a cancel it resumes); progress after each clip. */
  async run(): Promise<void> {
    if (this.status === 'running') return
    const abort = new AbortController()
    this.#abort = abort
    this.status = 'running'
    const todo = this.labelled.filter((c) => !this.records.has(c.key))
    this.done = this.labelled.length - todo.length
    for (const clip of todo) {
      if (abort.signal.aborted) break
      this.fraction = 0
      const record = await this.#runClip(clip, abort.signal)
      if (abort.signal.aborted) break // a half-done clip is not recorded: it is redone on resume
      this.records = new Map(this.records).set(clip.key, record)
      this.done++
    }
    this.#abort = null
    this.status = abort.signal.aborted ? 'cancelled' : 'done'
  }

  async #runClip(clip: EvalClip, signal: AbortSignal): Promise<ClipRecord> {
    let audio: DecodedAudio
    try {
      audio = await this.#deps.decode(clip.blob, clip.key)
    } catch (e) {
      return { analyzer: null, reason: kindOf(e, 'undecodable') }
    }
    const seg = defaultSegment(audio.duration)
    const part = audio.samples.subarray(Math.floor(seg.start * audio.sampleRate))
    let record: ClipRecord
    try {
      const r = await this.#deps.identify(part, audio.sampleRate, {
        signal,
        onProgress: (f) => (this.fraction = f),
      })
      record = r.ok
        ? { analyzer: { tonic: r.label.tonic, pattern: r.label.pattern, type: r.label.type } }
        : { analyzer: null, reason: r.reason }
    } catch (e) {
      record = { analyzer: null, reason: kindOf(e, 'failed') }
    }
    const ask = this.#deps.askModel
    if (ask && !signal.aborted) {
      try {
        record = { ...record, modelRaw: await ask(encodeWav(part, audio.sampleRate), signal) }
      } catch (e) {
        // An unanswered clip counts as "no label" for the model, and says why.
        record = { ...record, modelRaw: '', modelError: e instanceof Error ? e.message : String(e) }
      }
    }
    return record
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
