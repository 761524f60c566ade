import { afterEach, describe, expect, test } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { BackupError, exportBackup, importBackup } from './backup.ts'
import { MANIFEST_NAME } from './backup-format.ts'
import { deleteDatabase, openStore } from './idb-store.ts'
import type { Store } from './store.ts'
import { makePackManifest, makeResultsData, uniqueDbName } from './test-fixtures.ts'
import type { AssignmentsDeps } from '../state/assignments/deps.ts'
import { PackEditor } from '../state/assignments/pack-editor.svelte.ts'
import { AssignmentsSession } from '../state/assignments/session.svelte.ts'
import { labelFromTonic } from '../theory/label.ts'

const opened: Store[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) {
    s.close()
    await deleteDatabase(s.name)
  }
})

async function freshStore(): Promise<Store> {
  const store = await openStore(uniqueDbName('damaged'))
  opened.push(store)
  return store
}

const EVIL_DRAFT = {
  id: 'draft-evil',
  title: 'evil',
  manifest: { evil: true },
  clipIds: [],
  status: 'draft' as const,
  createdAt: 1,
}

function deps(store: Store): AssignmentsDeps {
  let n = 0
  return {
    store,
    now: () => 1_750_000_000_000 + ++n,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    decode: async () => {
      throw new Error('not used')
    },
    identify: async () => {
      throw new Error('not used')
    },
    play: async () => {},
  }
}

describe('a stored record the app cannot read is damaged, not fatal', () => {
  test('every draft the editor writes passes the draft schema: proposals, a model answer, a region, an export', async () => {
    const store = await freshStore()
    const tone = (seconds: number) => ({
      samples: Float32Array.from(
        { length: 16_000 * seconds },
        (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16_000),
      ),
      sampleRate: 16_000,
      duration: seconds,
      channels: 1,
      name: 'x',
    })
    const d: AssignmentsDeps = {
      ...deps(store),
      decode: async () => tone(2),
      identify: async () =>
        ({
          ok: true,
          label: labelFromTonic(9, 'yu'),
          confidence: 0.8,
          alternatives: [],
          frames: [],
          duration: 2,
        }) as never,
      askModel: async () => '这段音乐是D商调式。',
    }
    const editor = new PackEditor(d)
    await editor.create()
    editor.update({ title: 'Week 1', instructions: 'Listen.\nTwice.', due: '2030-06-01' })
    await editor.addFiles([
      new File([new Uint8Array([1, 2, 3])], 'a.wav'),
      new File([new Uint8Array([4])], 'b.wav'),
    ])
    const [a, b] = editor.draft!.items
    editor.updateItem(a.id, { confirmed: true, region: { start: 0.5, end: 1.5 }, kind: 'pattern' })
    editor.updateItem(b.id, { tonic: 2, pattern: 'shang', type: 'heptatonic-yanyue', confirmed: true })
    expect(await editor.exportPack()).not.toBeNull()
    await new Promise((r) => setTimeout(r, 100))
    expect(await store.listDamaged()).toEqual([])
    const again = new PackEditor(d)
    await again.load()
    await again.open(again.drafts[0].id)
    expect(again.draft?.items[0].model?.status).toBe('done')
    expect(again.draft?.lastExport).toBeDefined()
  })

  test('the {"evil": true} draft is kept out of the teacher and student desks, listed, exported and deleted', async () => {
    const store = await freshStore()
    const editor = new PackEditor(deps(store))
    await editor.create()
    editor.update({ title: 'Real draft' })
    await new Promise((r) => setTimeout(r, 50))
    await store.putAssignment(EVIL_DRAFT)
    await store.putAssignment({
      id: 'pack-bad',
      title: 'broken pack',
      manifest: { ...makePackManifest(), items: 'nope' },
      clipIds: [],
      status: 'assigned',
      createdAt: 2,
    })
    await store.putResult({
      id: 'r-bad',
      assignmentId: 'p',
      student: 'x',
      data: { score: 1 },
      verified: true,
      importedAt: 3,
    })
    await store.putResult({
      id: 'r-ok',
      assignmentId: 'p',
      student: 'Li',
      data: makeResultsData(),
      verified: true,
      importedAt: 3,
    })

    // The pages load: the real draft is there, the damaged ones are not.
    const teacher = new PackEditor(deps(store))
    await teacher.load()
    expect(teacher.drafts.map((d) => d.title)).toEqual(['Real draft'])
    expect(teacher.saveError).toBeNull()
    await teacher.open('draft-evil')
    expect(teacher.draft).toBeNull()
    const session = new AssignmentsSession(deps(store))
    await session.load()
    expect(session.student.error).toBeNull()
    expect((await store.listResults()).map((r) => r.id)).toEqual(['r-ok'])

    const damaged = await store.listDamaged()
    expect(damaged.map((d) => [d.store, d.id])).toEqual([
      ['assignments', 'draft-evil'],
      ['assignments', 'pack-bad'],
      ['results', 'r-bad'],
    ])
    expect(damaged[0].problem).toBe('its draft is not one the editor wrote (evil: unexpected field)')
    expect(damaged[0].value).toMatchObject({ manifest: { evil: true } })
    // A backup leaves them out (so it imports again); the good records are in it.
    const backup = unzipSync(new Uint8Array(await (await exportBackup(store)).arrayBuffer()))
    const m = JSON.parse(strFromU8(backup[MANIFEST_NAME]))
    expect(m.assignments.map((a: { title: string }) => a.title)).toEqual(['Real draft'])
    // A good record cannot be deleted through the damaged path; a damaged one can.
    await expect(store.deleteDamaged({ store: 'results', id: 'r-ok' })).rejects.toThrow(/not damaged/)
    for (const d of damaged) await store.deleteDamaged(d)
    expect(await store.listDamaged()).toEqual([])
    expect((await store.listResults()).map((r) => r.id)).toEqual(['r-ok'])
  })

  test('a backup carrying the {"evil": true} draft, a broken pack or a broken result is refused', async () => {
    const source = await freshStore()
    const editor = new PackEditor(deps(source))
    await editor.create()
    await new Promise((r) => setTimeout(r, 50))
    const good = unzipSync(new Uint8Array(await (await exportBackup(source)).arrayBuffer()))
    const manifest = JSON.parse(strFromU8(good[MANIFEST_NAME]))
    expect(manifest.assignments).toHaveLength(1)
    const variants = [
      { ...manifest, assignments: [...manifest.assignments, EVIL_DRAFT] },
      {
        ...manifest,
        assignments: [{ ...EVIL_DRAFT, status: 'assigned', manifest: { format: 'wusheng-pack' } }],
      },
      {
        ...manifest,
        results: [
          { id: 'r', assignmentId: 'p', student: 's', data: { a: 1 }, verified: true, importedAt: 1 },
        ],
      },
    ]
    const target = await freshStore()
    for (const v of variants) {
      const file = new Blob([zipSync({ ...good, [MANIFEST_NAME]: strToU8(JSON.stringify(v)) })])
      const error = await importBackup(target, file).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BackupError)
      expect((error as BackupError).reason).toBe('invalid-data')
      expect((await target.snapshot()).assignments).toEqual([])
    }
    // The untouched backup imports, and its draft opens.
    await importBackup(target, new Blob([zipSync(good)]))
    const teacher = new PackEditor(deps(target))
    await teacher.load()
    expect(teacher.drafts).toHaveLength(1)
  })
})
