/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Dates here are local lookups or values replaced whole in $state.raw fields, never mutated in place */
import type { AnalysisResult } from '../analysis/types.ts'
import type { DecodedAudio } from '../audio/types.ts'
import { encodeWav } from '../audio/wav.ts'
import {
  buildGradebook,
  cnpmLabelText,
  gradebookCsv,
  type GradebookCsvWords,
  LIMITS,
  packLabelToLabel,
  readPack,
  readResults,
  regrade,
  sha256Hex,
  writePack,
  writeResults,
  PackWriteError,
  type Gradebook,
  type GradebookInput,
  type PackDraft,
  type PackError,
  type PackManifest,
  type ResultAnswer,
  type ResultsFile,
  validateManifest,
} from '../packs/index.ts'
import { readPackOffThread } from '../packs/read-off-thread.ts'
import {
  DRAFT_FORMAT,
  type DraftItem,
  type LabelFields,
  type PackDraftData,
  type Proposal,
} from '../packs/draft.ts'
import type { AssignmentRecord, AttemptRecord, JsonObject, ResultRecord } from '../store/schema.ts'
import type { Store } from '../store/store.ts'
import { parseAnswer } from '../theory/answer.ts'
import { labelFromTonic, type Label } from '../theory/label.ts'
import type { Seconds, Timestamp } from '../theory/units.ts'
import { sameSystemChoices, sameTonicChoices } from '../tutor/questions.ts'
import type { Answer, Attempt, FieldGrades, Question, QuestionKind } from '../tutor/types.ts'
import { defaultSegment } from './analyze.svelte.ts'

/** Asks the remote model about a mono 16 kHz WAV (≤ 30 s) and returns its raw text answer. */
export type ModelAsk = (wav16k: Uint8Array, signal?: AbortSignal) => Promise<string>

/** Plays a clip's region (the whole clip when absent); resolves when it ends or is stopped. */
export type PlayClip = (blob: Blob, region?: { start: Seconds; end: Seconds }) => Promise<void>

/** The outside world of the Assignments page; the page passes the real adapters, tests pass fakes. */
export interface AssignmentsDeps {
  readonly store: Store
  readonly now: () => Timestamp
  /** Decodes to mono samples at 16 kHz (decodeAudioFile's default rate). */
  decode(file: Blob, name: string): Promise<DecodedAudio>
  identify(samples: Float32Array, sampleRate: number, opts: { signal?: AbortSignal }): Promise<AnalysisResult>
  /** The remote model, when a server is configured (Settings); absent otherwise. */
  readonly askModel?: ModelAsk
  readonly play?: PlayClip
  /** Stops what `play` is playing (moving on to the next item, leaving the assignment). */
  readonly stop?: () => void
  /** A UUID; crypto.randomUUID by default. */
  readonly newId?: () => string
}

/** A user-visible problem: a stable kind the UI translates, the English detail, and where, when known. */
export interface Problem {
  readonly kind: string
  readonly message: string
  readonly field?: string
  readonly file?: string
  /** The file the user gave, when several were given. */
  readonly name?: string
}

export const MODE_KEY = 'assignments.mode'
export const STUDENT_NAME_KEY = 'assignments.studentName'
export type AssignmentsMode = 'student' | 'teacher'

export { DRAFT_FORMAT, type DraftItem, type LabelFields, type PackDraftData, type Proposal }

function problemOf(e: unknown, fallback = 'unknown', name?: string): Problem {
  if (e instanceof PackWriteError) return packProblem(e.error, name)
  const kind =
    e && typeof e === 'object' && 'kind' in e && typeof e.kind === 'string'
      ? e.kind
      : e instanceof DOMException && e.name === 'AbortError'
        ? 'aborted'
        : fallback
  const message = e instanceof Error ? e.message : String(e)
  return { kind, message, ...(name ? { name } : {}) }
}

function packProblem(error: PackError, name?: string): Problem {
  return {
    kind: `pack.${error.code}`,
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
    ...(error.file ? { file: error.file } : {}),
    ...(name ? { name } : {}),
  }
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer())
}

// --- teacher: drafts ---------------------------------------------------------------------------------------

/** Why a draft cannot be exported yet (each translated by the UI). */
export type DraftIssue =
  | { readonly kind: 'no-title' }
  | { readonly kind: 'no-items' }
  | { readonly kind: 'unconfirmed'; readonly name: string }
  | { readonly kind: 'bad-region'; readonly name: string }

export const DEFAULT_KIND: QuestionKind = 'tonic-pattern'
export const DEFAULT_PASS = 0.6

/** The problems that stop a draft being exported, in the order the teacher should fix them. */
export function draftIssues(d: PackDraftData): DraftIssue[] {
  const issues: DraftIssue[] = []
  if (!d.title.trim()) issues.push({ kind: 'no-title' })
  if (d.items.length === 0) issues.push({ kind: 'no-items' })
  for (const it of d.items) {
    if (!it.confirmed || it.tonic === null || it.pattern === null)
      issues.push({ kind: 'unconfirmed', name: it.name })
    if (
      it.region &&
      !(it.region.end > it.region.start && it.region.start >= 0 && it.region.end <= it.duration + 0.05)
    )
      issues.push({ kind: 'bad-region', name: it.name })
  }
  return issues
}

