import { describe, expect, it } from 'vitest'
import { loadJieba } from './jieba.ts'
import { textScores } from './text-metrics.ts'

describe('jieba in the browser', () => {
  it('loads its WebAssembly and cuts words as Python jieba does', async () => {
    const cut = await loadJieba()
    expect(cut('我来到北京清华大学')).toEqual(['我', '来到', '北京', '清华大学'])
    expect(cut('C宫系统 A羽调式。')).toEqual(['C', '宫', '系统', ' ', 'A', '羽', '调式', '。'])
    // The same figure as in Node (src/lib/eval/reference: C宫系统 A羽调式 vs A羽五声).
    expect(textScores('C宫系统 A羽调式', 'A羽五声', cut)).toEqual({
      bleu4: 9.5354,
      rouge1: 44.4444,
      rouge2: 28.5714,
      rougeL: 44.4444,
    })
  })
})
