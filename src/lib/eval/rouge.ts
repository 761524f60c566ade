import { ngramCounts } from './bleu.ts'
import { pySplit, rougeSentences, rougeWords, type WordCutter } from './tokenize.ts'

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
const ZEROS: RougeScores = Object.freeze({ rouge1: ZERO, rouge2: ZERO, rougeL: ZERO })

/**
 * ROUGE-1/2/L of a prediction against a label exactly as LLaMA-Factory scores them: both cut into words with
 * jieba, joined by spaces, and given to rouge_chinese 1.0.3's `Rouge().get_scores(hyp, ref)`. Either side with
 * no word (empty or only whitespace) scores all zeros, as LLaMA-Factory decides before calling rouge_chinese.
 * @example rougeOf('A羽五声', 'A羽五声', cut).rougeL.f → 0.99999999…
 */
export function rougeOf(predict: string, label: string, cut: WordCutter): RougeScores {
  const hyp = cut(predict)
  const ref = cut(label)
  if (pySplit(hyp.join(' ')).length === 0 || pySplit(ref.join(' ')).length === 0) return ZEROS
  return rouge(rougeSentences(hyp), rougeSentences(ref))
}

/**
 * rouge_chinese's scores of hypothesis sentences against reference sentences (see rougeSentences):
 * ROUGE-N over the SETS of distinct word n-grams of all sentences run together (a repeated n-gram counts once,
 * n-grams cross sentence ends); ROUGE-L over the longest common subsequence of all words, divided by all words
 * (not distinct ones); F = 2·(P·R / (P + R + 1e-8)) in that order of operations.
 */
export function rouge(hypSentences: readonly string[], refSentences: readonly string[]): RougeScores {
  if (hypSentences.length === 0 || refSentences.length === 0) return ZEROS
  const hyp = rougeWords(hypSentences)
  const ref = rougeWords(refSentences)
  const llcs = lcsLength(ref, hyp)
  return {
    rouge1: rougeN(hyp, ref, 1),
    rouge2: rougeN(hyp, ref, 2),
    rougeL: fScore(llcs / hyp.length, llcs / ref.length),
  }
}

function rougeN(hyp: readonly string[], ref: readonly string[], n: number): RougeScore {
  const h = new Set(ngramCounts(hyp, n).keys())
  const r = new Set(ngramCounts(ref, n).keys())
  let overlap = 0
  for (const g of h) if (r.has(g)) overlap++
  return fScore(h.size ? overlap / h.size : 0, r.size ? overlap / r.size : 0)
}

function fScore(p: number, r: number): RougeScore {
  return { p, r, f: 2 * ((p * r) / (p + r + 1e-8)) }
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
