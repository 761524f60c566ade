import { beforeAll, describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { parseCsv } from '../archive/csv.ts'
import { loadJieba } from './jieba.ts'
import { evaluate, reportCsv, reportJson, type EvalItem, type EvalReport } from './report.ts'

const A_YU = labelFromTonic(9, 'yu')
const D_SHANG = labelFromTonic(2, 'shang')
const C_GONG = labelFromTonic(0, 'gong')

describe('evaluate', () => {
  const items: EvalItem[] = [
    // Analyzer right; model right (fine-tuned style answer).
    { file: 'a.wav', truth: A_YU, analyzer: A_YU, modelRaw: 'A羽五声' },
    // Analyzer says C gong: same system, wrong tonic/pattern. Model answers the system form.
    { file: 'b.wav', truth: D_SHANG, analyzer: C_GONG, modelRaw: 'C宫系统 D商调式' },
    // Analyzer found nothing; model rambles.
    { file: 'c.wav', truth: C_GONG, analyzer: null, modelRaw: '这是一段很好听的音乐' },
    // Not run through the analyzer at all.
    { file: 'd.wav', truth: A_YU, modelRaw: 'A羽五声' },
  ]
  let report: EvalReport
  beforeAll(async () => {
    report = evaluate(items, { cutWords: await loadJieba() })
  })

  it('scores each source per field over the items it saw', () => {
    // Analyzer over a, b, c: exact 1/3; pattern 1/3; system: a ✓, b ✓ (C gong shares D shang's C system) → 2/3.
    expect(report.accuracy.analyzer).toMatchObject({
      n: 3,
      exact: 1 / 3,
      tonic: 1 / 3,
      pattern: 1 / 3,
      system: 2 / 3,
      noLabel: 1,
    })
    // Model over a–d: a ✓, b ✓ (D商 after the system phrase), c no label, d ✓ → 3/4.
    expect(report.accuracy.model).toMatchObject({ n: 4, exact: 0.75, noLabel: 1 })
  })

  it('fills the confusion matrix with a none column', () => {
    const c = report.confusion.analyzer!
    expect(c.columns).toEqual(['gong', 'shang', 'jue', 'zhi', 'yu', 'none'])
    expect(c.counts[1][0]).toBe(1) // truth shang → answered gong
    expect(c.counts[0][5]).toBe(1) // truth gong → no label
    expect(c.counts[4][4]).toBe(1) // truth yu → yu
  })

  it('reports BLEU/ROUGE against the CNPM label text by default', () => {
    expect(report.rows[0]).toMatchObject({ reference: 'A羽五声', bleu4: 100, rougeL: 100 })
    expect(report.rows[2].bleu4).toBe(0)
    expect(report.text?.n).toBe(4)
    // Mean of per-item BLEU: (100 + b + 0 + 100) / 4, b between 0 and 100.
    expect(report.text!.bleu4).toBeGreaterThan(50)
    expect(report.text!.bleu4).toBeLessThan(75)
  })

  it('gives no text scores without jieba, rather than scores on another segmentation', () => {
    const plain = evaluate(items)
    expect(plain.text).toBeUndefined()
    expect(plain.rows[0].bleu4).toBeUndefined()
    expect(plain.accuracy.model?.exact).toBe(0.75)
  })

  it('exports JSON and CSV', () => {
    expect(JSON.parse(reportJson(report)).rows).toHaveLength(4)
    const csv = parseCsv(reportCsv(report))
    expect(csv[0].slice(0, 4)).toEqual(['file', 'truth', 'analyzer', 'analyzerExact'])
    expect(csv[3][2]).toBe('') // no label → empty cell
    expect(csv).toHaveLength(5)
  })
})

describe('the default reference text', () => {
  it('is the truth as CNPM writes it, accidental first (what a fine-tuned model learned)', () => {
    const report = evaluate([{ file: 'x.wav', truth: labelFromTonic(1, 'shang'), modelRaw: '#C/bD商五声' }], {
      cutWords: (t) => Array.from(t),
    })
    expect(report.rows[0]).toMatchObject({ reference: '#C/bD商五声', bleu4: 100 })
  })
})
