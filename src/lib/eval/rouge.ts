import { ngramCounts } from './bleu.ts'

/** Precision, recall and F of one ROUGE measure, 0..1. */
export interface RougeScore {
  readonly p: number
  readonly r: number
  readonly f: number
}

export interface RougeScores {
  readonly rouge1: RougeScore
  readonly rouge2: RougeScore
  readonly rougeL: RougeScore
}

const ZERO: RougeScore = Object.freeze({ p: 0, r: 0, f: 0 })

/**
 * ROUGE-1/2/L as the `rouge-chinese` package computes them (what LLaMA-Factory calls): ROUGE-N over the SETS of
 * distinct n-grams (a repeated n-gram counts once), ROUGE-L over the longest common subsequence of all tokens,
 * F = 2PR / (P + R + 1e-8). Either side empty → all zeros, as LLaMA-Factory does.
 */
export function rouge(hypothesis: readonly string[], reference: readonly string[]): RougeScores {
  if (hypothesis.length === 0 || reference.length === 0) return { rouge1: ZERO, rouge2: ZERO, rougeL: ZERO }
  return {
    rouge1: rougeN(hypothesis, reference, 1),
    rouge2: rougeN(hypothesis, reference, 2),
    rougeL: fScore(lcsLength(hypothesis, reference), hypothesis.length, reference.length),
  }
}

function rougeN(hyp: readonly string[], ref: readonly string[], n: number): RougeScore {
  const h = new Set(ngramCounts(hyp, n).keys())
  const r = new Set(ngramCounts(ref, n).keys())
  let overlap = 0
  for (const g of h) if (r.has(g)) overlap++
  return fScore(overlap, h.size, r.size)
}

function fScore(overlap: number, hypCount: number, refCount: number): RougeScore {
  const p = hypCount ? overlap / hypCount : 0
  const r = refCount ? overlap / refCount : 0
  return { p, r, f: (2 * p * r) / (p + r + 1e-8) }
}

/** Length of the longest common subsequence, O(n·m) time and O(m) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0)
    for (let j = 1; j <= b.length; j++)
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1])
    prev = row
  }
  return prev[b.length]
}
