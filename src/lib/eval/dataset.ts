import { decodeWavHeader } from '../audio/wav.ts'
import { DEFAULT_QUESTION } from '../model/settings.ts'
import { formatLabel } from '../theory/format.ts'
import type { Label } from '../theory/label.ts'
import { SCALE_TYPE_INFO } from '../theory/scale-types.ts'

/** One labelled clip for fine-tuning: its name (for the audio file's name) and its judged segment as a WAV. */
export interface DatasetClip {
  readonly key: string
  /** Mono 16 kHz 16-bit PCM, at most 30 s: what the model hears. */
  readonly wav: Uint8Array
  readonly label: Label
}

/** How the assistant's answer is written: CNPM's label (`A羽五声`) or a sentence around it. */
export type AnswerStyle = 'cnpm' | 'sentence'

export interface DatasetOptions {
  /** The dataset's name in dataset_info.json and its file name: letters, digits, `_` and `-`. */
  readonly name: string
  /** The user's turn after `<audio>`; the fine-tuned model was trained on 这段音乐是什么调式? */
  readonly question: string
  readonly answer: AnswerStyle
  /** Share of clips held out as NAME_val (0 = none), chosen by a hash of the clip's name so it is stable. */
  readonly valFraction: number
}

export const DEFAULT_DATASET_OPTIONS: DatasetOptions = Object.freeze({
  name: 'wusheng_cnpm',
  question: DEFAULT_QUESTION,
  answer: 'cnpm',
  valFraction: 0,
})

/** One file of the dataset folder, by its path inside it. */
export interface DatasetFile {
  readonly path: string
  readonly data: Uint8Array | string
}

/** A sharegpt example as LLaMA-Factory's loader reads it. */
interface Example {
  readonly messages: readonly { readonly role: 'user' | 'assistant'; readonly content: string }[]
  readonly audios: readonly string[]
}

/**
 * The answer the model should learn for a label.
 * @example answerText(labelFromTonic(1, 'yu'), 'cnpm') → '#C/bD羽五声'; (…, 'sentence') → '这段音乐是C#羽调式（A宫系统，五声）。'
 */
export function answerText(label: Label, style: AnswerStyle): string {
  if (style === 'cnpm') return formatLabel(label, 'cnpm', { spelling: 'cnpm' })
  const [system, mode] = formatLabel(label, 'zh-system').split(' ')
  return `这段音乐是${mode}（${system}，${SCALE_TYPE_INFO[label.type].zh}）。`
}

/** Problems with the options, as English sentences; empty when they can be used. */
export function datasetOptionProblems(opts: DatasetOptions): string[] {
  const problems: string[] = []
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(opts.name))
    problems.push(`the dataset name must be 1–64 letters, digits, _ or -, got "${opts.name}"`)
  if (!opts.question.trim()) problems.push('the question cannot be empty')
  if (opts.question.includes('<audio>'))
    problems.push('the question must not contain <audio> (it is added once)')
  if (!(opts.valFraction >= 0 && opts.valFraction < 1))
    problems.push(`the validation share must be from 0 to below 1, got ${opts.valFraction}`)
  return problems
}

/**
 * A LLaMA-Factory audio dataset (sharegpt formatting, `messages` + `audios`): dataset_info.json, NAME.json (and
 * NAME_val.json with a validation share), audio/NNNN-name.wav. Paths inside the JSON are relative to the folder,
 * which is the `dataset_dir` (and media dir) of `llamafactory-cli train`.
 */
export function buildDataset(clips: readonly DatasetClip[], opts: DatasetOptions): DatasetFile[] {
  const problems = datasetOptionProblems(opts)
  if (problems.length) throw new RangeError(problems.join('; '))
  const width = String(clips.length).length < 4 ? 4 : String(clips.length).length
  const named = clips.map((c, i) => ({
    clip: c,
    path: `audio/${String(i + 1).padStart(width, '0')}-${safeName(c.key)}.wav`,
  }))
  // The held-out clips: the lowest hashes of their names, so re-exporting the same set splits it the same way.
  const valCount = Math.round(clips.length * opts.valFraction)
  const val = new Set(
    [...named]
      .sort((a, b) => fnv1a(a.clip.key) - fnv1a(b.clip.key) || a.path.localeCompare(b.path))
      .slice(0, valCount)
      .map((n) => n.path),
  )
  const example = (n: (typeof named)[number]): Example => ({
    messages: [
      { role: 'user', content: `<audio>${opts.question}` },
      { role: 'assistant', content: answerText(n.clip.label, opts.answer) },
    ],
    audios: [n.path],
  })
  const info = (file: string) => ({
    file_name: file,
    formatting: 'sharegpt',
    columns: { messages: 'messages', audios: 'audios' },
    tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
  })
  const datasetInfo: Record<string, unknown> = { [opts.name]: info(`${opts.name}.json`) }
  const files: DatasetFile[] = [
    { path: `${opts.name}.json`, data: json(named.filter((n) => !val.has(n.path)).map(example)) },
  ]
  if (valCount > 0) {
    datasetInfo[`${opts.name}_val`] = info(`${opts.name}_val.json`)
    files.push({
      path: `${opts.name}_val.json`,
      data: json(named.filter((n) => val.has(n.path)).map(example)),
    })
  }
  return [
    { path: 'dataset_info.json', data: json(datasetInfo) },
    ...files,
    ...named.map((n) => ({ path: n.path, data: n.clip.wav })),
  ]
}

