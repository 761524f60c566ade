import { afterEach, describe, expect, it } from 'vitest'
import { readResults } from '../../packs/index.ts'
import { AssignmentsSession } from './session.svelte.ts'
import { closeStores, deps, exportedPack } from './test-fixtures.ts'

afterEach(closeStores)

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
