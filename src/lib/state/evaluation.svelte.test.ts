import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import type { AnalysisResult } from '../analysis/types.ts'
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
