import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../../theory/label.ts'
import type { AnalysisResult } from '../../analysis/types.ts'
import { BatchEvaluation, labelsWithoutAudio, readLabels, type EvaluationDeps } from './evaluation.svelte.ts'

const audio = { samples: new Float32Array(16_000), sampleRate: 16_000, duration: 1, channels: 1, name: 'x' }
const result = (tonic: number, pattern: 'yu' | 'gong'): AnalysisResult =>
  ({
    ok: true,
    label: labelFromTonic(tonic, pattern),
    confidence: 0.9,
    alternatives: [],
    frames: [],
    duration: 1,
  }) as unknown as AnalysisResult

describe('readLabels', () => {
  it('skips a header, reads CNPM labels and reports lines it cannot read', () => {
    const { labels, problems } = readLabels('file,label\nclips/a.wav,A羽五声\n./b.wav,C宫\nc.wav,nonsense\n')
    expect([...labels.keys()]).toEqual(['clips/a.wav', 'b.wav'])
    expect(labels.get('clips/a.wav')).toMatchObject({ tonic: 9, pattern: 'yu' })
    expect(problems).toEqual([{ line: 4, text: 'c.wav,nonsense' }])
  })
})

describe('labelsWithoutAudio', () => {
  it('names the CSV files that no chosen file answers to, by path or by bare name', () => {
    const { labels } = readLabels('clips/a.wav,A羽五声\nb.wav,C宫\nmissing.wav,E角\nother/c.wav,D商\n')
    expect(labelsWithoutAudio(labels, ['clips/a.wav', 'sub/b.wav', 'c.wav'])).toEqual([
      'missing.wav',
      'other/c.wav',
    ])
    expect(labelsWithoutAudio(labels, [])).toHaveLength(4)
  })
})

describe('BatchEvaluation', () => {
  it('reports a label whose audio file was not chosen, before running, and forgets it for a pack', async () => {
    const ev = new BatchEvaluation({ decode: async () => audio, identify: async () => result(9, 'yu') })
    const file = (name: string) => new File([new Uint8Array(4)], name)
    const csv = new File(['file,label\na.wav,A羽五声\nmissing.wav,E角\n'], 'labels.csv')
    await ev.setFiles([file('a.wav'), csv], 'folder')
    expect(ev.labelled.map((c) => c.key)).toEqual(['a.wav'])
    expect(ev.labelsWithoutAudio).toEqual(['missing.wav'])
    await ev.setFiles([file('a.wav'), file('missing.wav')], 'folder')
    await ev.setLabelsCsv(csv)
    expect(ev.labelsWithoutAudio).toEqual([])
    await ev.setFiles([file('a.wav')], 'folder')
    expect(ev.labelsWithoutAudio).toEqual(['missing.wav']) // the CSV stays chosen for the new files
    ev.usePack('pack', [])
    expect(ev.labelsWithoutAudio).toEqual([])
  })

  it('matches files to the CSV, runs, cancels mid-way and resumes without redoing clips', async () => {
    const calls: string[] = []
    let release: (() => void) | null = null
    const deps: EvaluationDeps = {
      decode: async (_blob, name) => ({ ...audio, name }),
      identify: async (_s, _r, { signal }) => {
        calls.push('x')
        if (calls.length === 2)
          await new Promise<void>((resolve, reject) => {
            release = resolve
            signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
          })
        return result(9, calls.length === 3 ? 'gong' : 'yu')
      },
      askModel: async () => 'A羽调式',
    }
    const ev = new BatchEvaluation(deps)
    const file = (name: string) => new File([new Uint8Array(4)], name)
    const csv = new File(['file,label\na.wav,A羽五声\nb.wav,A羽五声\nc.wav,A羽五声\n'], 'labels.csv')
    await ev.setFiles([file('a.wav'), file('b.wav'), file('c.wav'), file('x.wav'), csv], 'folder')
    expect(ev.labelled).toHaveLength(3)
    expect(ev.unlabelled.map((c) => c.key)).toEqual(['x.wav'])
    const run = ev.run()
    await expect.poll(() => release).not.toBeNull()
    ev.cancel()
    await run
    expect(ev.status).toBe('cancelled')
    expect(ev.done).toBe(1)
    await ev.run()
    expect(ev.status).toBe('done')
    expect(ev.done).toBe(3)
    expect(calls).toHaveLength(4) // a, b (cancelled), b again, c: a was not redone
    const report = ev.report!
    expect(report.accuracy.analyzer).toMatchObject({ n: 3, exact: 2 / 3 })
    expect(report.accuracy.model).toMatchObject({ n: 3, exact: 1 })
    expect(ev.csv()).toMatch(/^file,truth,analyzer/)
    expect(JSON.parse(ev.json()!).n).toBe(3)
  })
})