/** The pack's label text and fields for an item (its label must be set). */
function itemLabel(it: DraftItem): Label {
  return labelFromTonic(it.tonic!, it.pattern!, it.type)
}

/** The teacher's pack editor: the list of drafts, the open one, adding and labelling clips, export. */
export class PackEditor {
  drafts = $state.raw<AssignmentRecord[]>([])
  /** The open draft's record id. */
  openId = $state<string | null>(null)
  draft = $state.raw<PackDraftData | null>(null)
  adding = $state(0)
  /** Per-file problems of the last add (the other files were added). */
  addProblems = $state.raw<Problem[]>([])
  saveError = $state.raw<Problem | null>(null)
  exportError = $state.raw<Problem | null>(null)
  exporting = $state(false)
  issues = $derived(this.draft ? draftIssues(this.draft) : [])
  /** The item whose clip (its region) is playing, so the teacher hears what the student will. */
  previewing = $state<string | null>(null)
  previewError = $state.raw<Problem | null>(null)

  readonly #deps: AssignmentsDeps
  readonly #newId: () => string
  #previewToken = 0
  /** Saves in order, so a slow save never overwrites a newer one. */
  #saving: Promise<void> = Promise.resolve()
  #createdAt = 0
  /** Decoded audio of clips added in this session, for the analyzer (cleared when another draft opens). */
  readonly #decoded = new Map<string, DecodedAudio>()

  constructor(deps: AssignmentsDeps) {
    this.#deps = deps
    this.#newId = deps.newId ?? (() => crypto.randomUUID())
  }

