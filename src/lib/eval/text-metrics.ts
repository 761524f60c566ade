import { sentenceBleu } from './bleu.ts'
import { rougeOf } from './rouge.ts'
import { bleuTokens, type WordCutter } from './tokenize.ts'

/** One prediction's scores in LLaMA-Factory's units: each ×100, rounded to 4 decimals. */
export interface TextScores {
  readonly bleu4: number
  readonly rouge1: number
  readonly rouge2: number
  readonly rougeL: number
}

/**
 * BLEU-4 and ROUGE-1/2/L of one prediction against its label, as LLaMA-Factory's `ComputeSimilarity` and
 * `scripts/eval_bleu_rouge.py` compute them: BLEU on characters (NLTK `sentence_bleu`, smoothing method 3), ROUGE
 * on jieba words (rouge_chinese), each `round(score * 100, 4)`.
 */
export function textScores(predict: string, label: string, cut: WordCutter): TextScores {
  const r = rougeOf(predict, label, cut)
  return {
    bleu4: pyRound4(sentenceBleu(bleuTokens(label), bleuTokens(predict)) * 100),
    rouge1: pyRound4(r.rouge1.f * 100),
    rouge2: pyRound4(r.rouge2.f * 100),
    rougeL: pyRound4(r.rougeL.f * 100),
  }
}

/** The mean of each score as `eval_bleu_rouge.py` takes it (`sum(scores) / len(scores)`, left to right); 0 when empty. */
export function meanScores(scores: readonly TextScores[]): TextScores {
  const mean = (k: keyof TextScores) =>
    scores.length ? scores.reduce((s, x) => s + x[k], 0) / scores.length : 0
  return { bleu4: mean('bleu4'), rouge1: mean('rouge1'), rouge2: mean('rouge2'), rougeL: mean('rougeL') }
}

/**
 * Python's `round(x, 4)`: the decimal with 4 places nearest to x's exact binary value, ties to even.
 * (`Math.round(x * 1e4) / 1e4` rounds the product, which is not x; `toFixed` breaks ties upwards.)
 * @example pyRound4(0.03125) → 0.0312; pyRound4(2.675) → 2.675
 */
export function pyRound4(x: number): number {
  if (!Number.isFinite(x)) return x
  // toFixed(100) is x's exact decimal expansion (to 100 places, more than any tie needs).
  const exact = Math.abs(x).toFixed(100)
  const [int, frac] = exact.split('.')
  const tail = frac.slice(4)
  let rounded: string
  if (/^50*$/.test(tail)) {
    // An exact tie: keep the even last digit.
    const kept = `${int}.${frac.slice(0, 4)}`
    rounded = Number(frac[3]) % 2 === 0 ? kept : Math.abs(x).toFixed(4)
  } else rounded = Math.abs(x).toFixed(4)
  return Math.sign(x) * Number(rounded) || 0
}
