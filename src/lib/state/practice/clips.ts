import type { ClipRecord } from '../../store/schema.ts'
import type { Label } from '../../theory/label.ts'
import type { ClipRef } from '../../tutor/questions.ts'
import { clipMissing } from '../question-sound.ts'
import type { PracticeStore } from './deps.ts'

/** The recordings of stored clips, each read from the store once; a clip that is gone is a `clipMissing` error. */
export class ClipBlobs {
  readonly #store: Pick<PracticeStore, 'getClip'> | null
  readonly #cache = new Map<string, Blob>()

  constructor(store: Pick<PracticeStore, 'getClip'> | null) {
    this.#store = store
  }

  async get(id: string): Promise<Blob> {
    const cached = this.#cache.get(id)
    if (cached) return cached
    const clip = await this.#store?.getClip(id)
    if (!clip) throw clipMissing(id)
    this.#cache.set(id, clip.blob)
    return clip.blob
  }
}

/** The stored clips a question can be asked about: those with a label. */
export function clipRefs(records: readonly ClipRecord[]): ClipRef[] {
  return records.filter(hasLabel).map((c) => ({ clipId: c.id, label: c.label }))
}

function hasLabel(c: ClipRecord): c is ClipRecord & { label: Label } {
  return c.label !== undefined && !c.label.empty
}
