/* eslint-disable svelte/prefer-svelte-reactivity -- Maps here are local lookups or values replaced whole in $state.raw fields, never mutated in place */
import {
  buildGradebook,
  gradebookCsv,
  packLabelToLabel,
  readResults,
  regrade,
  validateManifest,
  type Gradebook,
  type GradebookCsvWords,
  type GradebookInput,
  type PackManifest,
  type ResultsFile,
} from '../../packs/index.ts'
import { sha256Hex } from '../../archive/hash.ts'
import type { PackDraftData } from '../../packs/draft.ts'
import type { JsonObject, ResultRecord } from '../../store/schema.ts'
import type { Label } from '../../theory/label.ts'
import type { AssignmentsDeps } from './deps.ts'
import { bytesOf, packClipId } from './files.ts'
import { problemOf, type Problem } from './problem.ts'

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
