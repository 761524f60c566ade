import { afterEach, describe, expect, it } from 'vitest'
import { deleteDatabase, openStore } from '../store/idb-store.ts'
import type { Store } from '../store/store.ts'
import { uniqueDbName } from '../store/test-fixtures.ts'
import { labelFromTonic } from '../theory/label.ts'
import type { AnalysisResult } from '../analysis/types.ts'
import type { DecodedAudio } from '../audio/types.ts'
import { readPack, readResults } from '../packs/index.ts'
import { AssignmentsSession, PackEditor, type AssignmentsDeps } from './assignments.svelte.ts'

let store: Store | undefined
let dbName = ''
afterEach(async () => {
  store?.close()
  await deleteDatabase(dbName)
})

const tone = (seconds: number): DecodedAudio => ({
  samples: Float32Array.from(
    { length: 16_000 * seconds },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16_000),
  ),
  sampleRate: 16_000,
  duration: seconds,
  channels: 1,
  name: 'x',
})

const found = (tonic: number, pattern: 'yu' | 'shang'): AnalysisResult =>
  ({
    ok: true,
    label: labelFromTonic(tonic, pattern),
    confidence: 0.8,
    alternatives: [],
    frames: [],
    duration: 2,
  }) as unknown as AnalysisResult

async function deps(over: Partial<AssignmentsDeps> = {}): Promise<AssignmentsDeps> {
  dbName = uniqueDbName('assign')
  store = await openStore(dbName)
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

const wavFile = (name: string) => new File([new Uint8Array([1, 2, 3])], name)

/** A teacher's exported pack of two clips (A yu, D shang), as bytes. */
async function exportedPack(d: AssignmentsDeps): Promise<Uint8Array> {
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

describe('PackEditor', () => {
  it('previews an item as the student will hear it: its region, and a second press stops it', async () => {
    const played: { size: number; region?: { start: number; end: number } }[] = []
    let end: () => void = () => {}
    let stopped = 0
    const d = await deps({
      play: (blob, region) => {
        played.push({ size: blob.size, ...(region ? { region } : {}) })
        return new Promise<void>((r) => (end = r))
      },
      stop: () => {
        stopped++
        end()
      },
    })
    const editor = new PackEditor(d)
    await editor.create()
    await editor.addFiles([wavFile('a.wav'), wavFile('d.wav')])
    const [a, b] = editor.draft!.items
    editor.updateItem(b.id, { region: { start: 0.5, end: 1.5 } })
    const first = editor.preview(a.id)
    await new Promise((r) => setTimeout(r, 20))
    expect(editor.previewing).toBe(a.id)
    expect(played).toEqual([{ size: expect.any(Number) }])
    expect(played[0].size).toBeGreaterThan(0)
    await editor.preview(a.id)
    await first
    expect(stopped).toBe(1)
    expect(editor.previewing).toBeNull()
    void editor.preview(b.id)
    await new Promise((r) => setTimeout(r, 20))
    expect(played[1]).toEqual({ size: expect.any(Number), region: { start: 0.5, end: 1.5 } })
    end()
  })

  it('adds clips with the analyzer proposal, refuses export until every label is confirmed, exports a readable pack', async () => {
    const d = await deps()
    const editor = new PackEditor(d)
    await editor.create()
    editor.update({ title: 'Week 1' })
    await editor.addFiles([wavFile('a.wav'), wavFile('notes.txt')])
    expect(editor.addProblems).toEqual([expect.objectContaining({ kind: 'not-audio', name: 'notes.txt' })])
    const [item] = editor.draft!.items
    expect(editor.draft!.items).toHaveLength(1)
    expect(item).toMatchObject({
      tonic: 9,
      pattern: 'yu',
      confirmed: false,
      analyzer: { status: 'done', confidence: 0.8 },
    })
    expect(editor.issues).toEqual([{ kind: 'unconfirmed', name: 'a.wav' }])
    expect(await editor.exportPack()).toBeNull()
    editor.updateItem(item.id, { confirmed: true, region: { start: 0.5, end: 1.5 }, kind: 'pattern' })
    const out = await editor.exportPack()
    expect(out?.fileName).toBe('Week-1.wusheng')
    const read = await readPack(out!.bytes)
    expect(read.ok && read.pack.items[0]).toMatchObject({
      label: { text: 'A羽五声', tonic: 9, pattern: 'yu' },
      kind: 'pattern',
      region: { start: 0.5, end: 1.5 },
    })
    // The draft, with what was exported, is still there for a new page (a reload).
    const again = new PackEditor(d)
    await again.load()
    expect(again.drafts).toHaveLength(1)
    await again.open(again.drafts[0].id)
    expect(again.draft?.lastExport?.checksum).toBe(read.ok && read.checksum)
  })

  it("shows the model's proposal when a model is configured", async () => {
    const d = await deps({ askModel: async () => '这段音乐是D商调式。' })
    const editor = new PackEditor(d)
    await editor.addFiles([wavFile('d.wav')])
    expect(editor.draft!.items[0].model).toMatchObject({
      status: 'done',
      label: { tonic: 2, pattern: 'shang' },
    })
  })
})

describe('student and gradebook', () => {
  it('a bad pack writes nothing; a good one is done in order, stored as attempts, exported and graded', async () => {
    const d = await deps()
    const bytes = await exportedPack(d)
    const session = new AssignmentsSession(d)
    await session.load()
    const desk = session.student
    const before = (await d.store.listAssignments()).length

    expect(await desk.importPack(new Blob(['just text']), 'bad.wusheng')).toBe(false)
    expect(desk.importError).toMatchObject({ kind: 'pack.not-zip', name: 'bad.wusheng' })
    expect(await d.store.listAssignments()).toHaveLength(before)

    expect(await desk.importPack(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'week1.wusheng')).toBe(true)
    expect(desk.assignments).toHaveLength(1)
    expect(await desk.importPack(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'week1.wusheng')).toBe(true)
    expect(desk.importNotice?.kind).toBe('already')
    expect(desk.assignments).toHaveLength(1)

    const id = desk.assignments[0].record.id
    desk.open(id)
    expect(desk.nextItem?.id).toBe('item-1')
    await desk.play()
    await desk.play()
    await desk.answer({ tonic: 9, pattern: 'yu' })
    expect(desk.feedback).toMatchObject({ correct: true })
    desk.next()
    expect(desk.nextItem?.id).toBe('item-2')
    await desk.answer({ tonic: 2, pattern: 'gong' })
    expect(desk.feedback).toMatchObject({ correct: false })
    expect(desk.nextItem).toBeNull()
    const attempts = await d.store.listAttempts({ source: 'assignment' })
    expect(attempts).toHaveLength(2)
    expect(attempts.find((a) => a.correct)?.replays).toBe(1)

    await desk.setStudentName('  Li Hua ')
    const results = await desk.exportResults(id)
    expect(results?.fileName).toMatch(/\.wusheng-results$/)

    await session.gradebook.load()
    const made = session.gradebook.packs.find((p) => p.origin === 'made')!
    await session.gradebook.select(made.recordId)
    const edited = results!.text.replace('"student": "Li Hua"', '"student": "Li Hua (edited)"')
    await session.gradebook.importFiles([
      new File([results!.text], 'li.wusheng-results'),
      new File([edited], 'li-edited.wusheng-results'),
      new File(['{'], 'broken.wusheng-results'),
    ])
    const book = session.gradebook.book!
    expect(book.students).toEqual([
      expect.objectContaining({ student: 'Li Hua', correct: 1, total: 2, score: 0.5, pass: false }),
    ])
    expect(book.flagged.map((f) => f.fileName).sort()).toEqual([
      'broken.wusheng-results',
      'li-edited.wusheng-results',
    ])
    expect(session.gradebook.reasons.get('li-edited.wusheng-results')).toEqual([
      expect.objectContaining({ code: 'edited' }),
    ])
    expect(session.gradebook.reasons.get('broken.wusheng-results')).toEqual([
      expect.objectContaining({ code: 'pack.bad-json' }),
    ])
    expect(session.gradebook.csv()).toMatch(/^student,file,status,score,pass/)
    // The status column in the UI's language: no English left in a Chinese export.
    const zh = session.gradebook.csv({
      counted: '计入',
      pass: '及格',
      fail: '不及格',
      flagged: (f) => `未计入：${f.fileName === 'li-edited.wusheng-results' ? '被改过' : '读不出'}`,
      duplicate: () => '重复',
    })!
    expect(zh).toContain('li-edited.wusheng-results,未计入：被改过')
    expect(zh).toContain('Li Hua,li.wusheng-results,计入,0.5,不及格')
    expect(zh).not.toMatch(/flagged|counted|fail/)
    // Readable files were stored: a new page sees them again (the unreadable one is not kept).
    await session.gradebook.select(made.recordId)
    expect(session.gradebook.inputs.map((i) => i.fileName).sort()).toEqual([
      'li-edited.wusheng-results',
      'li.wusheng-results',
    ])
    expect((await readResults(results!.text)).ok).toBe(true)
  })

  it('remembers the mode', async () => {
    const d = await deps()
    const s = new AssignmentsSession(d)
    await s.load()
    expect(s.mode).toBe('student')
    await s.setMode('teacher')
    const again = new AssignmentsSession(d)
    await again.load()
    expect(again.mode).toBe('teacher')
  })
})
