// Fakes for the Assignments desks' tests: a fresh store, a decoder that hears a tone, an analyzer that says A yu.
import { deleteDatabase, openStore } from '../../store/idb-store.ts'
import type { Store } from '../../store/store.ts'
import { uniqueDbName } from '../../store/test-fixtures.ts'
import { labelFromTonic } from '../../theory/label.ts'
import type { AnalysisResult } from '../../analysis/types.ts'
import type { DecodedAudio } from '../../audio/types.ts'
import type { AssignmentsDeps } from './deps.ts'
import { PackEditor } from './pack-editor.svelte.ts'

const opened: Store[] = []

/** Closes and deletes the stores the tests opened (call it in afterEach). */
export async function closeStores(): Promise<void> {
  for (const s of opened.splice(0)) {
    s.close()
    await deleteDatabase(s.name)
  }
}

export const tone = (seconds: number): DecodedAudio => ({
  samples: Float32Array.from(
    { length: 16_000 * seconds },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16_000),
  ),
  sampleRate: 16_000,
  duration: seconds,
  channels: 1,
  name: 'x',
})

export const found = (tonic: number, pattern: 'yu' | 'shang'): AnalysisResult =>
  ({
    ok: true,
    label: labelFromTonic(tonic, pattern),
    confidence: 0.8,
    alternatives: [],
    frames: [],
    duration: 2,
  }) as unknown as AnalysisResult

/** Deps on a fresh store: a clock ticking 1 s per call, numbered ids, `.txt` files refused as not audio. */
export async function deps(over: Partial<AssignmentsDeps> = {}): Promise<AssignmentsDeps> {
  const store = await openStore(uniqueDbName('assign'))
  opened.push(store)
  let t = 1_750_000_000_000
  let n = 0
  return {
    store,
    now: () => (t += 1000),
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    decode: async (blob, name) => {
      if (name.endsWith('.txt'))
        throw Object.assign(new Error(`"${name}" is not audio`), { kind: 'not-audio' })
      return tone(2)
    },
    identify: async () => found(9, 'yu'),
    play: async () => {},
    ...over,
  }
}

export const wavFile = (name: string) => new File([new Uint8Array([1, 2, 3])], name)

/** A teacher's exported pack of two clips (A yu, D shang), as bytes. */
export async function exportedPack(d: AssignmentsDeps): Promise<Uint8Array> {
  const editor = new PackEditor(d)
  await editor.create()
  editor.update({ title: 'Week 1', instructions: 'Listen.' })
  await editor.addFiles([wavFile('a.wav'), wavFile('d.wav')])
  const [a, b] = editor.draft!.items
  editor.updateItem(a.id, { confirmed: true })
  editor.updateItem(b.id, { tonic: 2, pattern: 'shang', confirmed: true })
  const out = await editor.exportPack()
  if (!out) throw new Error(`export failed: ${JSON.stringify(editor.exportError)}`)
  return out.bytes
}
