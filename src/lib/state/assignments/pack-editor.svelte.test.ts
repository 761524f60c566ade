import { afterEach, describe, expect, it } from 'vitest'
import { readPack } from '../../packs/index.ts'
import { PackEditor } from './pack-editor.svelte.ts'
import { closeStores, deps, wavFile } from './test-fixtures.ts'

afterEach(closeStores)

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
