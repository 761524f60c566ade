/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Dates here are local lookups or values replaced whole in $state.raw fields, never mutated in place */
import type { DecodedAudio } from '../../audio/types.ts'
import { encodeWav } from '../../audio/wav.ts'
import { LIMITS, readPack, writePack, PackWriteError } from '../../packs/index.ts'
import { sha256Hex } from '../../archive/hash.ts'
import {
  DRAFT_FORMAT,
  type DraftItem,
  type LabelFields,
  type PackDraftData,
  type Proposal,
} from '../../packs/draft.ts'
import type { AssignmentRecord, JsonObject } from '../../store/schema.ts'
import { labelFromTonic, type Label } from '../../theory/label.ts'
import type { Seconds } from '../../theory/units.ts'
import { defaultSegment } from '../analyze.svelte.ts'
import type { AssignmentsDeps } from './deps.ts'
import {
  analyzerProposal,
  DEFAULT_KIND,
  DEFAULT_PASS,
  draftIssues,
  modelProposal,
  packDraftOf,
} from './draft-rules.ts'
import { bytesOf, safeFileName } from './files.ts'
import { problemOf, type Problem } from './problem.ts'

// The draft's shape lives with the pack format; the UI reaches it (and the label text the pack will carry) here.
export { DRAFT_FORMAT, type DraftItem, type LabelFields, type PackDraftData, type Proposal }

/** A confirmed clip of the open draft, with its label and region (see PackEditor.confirmedClips). */
export interface ConfirmedClip {
  readonly key: string
  readonly blob: Blob
  readonly label: Label
  readonly region: { start: Seconds; end: Seconds } | null
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

  /** Changes one item; picking a label field counts as confirming the label. */
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
        (r) => this.#setProposal(itemId, 'analyzer', analyzerProposal(r)),
        (e) => this.#setProposal(itemId, 'analyzer', { status: 'failed', reason: problemOf(e).kind }),
      ),
    ]
    const ask = this.#deps.askModel
    if (ask) {
      this.#setProposal(itemId, 'model', { status: 'running' })
      jobs.push(
        ask(encodeWav(part, audio.sampleRate)).then(
          (raw) => this.#setProposal(itemId, 'model', modelProposal(raw)),
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

  /** Writes the `.wusheng` file, remembers what was exported (for the gradebook), and returns its bytes. */
  async exportPack(): Promise<{ bytes: Uint8Array; fileName: string } | null> {
    const d = this.draft
    if (!d || draftIssues(d).length) return null
    this.exporting = true
    this.exportError = null
    try {
      await this.#saving
      const pd = packDraftOf(d, new Date(this.#deps.now()).toISOString())
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
  async confirmedClips(): Promise<ConfirmedClip[]> {
    const out: ConfirmedClip[] = []
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