  /** Loads the list of drafts (and re-opens none). */
  async load(): Promise<void> {
    try {
      this.drafts = (await this.#deps.store.listAssignments()).filter((r) => r.status === 'draft')
    } catch (e) {
      this.saveError = problemOf(e, 'store')
    }
  }

  /** Starts a new, empty draft and saves it. */
  async create(): Promise<void> {
    const id = `draft-${this.#newId()}`
    this.#decoded.clear()
    this.#createdAt = this.#deps.now()
    this.openId = id
    this.draft = {
      format: DRAFT_FORMAT,
      packId: this.#newId(),
      title: '',
      instructions: '',
      due: '',
      passThreshold: DEFAULT_PASS,
      items: [],
    }
    await this.#save()
  }

  /** Opens a stored draft; analyses left unfinished by a reload are run again. */
  async open(id: string): Promise<void> {
    const rec = this.drafts.find((d) => d.id === id) ?? (await this.#deps.store.getAssignment(id))
    if (!rec || rec.status !== 'draft') return
    this.#decoded.clear()
    this.#createdAt = rec.createdAt
    this.openId = id
    this.addProblems = []
    this.exportError = null
    this.draft = rec.manifest as unknown as PackDraftData
    for (const it of this.draft.items)
      if (it.analyzer.status === 'pending' || it.analyzer.status === 'running') void this.analyzeItem(it.id)
  }

  close(): void {
    this.openId = null
    this.draft = null
    this.#decoded.clear()
  }

  /** Deletes a draft and its clips. */
  async remove(id: string): Promise<void> {
    try {
      const rec = await this.#deps.store.getAssignment(id)
      await this.#deps.store.deleteAssignment(id)
      for (const clipId of rec?.clipIds ?? []) await this.#deps.store.deleteClip(clipId)
      if (this.openId === id) this.close()
      await this.load()
    } catch (e) {
      this.saveError = problemOf(e, 'store')
    }
  }

  /** Changes the pack's own fields (title, instructions, due, pass threshold) and saves. */
  update(
    fields: Partial<
      Pick<PackDraftData, 'title' | 'instructions' | 'due' | 'passThreshold' | 'feedbackAfterDue'>
    >,
  ): void {
    if (!this.draft) return
    this.draft = { ...this.draft, ...fields }
    void this.#save()
  }

  /** Changes one item; picking a label field counts as confirming the label. */
  /**
   * Plays an item's clip as the student will hear it (its region, else the whole clip); again stops it. The
   * teacher listens before confirming its label.
   */
  async preview(itemId: string): Promise<void> {
    const token = ++this.#previewToken
    if (this.previewing === itemId) {
      this.#deps.stop?.()
      this.previewing = null
      return
    }
    const item = this.draft?.items.find((i) => i.id === itemId)
    if (!item || !this.#deps.play) return
    this.previewError = null
    try {
      const clip = await this.#deps.store.getClip(item.clipId)
      if (!clip) throw Object.assign(new Error('the clip is no longer stored'), { kind: 'missing-clip' })
      this.previewing = itemId
      await this.#deps.play(clip.blob, item.region ?? undefined)
    } catch (e) {
      this.previewError = { ...problemOf(e, 'playback'), name: item.name }
    } finally {
      if (token === this.#previewToken) this.previewing = null
    }
  }

  updateItem(itemId: string, fields: Partial<Omit<DraftItem, 'id' | 'clipId'>>): void {
    if (!this.draft) return
    this.draft = {
      ...this.draft,
      items: this.draft.items.map((it) => (it.id === itemId ? { ...it, ...fields } : it)),
    }
    void this.#save()
  }

  removeItem(itemId: string): void {
    if (!this.draft) return
    const item = this.draft.items.find((i) => i.id === itemId)
    this.draft = { ...this.draft, items: this.draft.items.filter((i) => i.id !== itemId) }
    void this.#save().then(async () => {
      if (item) await this.#deps.store.deleteClip(item.clipId).catch(() => {}) // the draft no longer names it
    })
  }

  moveItem(itemId: string, by: -1 | 1): void {
    if (!this.draft) return
    const items = [...this.draft.items]
    const i = items.findIndex((it) => it.id === itemId)
    const j = i + by
    if (i < 0 || j < 0 || j >= items.length) return
    ;[items[i], items[j]] = [items[j], items[i]]
    this.draft = { ...this.draft, items }
    void this.#save()
  }

  /**
   * Adds audio files as clips: each is decoded (a bad file is reported by name and skipped), stored as a 16 kHz
   * mono 16-bit WAV (what the pack will carry), then the analyzer (and the model) propose a label.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    if (!this.draft) await this.create()
    const problems: Problem[] = []
    this.adding += files.length
    const added: string[] = []
    for (const file of files) {
      try {
        const decoded = await this.#deps.decode(file, file.name)
        const wav = encodeWav(decoded.samples, decoded.sampleRate)
        if (wav.length > LIMITS.audioBytes) {
          problems.push({
            kind: 'clip-too-long',
            message: `${file.name} is too long for a pack`,
            name: file.name,
          })
          continue
        }
        const clipId = `clip-${this.#newId()}`
        await this.#deps.store.putClip({
          id: clipId,
          blob: new Blob([wav], { type: 'audio/wav' }),
          name: file.name,
          mime: 'audio/wav',
          origin: 'assignment',
          createdAt: this.#deps.now(),
          duration: decoded.duration,
          sha256: await sha256Hex(wav),
        })
        this.#decoded.set(clipId, decoded)
        const d = this.draft!
        const n = d.items.reduce((m, it) => Math.max(m, Number(it.id.replace(/\D/g, '')) || 0), 0) + 1
        const item: DraftItem = {
          id: `item-${n}`,
          clipId,
          name: file.name,
          duration: decoded.duration,
          tonic: null,
          pattern: null,
          type: 'pentatonic',
          confirmed: false,
          kind: DEFAULT_KIND,
          region: null,
          analyzer: { status: 'pending' },
          ...(this.#deps.askModel ? { model: { status: 'pending' } as Proposal } : {}),
        }
        this.draft = { ...d, items: [...d.items, item] }
        await this.#save()
        added.push(item.id)
      } catch (e) {
        problems.push(problemOf(e, 'undecodable', file.name))
      } finally {
        this.adding--
      }
    }
    this.addProblems = problems
    await Promise.all(added.map((id) => this.analyzeItem(id)))
  }

  /** Runs the analyzer (and the model, when configured) on an item's default segment: its last 30 s. */
  async analyzeItem(itemId: string): Promise<void> {
    const item = this.draft?.items.find((i) => i.id === itemId)
    if (!item) return
    this.#setProposal(itemId, 'analyzer', { status: 'running' })
    let audio = this.#decoded.get(item.clipId)
    try {
      if (!audio) {
        const clip = await this.#deps.store.getClip(item.clipId)
        if (!clip) throw Object.assign(new Error('the clip is no longer stored'), { kind: 'missing-clip' })
        audio = await this.#deps.decode(clip.blob, clip.name)
        this.#decoded.set(item.clipId, audio)
      }
    } catch (e) {
      this.#setProposal(itemId, 'analyzer', { status: 'failed', reason: problemOf(e, 'undecodable').kind })
      return
    }
    const seg = defaultSegment(audio.duration)
    const from = Math.floor(seg.start * audio.sampleRate)
    const part = audio.samples.subarray(from)
    const jobs: Promise<void>[] = [
      this.#deps.identify(part, audio.sampleRate, {}).then(
        (r) =>
          this.#setProposal(
            itemId,
            'analyzer',
            r.ok
              ? {
                  status: 'done',
                  label: { tonic: r.label.tonic, pattern: r.label.pattern, type: r.label.type },
                  confidence: r.confidence,
                }
              : { status: 'none', reason: r.reason },
          ),
        (e) => this.#setProposal(itemId, 'analyzer', { status: 'failed', reason: problemOf(e).kind }),
      ),
    ]
    const ask = this.#deps.askModel
    if (ask) {
      this.#setProposal(itemId, 'model', { status: 'running' })
      jobs.push(
        ask(encodeWav(part, audio.sampleRate)).then(
          (raw) => {
            const parsed = parseAnswer(raw)
            const l = parsed.label
            this.#setProposal(
              itemId,
              'model',
              parsed.status === 'label'
                ? { status: 'done', raw, label: { tonic: l.tonic, pattern: l.pattern, type: l.type } }
                : { status: 'none', raw, reason: parsed.status },
            )
          },
          (e) => this.#setProposal(itemId, 'model', { status: 'failed', reason: problemOf(e).message }),
        ),
      )
    }
    await Promise.all(jobs)
  }

  #setProposal(itemId: string, which: 'analyzer' | 'model', p: Proposal): void {
    const item = this.draft?.items.find((i) => i.id === itemId)
    if (!item) return
    const fields: Partial<DraftItem> = { [which]: p }
    // The analyzer's answer fills in a label the teacher has not touched (still to be confirmed).
    if (which === 'analyzer' && p.label && !item.confirmed && item.tonic === null)
      Object.assign(fields, { tonic: p.label.tonic, pattern: p.label.pattern, type: p.label.type })
    this.updateItem(itemId, fields)
  }

  /** The pack this draft would export (label text, item files), or throws PackWriteError via writePack. */
  #packDraft(d: PackDraftData): PackDraft {
    return {
      id: d.packId,
      title: d.title,
      instructions: d.instructions,
      ...(d.due ? { due: d.due } : {}),
      passThreshold: d.passThreshold,
      ...(d.due && d.feedbackAfterDue ? { feedback: 'after-due' as const } : {}),
      createdAt: new Date(this.#deps.now()).toISOString(),
      items: d.items.map((it, i) => {
        const label = itemLabel(it)
        return {
          id: it.id,
          file: `audio/${String(i + 1).padStart(2, '0')}.wav`,
          name: it.name,
          label: {
            text: cnpmLabelText(label),
            system: label.system,
            tonic: label.tonic,
            pattern: label.pattern,
            type: label.type,
          },
          kind: it.kind,
          ...(it.region ? { region: { start: it.region.start, end: it.region.end } } : {}),
        }
      }),
    }
  }

  /** Writes the `.wusheng` file, remembers what was exported (for the gradebook), and returns its bytes. */
  async exportPack(): Promise<{ bytes: Uint8Array; fileName: string } | null> {
    const d = this.draft
    if (!d || draftIssues(d).length) return null
    this.exporting = true
    this.exportError = null
    try {
      await this.#saving
      const pd = this.#packDraft(d)
      const audio = new Map<string, Uint8Array>()
      for (const [i, it] of d.items.entries()) {
        const clip = await this.#deps.store.getClip(it.clipId)
        if (!clip)
          throw Object.assign(new Error(`the clip ${it.name} is no longer stored`), { kind: 'missing-clip' })
        audio.set(pd.items[i].file, await bytesOf(clip.blob))
      }
      const bytes = await writePack(pd, audio)
      // Read back as a student's app will: the checksum the results files will quote.
      const read = await readPack(bytes)
      if (!read.ok) throw new PackWriteError(read.error)
      this.draft = {
        ...d,
        lastExport: { manifest: read.pack, checksum: read.checksum, at: this.#deps.now() },
      }
      await this.#save()
      return { bytes, fileName: `${safeFileName(d.title)}.wusheng` }
    } catch (e) {
      this.exportError = problemOf(e)
      return null
    } finally {
      this.exporting = false
    }
  }

  /**
   * The draft's teacher-confirmed clips with their labels and regions: what the pack editor's "Export for
   * fine-tuning" puts in a LLaMA-Factory dataset.
   */
  async confirmedClips(): Promise<
    { key: string; blob: Blob; label: Label; region: { start: Seconds; end: Seconds } | null }[]
  > {
    const out: { key: string; blob: Blob; label: Label; region: { start: Seconds; end: Seconds } | null }[] =
      []
    for (const it of this.draft?.items ?? []) {
      if (!it.confirmed || it.tonic === null || it.pattern === null) continue
      const clip = await this.#deps.store.getClip(it.clipId)
      if (clip)
        out.push({
          key: it.name,
          blob: clip.blob,
          label: labelFromTonic(it.tonic, it.pattern, it.type),
          region: it.region,
        })
    }
    return out
  }

  #save(): Promise<void> {
    const d = this.draft
    const id = this.openId
    if (!d || !id) return this.#saving
    const record: AssignmentRecord = {
      id,
      title: d.title,
      manifest: d as unknown as JsonObject,
      clipIds: d.items.map((i) => i.clipId),
      status: 'draft',
      createdAt: this.#createdAt,
      ...(d.lastExport ? { checksum: d.lastExport.checksum } : {}),
    }
    this.#saving = this.#saving.then(async () => {
      try {
        await this.#deps.store.putAssignment(record)
        this.saveError = null
        const i = this.drafts.findIndex((r) => r.id === id)
        this.drafts = i < 0 ? [...this.drafts, record] : this.drafts.map((r) => (r.id === id ? record : r))
      } catch (e) {
        this.saveError = problemOf(e, 'store')
      }
    })
    return this.#saving
  }
}

