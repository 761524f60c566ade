import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { corpusBleu, fsum, sentenceBleu } from './bleu.ts'
import { loadJieba } from './jieba.ts'
import { lcsLength, rouge, rougeOf } from './rouge.ts'
import { meanScores, pyRound4, textScores } from './text-metrics.ts'
import { bleuTokens, cutSentences, pySplit, rougeSentences, type WordCutter } from './tokenize.ts'

const bleu = (ref: string, hyp: string) => sentenceBleu(bleuTokens(ref), bleuTokens(hyp))
const here = (name: string) => new URL(`./reference/${name}`, import.meta.url)

interface ReferenceRow {
  readonly 'bleu-4': number
  readonly 'rouge-1': number
  readonly 'rouge-2': number
  readonly 'rouge-l': number
  readonly words: readonly [readonly string[], readonly string[]]
}
// Computed once by reference/llamafactory_reference.py with Python's jieba and NLTK (see its docstring).
const reference: { n: number; mean: Record<string, number>; rows: ReferenceRow[] } = JSON.parse(
  readFileSync(here('llamafactory-reference.json'), 'utf8'),
)
const samples: { predict: string; label: string }[] = readFileSync(
  here('generated_predictions.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l))

let cut: WordCutter
beforeAll(async () => {
  cut = await loadJieba()
})

describe('scores against Python (jieba, NLTK, rouge_chinese definitions)', () => {
  it('has the reference for every sample', () => {
    expect(samples).toHaveLength(reference.n)
    expect(reference.n).toBeGreaterThanOrEqual(40)
  })

  it('cuts words exactly as Python jieba does', () => {
    samples.forEach((s, i) => {
      expect(cut(s.predict), s.predict).toEqual(reference.rows[i].words[0])
      expect(cut(s.label), s.label).toEqual(reference.rows[i].words[1])
    })
  })

  it('gives every per-sample score exactly (×100, rounded to 4 places)', () => {
    samples.forEach((s, i) => {
      const r = reference.rows[i]
      expect(textScores(s.predict, s.label, cut), JSON.stringify(s.predict)).toEqual({
        bleu4: r['bleu-4'],
        rouge1: r['rouge-1'],
        rouge2: r['rouge-2'],
        rougeL: r['rouge-l'],
      })
    })
  })

  it('gives the means exactly', () => {
    const mean = meanScores(samples.map((s) => textScores(s.predict, s.label, cut)))
    expect(mean).toEqual({
      bleu4: reference.mean['bleu-4'],
      rouge1: reference.mean['rouge-1'],
      rouge2: reference.mean['rouge-2'],
      rougeL: reference.mean['rouge-l'],
    })
  })
})

describe('BLEU-4 (NLTK sentence_bleu, smoothing method 3, per-character tokens)', () => {
  it('is 1 for an exact match', () => {
    expect(bleu('A羽五声', 'A羽五声')).toBeCloseTo(1, 10)
  })

  it('smooths missing 3- and 4-gram matches with 1/(2^k · denominator)', () => {
    // p1 = 2/4, p2 = 1/3, p3 = 0/2 → 1/4, p4 = 0/1 → 1/4; BP 1 → (1/96)^(1/4).
    expect(bleu('A羽五声', 'A羽调式')).toBeCloseTo(96 ** -0.25, 12)
  })

  it('applies the brevity penalty to a short hypothesis', () => {
    expect(bleu('D商五声', 'D商')).toBeCloseTo(Math.exp(-1) * 0.125 ** 0.25, 12)
  })

  it('is 0 when no character matches, and for an empty hypothesis', () => {
    expect(bleu('A羽五声', 'xyz')).toBe(0)
    expect(bleu('A羽五声', '')).toBe(0)
  })

  it('sums numerators and denominators over the corpus before smoothing', () => {
    const pairs = [
      [bleuTokens('A羽五声'), bleuTokens('A羽调式')],
      [bleuTokens('D商五声'), bleuTokens('D商五声')],
    ] as const
    expect(corpusBleu(pairs)).toBeCloseTo(0.125 ** 0.25, 12)
  })

  it('sums logs as math.fsum does (correctly rounded)', () => {
    expect(fsum([0.1, 0.2, 0.3])).toBe(0.6)
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6)
    expect(fsum([1e100, 1, -1e100])).toBe(1)
    expect(fsum([])).toBe(0)
  })
})

describe('rouge_chinese pieces', () => {
  it('cuts sentences after 。！？?, six dots and two ellipses, not before a closing quote', () => {
    expect(cutSentences('A 。 B ！ C')).toEqual(['A 。', ' B ！', ' C'])
    expect(cutSentences('“ A 。 ” 他')).toEqual(['“ A 。', ' ” 他']) // the space, not the quote, follows 。
    expect(cutSentences('“A。”他')).toEqual(['“A。”', '他'])
    expect(cutSentences('a ...... b …… c')).toEqual(['a ......', ' b ……', ' c'])
    expect(cutSentences('a\nb  ')).toEqual(['a', 'b'])
  })

  it('keeps a whitespace-only piece as one empty word, as the original does', () => {
    expect(rougeSentences(['A', '羽', '。', ' ', '。', ' ', '五声'])).toEqual(['A 羽 。', '。', '五声'])
    expect(rougeSentences(['x', '。', ' ', ' ', '。', 'y'])).toEqual(['x 。', '。', 'y'])
  })

  it('splits on Python whitespace, not JavaScript whitespace', () => {
    expect(pySplit('a\x1cb\ufeffc')).toEqual(['a', 'b\ufeffc'])
  })

  it('counts distinct n-grams once for ROUGE-N and all words for ROUGE-L', () => {
    const s = rouge(['羽 羽 羽'], ['羽'])
    expect(s.rouge1.p).toBe(1)
    expect(s.rougeL.p).toBeCloseTo(1 / 3, 12)
  })

  it('is all zeros when either side has no words', () => {
    expect(rougeOf('  ', 'A羽', cut).rougeL.f).toBe(0)
    expect(rougeOf('A羽', '', cut).rouge1.f).toBe(0)
  })

  it('finds the longest common subsequence', () => {
    expect(lcsLength([...'ABCBDAB'], [...'BDCABA'])).toBe(4)
  })
})

describe('pyRound4 (Python round(x, 4))', () => {
  it('rounds the exact binary value, ties to even', () => {
    expect(pyRound4(0.03125)).toBe(0.0312) // an exact tie: 2 is even
    expect(pyRound4(0.09375)).toBe(0.0938) // an exact tie: 7 is odd → 8
    expect(pyRound4(2.00025)).toBe(2.0002) // stored as 2.000249999…: below the tie
    expect(pyRound4(1.00015)).toBe(1.0002) // stored as 1.000150000…09: above it
    expect(Math.round(2.00025 * 1e4) / 1e4).toBe(2.0003) // what the naive way gets wrong
    expect(pyRound4(66.66666666)).toBe(66.6667)
    expect(pyRound4(0)).toBe(0)
  })
})