describe('BatchEvaluation: hostile input, concurrency, export', () => {
  const file = (name: string) => new File([new Uint8Array(4)], name)
  const labelsFor = (names: string[]) =>
    new File([`file,label\n${names.map((n) => `${n},A羽五声`).join('\n')}\n`], 'labels.csv')

  it('leaves an unreadable clip out of every figure and names it', async () => {
    const ev = new BatchEvaluation({
      decode: async (_b, name) => {
        if (name === 'bad.wav') throw Object.assign(new Error('nope'), { kind: 'not-audio' })
        return { ...audio, name }
      },
      identify: async () => result(9, 'yu'),
    })
    await ev.setFiles([file('a.wav'), file('bad.wav'), labelsFor(['a.wav', 'bad.wav'])], 'folder')
    await ev.run()
    expect(ev.unreadable).toEqual([{ key: 'bad.wav', reason: 'not-audio' }])
    expect(ev.report!.n).toBe(1)
    expect(ev.report!.accuracy.analyzer).toMatchObject({ n: 1, exact: 1, noLabel: 0 })
  })

  it('says why a labels file cannot be used: empty, a quote never closed, UTF-16 read as such', async () => {
    const ev = new BatchEvaluation({ decode: async () => audio, identify: async () => result(9, 'yu') })
    await ev.setLabelsCsv(new File([''], 'empty.csv'))
    expect(ev.csvError).toEqual({ code: 'empty' })
    await ev.setLabelsCsv(new File(['a.wav,A羽\n"b.wav,C宫\n'], 'q.csv'))
    expect(ev.csvError).toEqual({ code: 'unterminated-quote', line: 2 })
    const text = 'a.wav,A羽五声\n'
    const u16 = new Uint8Array(2 + text.length * 2)
    u16.set([0xff, 0xfe])
    for (let i = 0; i < text.length; i++)
      u16.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + 2 * i)
    await ev.setFiles([file('a.wav')], 'folder')
    await ev.setLabelsCsv(new File([u16], 'u16.csv'))
    expect(ev.csvError).toBeNull()
    expect(ev.csvEncoding).toBe('utf-16le')
    expect(ev.labelled.map((c) => c.key)).toEqual(['a.wav'])
  })

  it("keeps `concurrency` model requests in flight and the report in the clips' order", async () => {
    let inFlight = 0
    let most = 0
    const releases: (() => void)[] = []
    const names = Array.from({ length: 10 }, (_, i) => `c${i}.wav`)
    const ev = new BatchEvaluation({
      decode: async (_b, name) => ({ ...audio, name }),
      identify: async () => result(9, 'yu'),
      askModel: async () => {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise<void>((r) => releases.push(r))
        inFlight--
        return 'A羽五声'
      },
      loadWordCutter: async () => (t: string) => Array.from(t),
    })
    ev.concurrency = 4
    await ev.setFiles([...names.map(file), labelsFor(names)], 'folder')
    const run = ev.run()
    // Answer the oldest request whenever four are waiting, until all ten are in.
    for (let answered = 0; answered < names.length; answered++) {
      await expect.poll(() => releases.length > answered && (inFlight === 4 || answered >= 6)).toBe(true)
      releases[answered]()
    }
    await run
    expect(most).toBe(4)
    expect(ev.report!.rows.map((r) => r.file)).toEqual(names)
    expect(ev.report!.accuracy.model).toMatchObject({ n: 10, exact: 1 })
  })

  it('exports the labelled clips as a LLaMA-Factory dataset zip', async () => {
    const { unzipSync } = await import('fflate')
    const { validateDataset } = await import('../../eval/dataset.ts')
    const ev = new BatchEvaluation({
      decode: async (_b, name) => ({ ...audio, name }),
      identify: async () => result(9, 'yu'),
    })
    await ev.setFiles([file('a.wav'), file('b.wav'), labelsFor(['a.wav', 'b.wav'])], 'folder')
    const { zip, clips } = await ev.exportDataset({ name: 'lab' })
    expect(clips).toBe(2)
    const entries = unzipSync(zip)
    const files = new Map(Object.entries(entries).map(([k, v]) => [k.replace(/^lab\//, ''), v]))
    expect(validateDataset(files)).toEqual([])
    expect([...files.keys()].sort()).toEqual([
      'audio/0001-a.wav',
      'audio/0002-b.wav',
      'dataset_info.json',
      'lab.json',
    ])
  })
})