/** A file name from a title: letters (any script), digits, spaces → '-', at most 60 characters. */
export function safeFileName(title: string): string {
  const clean = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return clean || 'wusheng'
}

// --- student -----------------------------------------------------------------------------------------------

/** The clip id of a pack item on this device. */
export function packClipId(packId: string, itemId: string): string {
  return `pack-${packId}-${itemId}`
}

/** An imported assignment with the student's progress. */
export interface StudentAssignment {
  readonly record: AssignmentRecord
  readonly pack: PackManifest
  readonly checksum: string
  /** The first answer per item id. */
  readonly answers: ReadonlyMap<string, AttemptRecord>
  readonly correct: number
}

/** The answer just given: right or wrong, the truth, and the question (for the explanation). */
export interface Feedback {
  readonly itemId: string
  readonly correct: boolean
  readonly truth: Label
  readonly answer: Answer
  readonly question: Question
  /** The due date (yyyy-mm-dd) when the teacher holds feedback back until then and it has not passed. */
  readonly heldUntil?: string
}

/**
 * The due date while a pack holds its feedback back until then, else undefined. The due date counts as a whole
 * day in the student's time zone: feedback opens the day after.
 */
export function feedbackHeldUntil(pack: PackManifest, now: Timestamp): string | undefined {
  if (pack.feedback !== 'after-due' || !pack.due) return undefined
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(pack.due)
  const end = m ? new Date(+m[1], +m[2] - 1, +m[3] + 1).getTime() : Date.parse(pack.due)
  return Number.isFinite(end) && now < end ? pack.due.slice(0, 10) : undefined
}

