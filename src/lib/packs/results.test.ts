import { describe, expect, it } from 'vitest'
import { packChecksum, validateManifest, type PackManifest } from './manifest.ts'
import { readResults, writeResults, type ResultAnswer, type ResultsDraft } from './results.ts'
import { parseCsv } from '../archive/csv.ts'
import { buildGradebook, gradebookCsv, type GradebookInput } from './gradebook.ts'
import { PackWriteError } from './errors.ts'
import type { Answer } from '../tutor/types.ts'

const SHA = 'ab'.repeat(32)
const checked = validateManifest({
  format: 'wusheng-pack',
  schemaVersion: 1,
  id: '0b7c5a8e-2f4d-4c1a-9e3b-5d6f7a8b9c0d',
  title: 'Week 3',
  instructions: '',
  passThreshold: 0.6,
  createdAt: '2025-05-20T09:00:00Z',
  items: [
    {
      id: 'a',
      file: 'audio/a.wav',
      name: 'A yu',
      kind: 'tonic-pattern',
      sha256: SHA,
      label: { text: 'A羽五声', system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic' },
    },
    {
      id: 'b',
      file: 'audio/b.wav',
      name: 'D shang',
      kind: 'pattern',
      sha256: SHA,
      label: { text: 'D商五声', system: 0, tonic: 2, pattern: 'shang', type: 'pentatonic' },
    },
    {
      id: 'c',
      file: 'audio/c.wav',
      name: '=G zhi',
      kind: 'pattern',
      sha256: SHA,
      label: { text: 'G徵五声', system: 0, tonic: 7, pattern: 'zhi', type: 'pentatonic' },
    },
  ],
})
if (!checked.ok) throw new Error(checked.error.message)
const PACK: PackManifest = checked.pack
const CHECKSUM = await packChecksum(PACK)

function ans(itemId: string, answer: Answer, correct: boolean): ResultAnswer {
  return { itemId, answer, correct, fields: {}, latencyMs: 4000, replays: 1, hints: 0, at: 1_748_000_000_000 }
}

function draft(student: string, answers: ResultAnswer[], over: Partial<ResultsDraft> = {}): ResultsDraft {
  return {
    packId: PACK.id,
    packChecksum: CHECKSUM,
    student,
    exportedAt: '2025-05-25T10:00:00Z',
    answers,
    score: { correct: answers.filter((a) => a.correct).length, total: PACK.items.length },
    ...over,
  }
}

const ANA = draft('Ana', [
  ans('a', { tonic: 9, pattern: 'yu' }, true),
  ans('b', { pattern: 'shang' }, true),
  ans('c', { pattern: 'gong' }, false),
])
const BO = draft(
  'Bo',
  [ans('a', { tonic: 0, pattern: 'gong' }, false), ans('b', { pattern: 'shang' }, true)],
  {
    exportedAt: '2025-05-26T10:00:00Z',
  },
)
const BO_OLDER = draft(' bo ', [ans('a', { tonic: 9, pattern: 'yu' }, true)], {
  exportedAt: '2025-05-24T10:00:00Z',
})

async function input(fileName: string, text: string): Promise<GradebookInput> {
  return { fileName, read: await readResults(text, { packId: PACK.id, packChecksum: CHECKSUM }) }
}

describe('results files', () => {
  it('round-trips and verifies', async () => {
    const r = await readResults(await writeResults(ANA))
    expect(r.ok && r.flags).toEqual([])
    expect(r.ok && r.results.answers[0].answer).toEqual({ tonic: 9, pattern: 'yu' })
    expect(r.ok && r.results.integrity.digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('flags a file edited after export', async () => {
    const text = (await writeResults(BO)).replace('"tonic": 0', '"tonic": 9')
    const r = await readResults(text)
    expect(r.ok && r.flags.map((f) => f.code)).toEqual(['edited'])
  })

  it('flags results for another pack, or another version of this one', async () => {
    const other = await readResults(await writeResults(ANA), {
      packId: '11111111-2222-4333-8444-555555555555',
      packChecksum: CHECKSUM,
    })
    expect(other.ok && other.flags.map((f) => f.code)).toEqual(['other-pack'])
    const changed = await readResults(await writeResults(ANA), {
      packId: PACK.id,
      packChecksum: 'cd'.repeat(32),
    })
    expect(changed.ok && changed.flags.map((f) => f.code)).toEqual(['pack-changed'])
  })

  it('calls a 3 MB file a results file that is too large, not a pack', async () => {
    const r = await readResults(new Uint8Array(3 * 1024 * 1024))
    expect(!r.ok && r.error.code).toBe('results-too-large')
    expect(!r.ok && r.error.message).toBe('The file is 3 MB; a results file is at most 2 MB.')
  })

  it('refuses malformed files with the field at fault', async () => {
    expect(await readResults('not json')).toMatchObject({ ok: false, error: { code: 'bad-json' } })
    const good = JSON.parse(await writeResults(ANA))
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...good, schemaVersion: 7 }, 'newer-version', 'schemaVersion'],
      [{ ...good, format: 'wusheng-pack' }, 'wrong-format', 'format'],
      [{ ...good, student: '' }, 'schema', 'student'],
      [
        { ...good, answers: [{ ...good.answers[0], answer: { pattern: 'la' } }] },
        'schema',
        'answers[0].answer.pattern',
      ],
      [{ ...good, answers: [good.answers[0], good.answers[0]] }, 'schema', 'answers[1].itemId'],
      [
        { ...good, integrity: { algorithm: 'md5', digest: good.integrity.digest } },
        'schema',
        'integrity.algorithm',
      ],
    ]
    for (const [json, code, field] of cases) {
      const r = await readResults(JSON.stringify(json))
      expect(!r.ok && r.error, field).toMatchObject({ code, field })
    }
    await expect(writeResults({ ...ANA, student: '' })).rejects.toBeInstanceOf(PackWriteError)
  })
})

describe('gradebook on a small hand-checked class', () => {
  it('scores students, clips, patterns and the confusion matrix, and flags what it does not count', async () => {
    const edited = (await writeResults(draft('Cy', [ans('b', { pattern: 'jue' }, false)]))).replace(
      '"jue"',
      '"shang"',
    )
    // Eve says a wrong answer was right and recomputes the checksum, as a determined student could.
    const eve = await writeResults(draft('Eve', [ans('b', { pattern: 'yu' }, true)]))
    const inputs = [
      await input('ana.wusheng-results', await writeResults(ANA)),
      await input('bo-new.wusheng-results', await writeResults(BO)),
      await input('bo-old.wusheng-results', await writeResults(BO_OLDER)),
      await input('cy.wusheng-results', edited),
      await input(
        'dee.wusheng-results',
        await writeResults(draft('Dee', [], { packId: '11111111-2222-4333-8444-555555555555' })),
      ),
      await input('junk.txt', 'hello'),
      await input('eve.wusheng-results', eve),
    ]
    const book = buildGradebook({ manifest: PACK, checksum: CHECKSUM }, inputs)

    // Ana: a ✓, b ✓, c ✗ → 2/3 ≥ 0.6 passes. Bo (latest file): a ✗, b ✓, c unanswered → 1/3 fails.
    expect(book.students.map((s) => [s.student, s.correct, s.answered, s.total, s.pass])).toEqual([
      ['Ana', 2, 3, 3, true],
      ['Bo', 1, 2, 3, false],
    ])
    expect(book.students[0].score).toBeCloseTo(2 / 3)
    expect(book.students[1].byItem).toEqual({ a: false, b: true })
    // Per clip over Ana + Bo: a 1/2, b 2/2, c 0/1.
    expect(book.clips.map((c) => [c.itemId, c.correct, c.answered, c.accuracy])).toEqual([
      ['a', 1, 2, 0.5],
      ['b', 2, 2, 1],
      ['c', 0, 1, 0],
    ])
    expect(book.patterns.map((p) => [p.pattern, p.accuracy])).toEqual([
      ['gong', null],
      ['shang', 1],
      ['jue', null],
      ['zhi', 0],
      ['yu', 0.5],
    ])
    // Rows = truth, columns = answer, order gong shang jue zhi yu.
    expect(book.confusion.counts).toEqual([
      [0, 0, 0, 0, 0],
      [0, 2, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 1],
    ])
    expect(book.duplicates).toHaveLength(1)
    expect(book.duplicates[0]).toMatchObject({
      kept: 'bo-new.wusheng-results',
      dropped: ['bo-old.wusheng-results'],
    })
    const flagged = Object.fromEntries(book.flagged.map((f) => [f.fileName, f.reasons.join(' ')]))
    expect(Object.keys(flagged).sort()).toEqual([
      'cy.wusheng-results',
      'dee.wusheng-results',
      'eve.wusheng-results',
      'junk.txt',
    ])
    expect(flagged['cy.wusheng-results']).toMatch(/changed after it was exported/)
    expect(flagged['dee.wusheng-results']).toMatch(/different assignment/)
    expect(flagged['eve.wusheng-results']).toMatch(/disagrees with the assignment's labels/)
    expect(flagged['junk.txt']).toMatch(/JSON/)

    const csv = parseCsv(gradebookCsv(book))
    expect(csv[0]).toEqual([
      'student',
      'file',
      'status',
      'score',
      'pass',
      'correct',
      'answered',
      'total',
      'A yu',
      'D shang',
      "'=G zhi",
    ])
    expect(csv[1]).toEqual([
      'Ana',
      'ana.wusheng-results',
      'counted',
      '0.6667',
      'pass',
      '2',
      '3',
      '3',
      '1',
      '1',
      '0',
    ])
    expect(csv[2].slice(8)).toEqual(['0', '1', ''])
    expect(csv.filter((r) => r[2].startsWith('flagged'))).toHaveLength(4)
    expect(csv.find((r) => r[1] === 'bo-old.wusheng-results')?.[2]).toMatch(/^duplicate/)
  })
})
