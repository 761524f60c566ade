// The Store's observable behaviour, as tests any implementation must pass: store.browser.test.ts runs them on
// IndexedDB (openStore), memory-store.test.ts on the memory store. `open` gives a fresh, empty store each time;
// the caller closes and deletes what it opened.
import { describe, expect, test } from 'vitest'
import { StoreError } from './errors.ts'
import { toStatsRow, type CardRecord } from './schema.ts'
import type { Store } from './store.ts'
import {
  bytesOf,
  makeAttempt,
  makeBytes,
  makeCard,
  makeClip,
  makePackManifest,
  makeResultsData,
} from './test-fixtures.ts'

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    describe('attempts', () => {
      test('listAttempts filters by time, pattern, correctness and source, newest first, with a limit', async () => {
        const store = await open()
        for (let i = 0; i < 30; i++)
          await store.addAttempt(
            makeAttempt(i, i >= 25 ? { kind: 'clip', clipId: 'c', assignmentId: 'p' } : undefined),
          )
        const t0 = makeAttempt(0).at

        const all = await store.listAttempts()
        expect(all.map((a) => a.id)).toEqual(Array.from({ length: 30 }, (_, i) => `a${29 - i}`))
        expect((await store.listAttempts({ order: 'oldest', limit: 3 })).map((a) => a.id)).toEqual([
          'a0',
          'a1',
          'a2',
        ])
        const window = await store.listAttempts({ from: t0 + 10_000, to: t0 + 12_000 })
        expect(window.map((a) => a.id)).toEqual(['a12', 'a11', 'a10'])
        const yu = await store.listAttempts({ pattern: 'yu' })
        expect(yu.map((a) => a.id)).toEqual(['a29', 'a24', 'a19', 'a14', 'a9', 'a4'])
        const wrongYu = await store.listAttempts({ pattern: 'yu', correct: false })
        expect(wrongYu.map((a) => a.id)).toEqual(['a24', 'a9'])
        expect((await store.listAttempts({ source: 'assignment' })).length).toBe(5)
        expect((await store.listAttempts({ source: 'melody', limit: 2 })).map((a) => a.id)).toEqual([
          'a24',
          'a23',
        ])
        expect(await store.listAttempts({ limit: 0 })).toEqual([])
        // Two ways to read one pattern (its index, or the time index with a range) give the same order, ties included.
        await store.addAttempt({ ...makeAttempt(4), id: 'a4-twin' })
        for (const order of ['newest', 'oldest'] as const) {
          const viaPattern = await store.listAttempts({ pattern: 'yu', order })
          const viaTime = await store.listAttempts({ pattern: 'yu', order, from: 0 })
          expect(viaPattern.map((a) => a.id)).toEqual(viaTime.map((a) => a.id))
          expect(viaPattern.length).toBe(7)
        }
        expect(await store.countAttempts()).toBe(31)
      })

      test('an attempt reads back equal to what was saved, plus its indexed source', async () => {
        const store = await open()
        const a = makeAttempt(7, { kind: 'clip', clipId: 'c9' })
        await store.addAttempt(a)
        expect(await store.getAttempt('a7')).toEqual({ ...a, source: 'clip' })
      })

      test('recordAttempt re-reads the cards as stored: answers saved at once lose nothing', async () => {
        const store = await open()
        const bump = (stored: readonly CardRecord[]) => {
          const c = stored.find((x) => x.key === 'k') ?? makeCard('k', 'k', 1)
          return [{ ...c, card: { ...c.card, reps: c.card.reps + 1 } }]
        }
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.recordAttempt(makeAttempt(i), bump)))
        expect(await store.countAttempts()).toBe(20)
        expect((await store.getCardByKey('k'))?.card.reps).toBe(makeCard('k', 'k', 1).card.reps + 20)
      })

      test('a record read back is a copy: changing it changes nothing stored', async () => {
        const store = await open()
        await store.addAttempt(makeAttempt(1))
        const read = (await store.getAttempt('a1')) as { correct: boolean }
        read.correct = !read.correct
        expect((await store.getAttempt('a1'))?.correct).toBe(makeAttempt(1).correct)
      })
    })

    describe('statistics rows', () => {
      test('every saved attempt has its row, a replaced attempt its new row, read oldest first with ties by id', async () => {
        const store = await open()
        for (let i = 0; i < 200; i++) await store.addAttempt(makeAttempt(i))
        // Same time as a3: the tie is ordered by id, as the time index orders it.
        await store.addAttempt({ ...makeAttempt(3), id: 'a3-twin' })
        // Replaced (same id): answered right this time, and moved to another rung.
        const again = { ...makeAttempt(9), correct: true, fields: { tonic: true, pattern: true } }
        await store.addAttempt({ ...again, question: { ...again.question, rung: 'penta-scale' } })

        const attempts = await store.listAttempts({ order: 'oldest' })
        const rows = await store.listAttemptStats()
        expect(rows).toHaveLength(201)
        expect(rows).toEqual(attempts.map(toStatsRow))
        expect(rows.slice(3, 5).map((r) => r.id)).toEqual(['a3', 'a3-twin'])
        expect(rows.find((r) => r.id === 'a9')).toMatchObject({
          correct: true,
          question: { rung: 'penta-scale' },
        })
        // What a row keeps: what computeStats reads, nothing of the source, choices, analyzer or model.
        expect(Object.keys(rows[0]).sort()).toEqual(
          ['answer', 'at', 'correct', 'fields', 'hints', 'id', 'latency', 'question', 'replays'].sort(),
        )
      })

      test('a merge adds rows for the attempts it adds, and leaves the rows of kept attempts alone', async () => {
        const store = await open()
        await store.addAttempt(makeAttempt(1))
        const snap = await store.snapshot()
        const changed = { ...makeAttempt(1), correct: false, source: 'melody' as const }
        const counts = await store.merge({
          ...snap,
          attempts: [changed, ...[2, 3].map((i) => ({ ...makeAttempt(i), source: 'melody' as const }))],
        })
        expect(counts.attempts).toEqual({ added: 2, skipped: 1 })
        const rows = await store.listAttemptStats()
        expect(rows).toEqual((await store.listAttempts({ order: 'oldest' })).map(toStatsRow))
        // The local a1 (right) is kept, not the backup's (wrong).
        expect(rows[0]).toMatchObject({ id: 'a1', correct: true })
      })
    })

    describe('clips, cards, settings, assignments, outbox', () => {
      test('a clip keeps its audio bytes and metadata', async () => {
        const store = await open()
        const clip = makeClip('c1', 5000, { sha256: 'cd'.repeat(32) })
        await store.putClip(clip)
        await store.putClip(makeClip('c2', 10, { origin: 'recording', createdAt: 1 }))
        const back = await store.getClip('c1')
        expect(back?.name).toBe('c1.wav')
        expect(back?.label).toEqual(clip.label)
        expect(await bytesOf(back!.blob)).toEqual(await bytesOf(clip.blob))
        expect((await store.listClips()).map((c) => c.id)).toEqual(['c2', 'c1'])
        expect((await store.listClips('recording')).map((c) => c.id)).toEqual(['c2'])
        expect((await store.findClipBySha256('cd'.repeat(32)))?.id).toBe('c1')
        await store.deleteClip('c1')
        expect(await store.getClip('c1')).toBeUndefined()
      })

      test('cards: by key, due before now, and one card per key', async () => {
        const store = await open()
        await store.putCard(makeCard('k1', 'confusion:yu>shang', 100))
        await store.putCard(makeCard('k2', 'clip:c1', 300))
        await store.putCard(makeCard('k3', 'confusion:gong>zhi', 200))
        expect((await store.getCardByKey('clip:c1'))?.id).toBe('k2')
        expect((await store.listDueCards(250)).map((c) => c.id)).toEqual(['k1', 'k3'])
        const dup = await store.putCard(makeCard('k4', 'clip:c1', 1)).catch((e: unknown) => e)
        expect(dup).toBeInstanceOf(StoreError)
        expect((dup as StoreError).kind).toBe('invalid')
        expect((await store.listCards()).length).toBe(3)
      })

      test('settings round-trip; the API key is stored but never in a snapshot', async () => {
        const store = await open()
        await store.setSetting('ui.locale', 'zh')
        await store.setSetting('model.baseUrl', 'http://gpu.lab:8000')
        await store.setSetting('model.maxTokens', 64)
        await store.setSetting('model.apiKey', 'sk-secret')
        expect(await store.getSetting('model.apiKey')).toBe('sk-secret')
        const snap = await store.snapshot()
        expect(snap.settings.map((s) => s.key).sort()).toEqual([
          'model.baseUrl',
          'model.maxTokens',
          'ui.locale',
        ])
        await store.deleteSetting('ui.locale')
        expect(await store.getSetting('ui.locale')).toBeUndefined()
      })

      test('deleting an assignment deletes its results, not others', async () => {
        const store = await open()
        const base = {
          manifest: makePackManifest(),
          clipIds: ['c1'],
          status: 'assigned' as const,
          createdAt: 1,
        }
        await store.putAssignment({ id: 'p1', title: 'Week 1', ...base })
        await store.putAssignment({ id: 'p2', title: 'Week 2', ...base, createdAt: 2 })
        const result = { student: 'Li', data: makeResultsData(), verified: true, importedAt: 5 }
        await store.putResult({ id: 'r1', assignmentId: 'p1', ...result })
        await store.putResult({ id: 'r2', assignmentId: 'p2', ...result })
        await store.deleteAssignment('p1')
        expect((await store.listAssignments()).map((a) => a.id)).toEqual(['p2'])
        expect((await store.listResults()).map((r) => r.id)).toEqual(['r2'])
      })

      test('the outbox queues requests but refuses a settings snapshot that carries a key', async () => {
        const store = await open()
        const payload = { clipId: 'c1', settings: { baseUrl: 'http://x' } }
        const item = { id: 'o1', createdAt: 5, attempts: 0, notBefore: 5, gaveUp: false, payload }
        await store.putOutbox(item)
        await store.putOutbox({
          ...item,
          id: 'o0',
          createdAt: 1,
          payload: { ...payload, wav: new Blob([makeBytes(10)]) },
        })
        expect((await store.listOutbox()).map((o) => o.id)).toEqual(['o0', 'o1'])
        expect((await store.listOutbox())[0].payload.wav?.size).toBe(10)
        const refused = await store
          .putOutbox({ ...item, id: 'o2', payload: { settings: { baseUrl: 'x', apiKey: 'sk' } } })
          .catch((e: unknown) => e)
        expect((refused as StoreError).kind).toBe('invalid')
        const nested = await store
          .putOutbox({ ...item, id: 'o3', payload: { settings: { model: { token: 'sk' }, maxTokens: 64 } } })
          .catch((e: unknown) => e)
        expect((nested as StoreError).message).toContain("'model.token'")
        await store.putOutbox({
          ...item,
          id: 'o4',
          createdAt: 9,
          payload: { settings: { model: { maxTokens: 64 } } },
        })
        expect((await store.listOutbox()).map((o) => o.id)).toEqual(['o0', 'o1', 'o4'])
        await store.deleteOutbox('o4')
        await store.deleteOutbox('o1')
        expect((await store.listOutbox()).map((o) => o.id)).toEqual(['o0'])
      })

      test('a record without a valid id, or that cannot be copied, is refused as "invalid"', async () => {
        const store = await open()
        const noId = await store
          .putClip({ ...makeClip('c1'), id: undefined as never })
          .catch((e: unknown) => e)
        expect(noId).toBeInstanceOf(StoreError)
        expect((noId as StoreError).kind).toBe('invalid')
        const fn = await store.setSetting('x', (() => 1) as never).catch((e: unknown) => e)
        expect((fn as StoreError).kind).toBe('invalid')
        expect(await store.listClips()).toEqual([])
        expect(await store.listSettings()).toEqual([])
      })
    })

    describe('damaged assignments and results', () => {
      test('are left out of every list and the snapshot, listed apart, and only they can be deleted that way', async () => {
        const store = await open()
        const good = { manifest: makePackManifest(), clipIds: [], status: 'assigned' as const, createdAt: 1 }
        await store.putAssignment({ id: 'p-ok', title: 'Week 1', ...good })
        await store.putAssignment({
          ...good,
          id: 'p-bad',
          title: 'evil',
          manifest: { evil: true },
          status: 'draft',
        })
        const result = { assignmentId: 'p-ok', student: 'Li', verified: true, importedAt: 3 }
        await store.putResult({ id: 'r-ok', data: makeResultsData(), ...result })
        await store.putResult({ id: 'r-bad', data: { score: 1 }, ...result })

        expect((await store.listAssignments()).map((a) => a.id)).toEqual(['p-ok'])
        expect(await store.getAssignment('p-bad')).toBeUndefined()
        expect((await store.listResults('p-ok')).map((r) => r.id)).toEqual(['r-ok'])
        const snap = await store.snapshot()
        expect([snap.assignments.map((a) => a.id), snap.results.map((r) => r.id)]).toEqual([
          ['p-ok'],
          ['r-ok'],
        ])
        const damaged = await store.listDamaged()
        expect(damaged.map((d) => [d.store, d.id, d.title])).toEqual([
          ['assignments', 'p-bad', 'evil'],
          ['results', 'r-bad', 'Li'],
        ])
        expect(damaged[0].problem).toBe('its draft is not one the editor wrote (evil: unexpected field)')
        const refused = await store.deleteDamaged({ store: 'results', id: 'r-ok' }).catch((e: unknown) => e)
        expect((refused as StoreError).kind).toBe('invalid')
        for (const d of damaged) await store.deleteDamaged(d)
        expect(await store.listDamaged()).toEqual([])
        expect((await store.listResults()).map((r) => r.id)).toEqual(['r-ok'])
      })
    })

    describe('backups', () => {
      test('a merge adds only what is not stored (by id; cards also by key; settings by key, never secrets)', async () => {
        const store = await open()
        await store.putCard(makeCard('k1', 'clip:c1', 100))
        await store.setSetting('ui.locale', 'zh')
        await store.putClip(makeClip('c1', 10))
        const progress: number[] = []
        const counts = await store.merge(
          {
            attempts: [],
            clips: [makeClip('c1', 20), makeClip('c2', 30)],
            cards: [makeCard('k2', 'clip:c1', 5), makeCard('k3', 'clip:c3', 5)],
            settings: [
              { key: 'ui.locale', value: 'en' },
              { key: 'ui.theme', value: 'dark' },
              { key: 'model.apiKey', value: 'sk' },
            ],
            assignments: [],
            results: [],
          },
          (done) => progress.push(done),
        )
        expect(counts).toEqual({
          attempts: { added: 0, skipped: 0 },
          clips: { added: 1, skipped: 1 },
          cards: { added: 1, skipped: 1 },
          settings: { added: 1, skipped: 1 },
          assignments: { added: 0, skipped: 0 },
          results: { added: 0, skipped: 0 },
        })
        expect(progress.at(-1)).toBe(6)
        expect((await store.getClip('c1'))?.blob.size).toBe(10)
        expect((await store.listCards()).map((c) => c.id)).toEqual(['k1', 'k3'])
        expect(await store.listSettings()).toEqual([
          { key: 'ui.locale', value: 'zh' },
          { key: 'ui.theme', value: 'dark' },
        ])
      })

      test('a merge that fails on one record writes none of them', async () => {
        const store = await open()
        await store.addAttempt(makeAttempt(1))
        const snap = await store.snapshot()
        const error = await store
          .merge({
            ...snap,
            attempts: [2, 3].map((i) => ({ ...makeAttempt(i), source: 'melody' as const })),
            // The same new id twice: the second add is refused.
            clips: [makeClip('twice', 10), makeClip('twice', 20)],
          })
          .catch((e: unknown) => e)
        expect((error as StoreError).kind).toBe('invalid')
        expect((await store.listAttempts()).map((a) => a.id)).toEqual(['a1'])
        expect((await store.listAttemptStats()).map((r) => r.id)).toEqual(['a1'])
        expect(await store.listClips()).toEqual([])
      })
    })

    test('a closed store refuses further calls', async () => {
      const store = await open()
      expect(store.isOpen).toBe(true)
      store.close()
      expect(store.isOpen).toBe(false)
      await expect(store.countAttempts()).rejects.toBeInstanceOf(StoreError)
    })
  })
}