/** The student's side: import packs, do their items in order, export results. */
export class StudentDesk {
  assignments = $state.raw<StudentAssignment[]>([])
  importing = $state(false)
  importError = $state.raw<Problem | null>(null)
  /** Set after an import: 'added' or 'already'. */
  importNotice = $state.raw<{ kind: 'added' | 'already'; title: string } | null>(null)
  error = $state.raw<Problem | null>(null)
  studentName = $state('')
  /** The assignment being done. */
  currentId = $state<string | null>(null)
  feedback = $state.raw<Feedback | null>(null)
  playing = $state(false)
  replays = $state(0)
  current = $derived(this.assignments.find((a) => a.record.id === this.currentId) ?? null)
  /** The next item to answer, in the pack's order; null when all are answered. */
  nextItem = $derived.by(() => {
    const a = this.current
    return a ? (a.pack.items.find((it) => !a.answers.has(it.id)) ?? null) : null
  })

  readonly #deps: AssignmentsDeps
  readonly #newId: () => string
  #shownAt = 0
  #plays = 0
  #playToken = 0

  constructor(deps: AssignmentsDeps) {
    this.#deps = deps
    this.#newId = deps.newId ?? (() => crypto.randomUUID())
  }

  async load(): Promise<void> {
    try {
      const store = this.#deps.store
      const name = await store.getSetting(STUDENT_NAME_KEY)
      if (typeof name === 'string') this.studentName = name
      const records = (await store.listAssignments()).filter((r) => r.status !== 'draft')
      const attempts = await store.listAttempts({ source: 'assignment', order: 'oldest' })
      this.assignments = records.flatMap((record) => {
        const checked = validateManifest(record.manifest)
        if (!checked.ok) return []
        const pack = checked.pack
        const byClip = new Map(pack.items.map((it) => [packClipId(pack.id, it.id), it.id]))
        const answers = new Map<string, AttemptRecord>()
        for (const a of attempts) {
          const s = a.question.source
          if (s.kind !== 'clip' || s.assignmentId !== pack.id) continue
          const itemId = byClip.get(s.clipId)
          if (itemId && !answers.has(itemId)) answers.set(itemId, a)
        }
        const correct = [...answers.values()].filter((a) => a.correct).length
        return [{ record, pack, checksum: record.checksum ?? '', answers, correct }]
      })
    } catch (e) {
      this.error = problemOf(e, 'store')
    }
  }