/**
 * Checks a dataset folder the way LLaMA-Factory's loader reads it: each dataset_info entry has its file, sharegpt
 * formatting and the messages/audios columns; every example alternates user/assistant starting with the user and
 * has as many `<audio>` tags as audio files; every audio file is there and is mono 16 kHz 16-bit PCM of at most
 * 30 s. Returns the problems (empty when the dataset can be trained on).
 */
export function validateDataset(files: ReadonlyMap<string, Uint8Array | string>): string[] {
  const problems: string[] = []
  const text = (path: string): string | null => {
    const f = files.get(path)
    return f === undefined ? null : typeof f === 'string' ? f : new TextDecoder().decode(f)
  }
  const infoText = text('dataset_info.json')
  if (infoText === null) return ['dataset_info.json is missing']
  let info: Record<string, { file_name?: string; formatting?: string; columns?: Record<string, string> }>
  try {
    info = JSON.parse(infoText)
  } catch {
    return ['dataset_info.json is not JSON']
  }
  const entries = Object.entries(info)
  if (entries.length === 0) problems.push('dataset_info.json names no dataset')
  for (const [name, d] of entries) {
    if (d.formatting !== 'sharegpt') problems.push(`${name}: formatting must be sharegpt`)
    if (d.columns?.messages !== 'messages' || d.columns?.audios !== 'audios')
      problems.push(`${name}: columns must map messages and audios`)
    const body = d.file_name ? text(d.file_name) : null
    if (body === null) {
      problems.push(`${name}: its file ${d.file_name ?? '(none)'} is missing`)
      continue
    }
    let examples: unknown
    try {
      examples = JSON.parse(body)
    } catch {
      problems.push(`${name}: ${d.file_name} is not JSON`)
      continue
    }
    if (!Array.isArray(examples)) {
      problems.push(`${name}: ${d.file_name} is not a list of examples`)
      continue
    }
    examples.forEach((ex: Partial<Example>, i) => {
      const at = `${name}[${i}]`
      const messages = Array.isArray(ex.messages) ? ex.messages : []
      if (messages.length === 0 || messages.length % 2 !== 0)
        problems.push(`${at}: needs user/assistant pairs, got ${messages.length} messages`)
      messages.forEach((m, j) => {
        const want = j % 2 === 0 ? 'user' : 'assistant'
        if (m?.role !== want) problems.push(`${at}: message ${j} must be ${want}, got ${String(m?.role)}`)
        if (typeof m?.content !== 'string' || !m.content.trim()) problems.push(`${at}: message ${j} is empty`)
      })
      const tags = messages.reduce(
        (n, m) => n + (typeof m?.content === 'string' ? m.content.split('<audio>').length - 1 : 0),
        0,
      )
      const audios = Array.isArray(ex.audios) ? ex.audios : []
      if (tags !== audios.length)
        problems.push(`${at}: ${tags} <audio> tags for ${audios.length} audio files`)
      for (const a of audios) {
        const wav = files.get(a)
        if (!(wav instanceof Uint8Array)) {
          problems.push(`${at}: audio ${a} is missing`)
          continue
        }
        const h = decodeWavHeader(wav)
        if (
          !h ||
          h.encoding !== 'pcm' ||
          h.bitsPerSample !== 16 ||
          h.channels !== 1 ||
          h.sampleRate !== 16_000
        )
          problems.push(`${at}: audio ${a} is not mono 16 kHz 16-bit PCM WAV`)
        else if (h.duration > 30) problems.push(`${at}: audio ${a} is ${h.duration.toFixed(1)} s, over 30 s`)
      }
    })
  }
  return problems
}

/** A file-name-safe form of a clip's key (its base name without the extension). */
function safeName(key: string): string {
  const base = key
    .split(/[\\/]/)
    .pop()!
    .replace(/\.[^.]+$/, '')
  return (
    base
      .replace(/[^\p{L}\p{N}_-]+/gu, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'clip'
  )
}

/** 32-bit FNV-1a of a string's UTF-16 units: a stable, well-spread order for the validation split. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}
