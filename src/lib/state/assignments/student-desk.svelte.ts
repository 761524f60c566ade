/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Dates here are local lookups or values replaced whole in $state.raw fields, never mutated in place */
import {
  LIMITS,
  packLabelToLabel,
  regrade,
  validateManifest,
  writeResults,
  type PackManifest,
  type ResultAnswer,
} from '../../packs/index.ts'
import { readPackOffThread } from '../../packs/read-off-thread.ts'
import type { AssignmentRecord, AttemptRecord, JsonObject } from '../../store/schema.ts'
import type { Label } from '../../theory/label.ts'
import type { Timestamp } from '../../theory/units.ts'
import { sameSystemChoices, sameTonicChoices } from '../../tutor/questions.ts'
import type { Answer, Attempt, FieldGrades, Question } from '../../tutor/types.ts'
import type { AssignmentsDeps } from './deps.ts'
import { packClipId, safeFileName } from './files.ts'
import { packProblem, problemOf, type Problem } from './problem.ts'
import { readStudentName } from '../setting-readers.ts'

/** The setting that remembers the student's name (for the results files). */
export const STUDENT_NAME_KEY = 'assignments.studentName'

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
  /** The next item's label, as the pack gives it (what its answer is graded against). */
  nextTruth = $derived(this.nextItem ? packLabelToLabel(this.nextItem.label) : null)

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
      const name = readStudentName(await store.getSetting(STUDENT_NAME_KEY))
      if (name !== null) this.studentName = name
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