  /**
   * Imports a `.wusheng` file. It is read and validated in full first: a bad file writes nothing and says why.
   * The same pack twice is a no-op; another version of a pack already here is refused (its answers would mix).
   */
  async importPack(file: Blob, name: string): Promise<boolean> {
    this.importing = true
    this.importError = null
    this.importNotice = null
    try {
      const read = await readPackOffThread(file)
      if (!read.ok) {
        this.importError = packProblem(read.error, name)
        return false
      }
      const { pack, checksum, audio } = read
      const store = this.#deps.store
      const existing = await store.getAssignment(pack.id)
      if (existing) {
        if (existing.checksum === checksum) {
          this.importNotice = { kind: 'already', title: pack.title }
          return true
        }
        this.importError = { kind: 'other-version', message: 'another version is already imported', name }
        return false
      }
      const clipIds: string[] = []
      try {
        for (const it of pack.items) {
          const id = packClipId(pack.id, it.id)
          await store.putClip({
            id,
            blob: new Blob([audio.get(it.file)! as Uint8Array<ArrayBuffer>], { type: mimeOf(it.file) }),
            name: it.name,
            mime: mimeOf(it.file),
            label: packLabelToLabel(it.label),
            origin: 'assignment',
            createdAt: this.#deps.now(),
            sha256: it.sha256,
          })
          clipIds.push(id)
        }
        await store.putAssignment({
          id: pack.id,
          title: pack.title,
          manifest: pack as unknown as JsonObject,
          clipIds,
          checksum,
          status: 'assigned',
          createdAt: this.#deps.now(),
        })
      } catch (e) {
        // Half an import is no import: take back the clips already written.
        for (const id of clipIds) await store.deleteClip(id).catch(() => {})
        throw e
      }
      this.importNotice = { kind: 'added', title: pack.title }
      await this.load()
      return true
    } catch (e) {
      this.importError = problemOf(e, 'store', name)
      return false
    } finally {
      this.importing = false
    }
  }

  /** Opens an assignment at its next unanswered item. */
  open(id: string | null): void {
    this.#deps.stop?.()
    this.currentId = id
    this.feedback = null
    this.#startItem()
  }

