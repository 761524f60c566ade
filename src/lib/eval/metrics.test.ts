import { describe, expect, it } from 'vitest'
import { corpusBleu, sentenceBleu } from './bleu.ts'
import { lcsLength, rouge } from './rouge.ts'
import { bleuTokens, rougeTokens } from './tokenize.ts'

const bleu = (ref: string, hyp: string) => sentenceBleu(bleuTokens(ref), bleuTokens(hyp))

describe('BLEU-4 (NLTK sentence_bleu, smoothing method 3, per-character tokens)', () => {
  it('is 1 for an exact match', () => {
    expect(bleu('A羽五声', 'A羽五声')).toBeCloseTo(1, 10)
  })

  it('smooths missing 3- and 4-gram matches with 1/(2^k · denominator)', () => {
    // ref A 羽 五 声, hyp A 羽 调 式.
    // p1 = 2/4 (A, 羽); p2 = 1/3 (A羽 of A羽, 羽调, 调式); p3 = 0/2 → 1/(2^1·2) = 1/4; p4 = 0/1 → 1/(2^2·1) = 1/4.
    // BP = 1 (equal lengths). BLEU = (1/2 · 1/3 · 1/4 · 1/4)^(1/4) = (1/96)^(1/4) = 0.319472…
    expect(bleu('A羽五声', 'A羽调式')).toBeCloseTo(96 ** -0.25, 10)
    expect(bleu('A羽五声', 'A羽调式')).toBeCloseTo(0.319472, 6)
  })

  it('applies the brevity penalty to a short hypothesis', () => {
    // ref D 商 五 声, hyp D 商: p1 = 2/2, p2 = 1/1, p3 = 0/max(1,0) → 1/2, p4 → 1/4.
    // BP = exp(1 − 4/2) = e^−1. BLEU = e^−1 · (1/8)^(1/4) = 0.367879 · 0.594604 = 0.218744…
    expect(bleu('D商五声', 'D商')).toBeCloseTo(Math.exp(-1) * 0.125 ** 0.25, 10)
  })

  it('is 0 when no character matches, and for an empty hypothesis', () => {
    expect(bleu('A羽五声', 'xyz')).toBe(0)
    expect(bleu('A羽五声', '')).toBe(0)
  })

  it('clips repeated n-grams to their count in the reference', () => {
    // ref "羽a", hyp "羽羽羽": p1 = min(3,1)/3 = 1/3; p2 = 0/2 → 1/4; p3 = 0/1 → 1/(4·1); p4 = 0/1 → 1/8.
    // BP = 1 (hyp longer). BLEU = (1/3 · 1/4 · 1/4 · 1/8)^(1/4) = (1/384)^(1/4)
    expect(bleu('羽a', '羽羽羽')).toBeCloseTo(384 ** -0.25, 10)
  })

  it('sums numerators and denominators over the corpus before smoothing', () => {
    // Pair 1: A羽五声 / A羽调式 → 2/4, 1/3, 0/2, 0/1. Pair 2: D商五声 / D商五声 → 4/4, 3/3, 2/2, 1/1.
    // Sums: 6/8, 4/6, 2/4, 1/2, lengths 8 vs 8 → BP 1. BLEU = (3/4 · 2/3 · 1/2 · 1/2)^(1/4) = (1/8)^(1/4).
    const pairs = [
      [bleuTokens('A羽五声'), bleuTokens('A羽调式')],
      [bleuTokens('D商五声'), bleuTokens('D商五声')],
    ] as const
    expect(corpusBleu(pairs)).toBeCloseTo(0.125 ** 0.25, 10)
  })
})

describe('ROUGE (rouge-chinese semantics)', () => {
  it('tokenises Chinese per character and keeps Latin words whole', () => {
    expect(rougeTokens('C宫系统 A羽调式。')).toEqual(['C', '宫', '系', '统', 'A', '羽', '调', '式', '。'])
    expect(rougeTokens('The mode is A yu')).toEqual(['The', 'mode', 'is', 'A', 'yu'])
    expect(bleuTokens('A 羽')).toEqual(['A', ' ', '羽'])
  })

  it('matches a hand computation', () => {
    // hyp C 宫 系 统 A 羽 调 式 (8), ref A 羽 五 声 (4).
    // overlap {A, 羽} = 2 → P 2/8, R 2/4, F = 2·(1/4·1/2)/(3/4) = 1/3.
    // hyp bigrams 7, ref bigrams 3 (A羽 羽五 五声), overlap {A羽} → P 1/7, R 1/3, F = (2/21)/(10/21) = 0.2.
    // R-L: LCS = A 羽 = 2 → P 2/8, R 2/4, F = 1/3.
    const s = rouge(rougeTokens('C宫系统 A羽调式'), rougeTokens('A羽五声'))
    expect(s.rouge1.f).toBeCloseTo(1 / 3, 6)
    expect(s.rouge2).toMatchObject({ p: 1 / 7, r: 1 / 3 })
    expect(s.rouge2.f).toBeCloseTo(0.2, 6)
    expect(s.rougeL.f).toBeCloseTo(1 / 3, 6)
  })

  it('counts distinct n-grams once (rouge-chinese uses sets), unlike BLEU', () => {
    // hyp {羽} vs ref {羽}: P = R = 1, F = 2/(2 + 1e-8) ≈ 1, although "羽羽羽" repeats it three times.
    expect(rouge(['羽', '羽', '羽'], ['羽']).rouge1.f).toBeCloseTo(1, 6)
    // ROUGE-L does not use sets: LCS 1 → P 1/3, R 1, F = 0.5.
    expect(rouge(['羽', '羽', '羽'], ['羽']).rougeL.f).toBeCloseTo(0.5, 6)
  })

  it('is all zeros when either side is empty', () => {
    expect(rouge([], ['羽']).rougeL.f).toBe(0)
    expect(rouge(['羽'], []).rouge1.f).toBe(0)
  })

  it('finds the longest common subsequence', () => {
    expect(lcsLength([...'ABCBDAB'], [...'BDCABA'])).toBe(4)
  })
})