  #startItem(): void {
    this.#shownAt = this.#deps.now()
    this.#plays = 0
    this.replays = 0
  }

  /** Plays the next item's clip (its region); plays after the first count as replays. */
  async play(): Promise<void> {
    const a = this.current
    const item = this.feedback ? a?.pack.items.find((i) => i.id === this.feedback!.itemId) : this.nextItem
    if (!a || !item || !this.#deps.play) return
    const token = ++this.#playToken
    try {
      const clip = await this.#deps.store.getClip(packClipId(a.pack.id, item.id))
      if (!clip) throw Object.assign(new Error('the clip is no longer stored'), { kind: 'missing-clip' })
      if (!this.feedback) {
        if (this.#plays > 0) this.replays++
        this.#plays++
      }
      this.playing = true
      await this.#deps.play(clip.blob, item.region)
    } catch (e) {
      this.error = problemOf(e, 'playback')
    } finally {
      // A newer play (which stopped this one) owns the flag now.
      if (token === this.#playToken) this.playing = false
    }
  }

  /** Grades and stores the answer to the next item (against the pack's label, as the gradebook will). */
  async answer(answer: Answer): Promise<void> {
    const a = this.current
    const item = this.nextItem
    if (!a || !item || this.feedback) return
    const truth = packLabelToLabel(item.label)
    const correct = regrade(item, answer)
    const fields: FieldGrades = Object.fromEntries(
      (Object.keys(answer) as (keyof Answer)[]).map((f) => [f, answer[f] === truth[f]]),
    )
    const now = this.#deps.now()
    const question: Question = {
      id: this.#newId(),
      kind: item.kind,
      label: truth,
      source: { kind: 'clip', clipId: packClipId(a.pack.id, item.id), assignmentId: a.pack.id },
      createdAt: this.#shownAt,
      ...(item.kind === 'same-system' ? { choices: sameSystemChoices(truth) } : {}),
      ...(item.kind === 'same-tonic' ? { choices: sameTonicChoices(truth) } : {}),
    }
    const attempt: Attempt = {
      id: this.#newId(),
      question,
      answer,
      correct,
      fields,
      latency: Math.max(0, now - this.#shownAt),
      replays: this.replays,
      hints: 0,
      at: now,
    }
    try {
      await this.#deps.store.addAttempt(attempt)
      const heldUntil = feedbackHeldUntil(a.pack, now)
      this.feedback = {
        itemId: item.id,
        correct,
        truth,
        answer,
        question,
        ...(heldUntil ? { heldUntil } : {}),
      }
      const done = a.pack.items.every((it) => it.id === item.id || a.answers.has(it.id))
      if (done) await this.#deps.store.putAssignment({ ...a.record, status: 'done' })
      const cur = this.currentId
      await this.load()
      this.currentId = cur
    } catch (e) {
      this.error = problemOf(e, 'store')
    }
  }

  /** Stops the clip (a scale is about to play over it). */
  stopClip(): void {
    this.#playToken++
    this.#deps.stop?.()
    this.playing = false
  }

  /** Leaves the feedback for the next item. */
  next(): void {
    this.#deps.stop?.()
    this.feedback = null
    this.#startItem()
  }

  async setStudentName(name: string): Promise<void> {
    this.studentName = name.trim().slice(0, LIMITS.text.student)
    try {
      await this.#deps.store.setSetting(STUDENT_NAME_KEY, this.studentName)
    } catch (e) {
      this.error = problemOf(e, 'store')
    }
  }

  /** The results file of an assignment (the answers so far), or null with `error` set. */
  async exportResults(id: string): Promise<{ text: string; fileName: string } | null> {
    const a = this.assignments.find((x) => x.record.id === id)
    if (!a || !this.studentName) return null
    const answers: ResultAnswer[] = a.pack.items.flatMap((it) => {
      const at = a.answers.get(it.id)
      if (!at) return []
      return [
        {
          itemId: it.id,
          answer: at.answer,
          correct: at.correct,
          fields: at.fields,
          latencyMs: at.latency,
          replays: at.replays,
          hints: at.hints,
          at: at.at,
        },
      ]
    })
    try {
      const text = await writeResults({
        packId: a.pack.id,
        packChecksum: a.checksum,
        student: this.studentName,
        exportedAt: new Date(this.#deps.now()).toISOString(),
        answers,
        score: { correct: answers.filter((x) => x.correct).length, total: a.pack.items.length },
      })
      return {
        text,
        fileName: `${safeFileName(a.pack.title)}-${safeFileName(this.studentName)}.wusheng-results`,
      }
    } catch (e) {
      this.error = problemOf(e)
      return null
    }
  }

  /** Deletes an imported assignment and its clips (the answers stay in the history). */
  async remove(id: string): Promise<void> {
    try {
      const rec = await this.#deps.store.getAssignment(id)
      await this.#deps.store.deleteAssignment(id)
      for (const clipId of rec?.clipIds ?? []) await this.#deps.store.deleteClip(clipId)
      if (this.currentId === id) this.open(null)
      await this.load()
    } catch (e) {
      this.error = problemOf(e, 'store')
    }
  }
}

function mimeOf(file: string): string {
  const ext = file.split('.').pop()?.toLowerCase() ?? ''
  const map: Record<string, string> = {
    wav: 'audio/wav',
    mp3: 'audio/mpeg',
    ogg: 'audio/ogg',
    oga: 'audio/ogg',
    opus: 'audio/ogg',
    flac: 'audio/flac',
    m4a: 'audio/mp4',
    aac: 'audio/aac',
    webm: 'audio/webm',
  }
  return map[ext] ?? 'application/octet-stream'
}

// --- teacher: gradebook ------------------------------------------------------------------------------------

/** A pack the teacher can grade: one they exported, or one they imported. */
export interface GradablePack {
  readonly recordId: string
  readonly title: string
  readonly manifest: PackManifest
  readonly checksum: string
  readonly origin: 'made' | 'imported'
}

/** Why a file is not counted, as codes the UI translates (the gradebook's own reasons are English). */
export type FlagReason = { readonly code: string; readonly detail?: string }

/** The gradebook: pick a pack, import many results files, see the class. */
export class GradebookDesk {
  packs = $state.raw<GradablePack[]>([])
  selectedId = $state<string | null>(null)
  inputs = $state.raw<GradebookInput[]>([])
  importing = $state(false)
  error = $state.raw<Problem | null>(null)
  selected = $derived(this.packs.find((p) => p.recordId === this.selectedId) ?? null)
  book = $derived.by((): Gradebook | null => {
    const p = this.selected
    return p ? buildGradebook({ manifest: p.manifest, checksum: p.checksum }, this.inputs) : null
  })
  /** Translated reasons per flagged file name. */
  reasons = $derived.by(() => {
    const p = this.selected
    const out = new Map<string, FlagReason[]>()
    if (p) for (const input of this.inputs) out.set(input.fileName, flagReasons(p, input))
    return out
  })

  readonly #deps: AssignmentsDeps

  constructor(deps: AssignmentsDeps) {
    this.#deps = deps
  }

  async load(): Promise<void> {
    try {
      const records = await this.#deps.store.listAssignments()
      this.packs = records.flatMap((r): GradablePack[] => {
        if (r.status === 'draft') {
          const d = r.manifest as unknown as PackDraftData
          return d.lastExport
            ? [
                {
                  recordId: r.id,
                  title: d.lastExport.manifest.title,
                  manifest: d.lastExport.manifest,
                  checksum: d.lastExport.checksum,
                  origin: 'made',
                },
              ]
            : []
        }
        const checked = validateManifest(r.manifest)
        return checked.ok && r.checksum
          ? [
              {
                recordId: r.id,
                title: r.title,
                manifest: checked.pack,
                checksum: r.checksum,
                origin: 'imported',
              },
            ]
          : []
      })
      if (this.selectedId && !this.selected) this.selectedId = null
      if (this.selectedId) await this.select(this.selectedId)
    } catch (e) {
      this.error = problemOf(e, 'store')
    }
  }

  /** Selects a pack and re-reads the results files stored for it. */
  async select(recordId: string | null): Promise<void> {
    this.selectedId = recordId
    this.inputs = []
    const p = this.selected
    if (!p) return
    try {
      const stored = await this.#deps.store.listResults(recordId!)
      const inputs: GradebookInput[] = []
      for (const r of stored) {
        const read = await readResults(JSON.stringify(r.data), {
          packId: p.manifest.id,
          packChecksum: p.checksum,
        })
        inputs.push({ fileName: resultFileName(r), read })
      }
      this.inputs = inputs
    } catch (e) {
      this.error = problemOf(e, 'store')
    }
  }

  /** Imports results files: each readable one is stored (flagged or not); unreadable ones are listed, not stored. */
  async importFiles(files: readonly File[]): Promise<void> {
    const p = this.selected
    if (!p) return
    this.importing = true
    this.error = null
    try {
      const byName = new Map(this.inputs.map((i) => [i.fileName, i]))
      for (const file of files) {
        const bytes = await bytesOf(file)
        const read = await readResults(bytes, { packId: p.manifest.id, packChecksum: p.checksum })
        if (read.ok) {
          const record: ResultRecord = {
            id: `${p.recordId}/${await resultKey(read.results)}/${file.name}`,
            assignmentId: p.recordId,
            student: read.results.student,
            data: read.results as unknown as JsonObject,
            verified: read.flags.length === 0,
            importedAt: this.#deps.now(),
          }
          await this.#deps.store.putResult(record)
        }
        byName.set(file.name, { fileName: file.name, read })
      }
      this.inputs = [...byName.values()]
    } catch (e) {
      this.error = problemOf(e, 'store')
    } finally {
      this.importing = false
    }
  }

  /** The gradebook as CSV; `words` puts its status column in the UI's language (English by default). */
  csv(words?: GradebookCsvWords): string | null {
    return this.book ? gradebookCsv(this.book, words) : null
  }

  /** A pack's clips with their labels, for batch evaluation. Items whose clip is gone are left out. */
  async clipsOf(recordId: string): Promise<{ key: string; blob: Blob; truth: Label }[]> {
    const p = this.packs.find((x) => x.recordId === recordId)
    if (!p) return []
    let clipIdOf = (itemId: string) => packClipId(p.manifest.id, itemId)
    if (p.origin === 'made') {
      const rec = await this.#deps.store.getAssignment(recordId)
      const items = (rec?.manifest as unknown as PackDraftData | undefined)?.items ?? []
      const byItem = new Map(items.map((it) => [it.id, it.clipId]))
      clipIdOf = (itemId) => byItem.get(itemId) ?? ''
    }
    const out: { key: string; blob: Blob; truth: Label }[] = []
    for (const [i, it] of p.manifest.items.entries()) {
      const clip = await this.#deps.store.getClip(clipIdOf(it.id))
      if (clip) out.push({ key: `${i + 1}. ${it.name}`, blob: clip.blob, truth: packLabelToLabel(it.label) })
    }
    return out
  }
}

async function resultKey(r: ResultsFile): Promise<string> {
  return (await sha256Hex(r.integrity.digest + r.student)).slice(0, 16)
}

function resultFileName(r: ResultRecord): string {
  const parts = r.id.split('/')
  return parts.slice(2).join('/') || r.student
}

/** The reasons a results file is left out, as codes; [] when it counts. Mirrors buildGradebook's checks. */
export function flagReasons(p: GradablePack, input: GradebookInput): FlagReason[] {
  if (!input.read.ok) return [{ code: `pack.${input.read.error.code}`, detail: input.read.error.message }]
  const { results, flags } = input.read
  const items = new Map(p.manifest.items.map((i) => [i.id, i]))
  const out: FlagReason[] = flags
    .filter((f) => f.code !== 'other-pack' && f.code !== 'pack-changed')
    .map((f) => ({ code: f.code, detail: f.message }))
  if (results.packId !== p.manifest.id) out.push({ code: 'other-pack' })
  else if (results.packChecksum !== p.checksum) out.push({ code: 'pack-changed' })
  const unknown = results.answers.filter((a) => !items.has(a.itemId))
  if (unknown.length) out.push({ code: 'unknown-item', detail: unknown.map((a) => a.itemId).join(', ') })
  const disagree = results.answers.filter(
    (a) => items.has(a.itemId) && regrade(items.get(a.itemId)!, a.answer) !== a.correct,
  )
  if (disagree.length) out.push({ code: 'grade-mismatch', detail: String(disagree.length) })
  return out
}

// --- the page ------------------------------------------------------------------------------------------------

/** The Assignments page: the remembered student/teacher mode and the three desks. */
export class AssignmentsSession {
  mode = $state<AssignmentsMode>('student')
  ready = $state(false)
  readonly editor: PackEditor
  readonly student: StudentDesk
  readonly gradebook: GradebookDesk
  readonly #deps: AssignmentsDeps

  constructor(deps: AssignmentsDeps) {
    this.#deps = deps
    this.editor = new PackEditor(deps)
    this.student = new StudentDesk(deps)
    this.gradebook = new GradebookDesk(deps)
  }

  async load(): Promise<void> {
    try {
      const mode = await this.#deps.store.getSetting(MODE_KEY)
      if (mode === 'teacher' || mode === 'student') this.mode = mode
    } catch {
      // The default mode is fine; the desks below report store failures themselves.
    }
    await Promise.all([this.editor.load(), this.student.load(), this.gradebook.load()])
    this.ready = true
  }

  async setMode(mode: AssignmentsMode): Promise<void> {
    this.mode = mode
    await this.#deps.store.setSetting(MODE_KEY, mode).catch(() => {})
    await Promise.all([this.student.load(), this.gradebook.load()])
  }
}
