/** Clipped n-gram matches over hypothesis n-grams, kept as a fraction: corpus BLEU sums the parts. */
interface Precision {
  readonly numerator: number
  readonly denominator: number
}

/** Sentence BLEU-4, as NLTK's `sentence_bleu([reference], hypothesis, smoothing_function=method3)`: 0..1. */
export function sentenceBleu(reference: readonly string[], hypothesis: readonly string[]): number {
  return corpusBleu([[reference, hypothesis]])
}

/**
 * Corpus BLEU-4 (uniform weights, one reference per hypothesis) as NLTK's `corpus_bleu` with smoothing method 3
 * (NIST geometric sequence: the k-th n-gram order with no match gets precision 1 / (2^k · denominator)): 0..1.
 */
export function corpusBleu(
  pairs: readonly (readonly [reference: readonly string[], hypothesis: readonly string[]])[],
): number {
  const num = [0, 0, 0, 0]
  const den = [0, 0, 0, 0]
  let hypLength = 0
  let refLength = 0
  for (const [ref, hyp] of pairs) {
    for (let n = 1; n <= 4; n++) {
      const p = modifiedPrecision(ref, hyp, n)
      num[n - 1] += p.numerator
      den[n - 1] += p.denominator
    }
    hypLength += hyp.length
    refLength += ref.length
  }
  // NLTK returns 0 outright when not a single unigram matches, whatever the smoothing.
  if (num[0] === 0) return 0
  let k = 1
  const precisions = num.map((x, i) => (x > 0 ? x / den[i] : 1 / (2 ** k++ * den[i])))
  // NLTK: bp · exp(math.fsum(w · log p)); fsum is exactly rounded, so the last bit matches too.
  return brevityPenalty(refLength, hypLength) * Math.exp(fsum(precisions.map((p) => 0.25 * Math.log(p))))
}

function modifiedPrecision(ref: readonly string[], hyp: readonly string[], n: number): Precision {
  const hypCounts = ngramCounts(hyp, n)
  const refCounts = ngramCounts(ref, n)
  let matched = 0
  let total = 0
  for (const [gram, count] of hypCounts) {
    matched += Math.min(count, refCounts.get(gram) ?? 0)
    total += count
  }
  // NLTK: denominator max(1, count), so a hypothesis shorter than n still yields a defined fraction.
  return { numerator: matched, denominator: Math.max(1, total) }
}

/** N-gram counts, keyed by the tokens joined with a separator that cannot occur inside a token. */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>()
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0000')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

function brevityPenalty(refLength: number, hypLength: number): number {
  if (hypLength > refLength) return 1
  if (hypLength === 0) return 0
  return Math.exp(1 - refLength / hypLength)
}

/**
 * Python's `math.fsum`: the correctly rounded sum (Shewchuk's exact partials, as CPython's msum).
 * @example fsum([0.1, 0.2, 0.3]) → 0.6 (plain addition gives 0.6000000000000001)
 */
export function fsum(values: readonly number[]): number {
  const partials: number[] = []
  for (let x of values) {
    let i = 0
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x]
      const hi = x + y
      const lo = y - (hi - x)
      if (lo !== 0) partials[i++] = lo
      x = hi
    }
    partials.length = i
    partials.push(x)
  }
  // Round the partials' exact sum to the nearest double, ties to even, as CPython does.
  let n = partials.length - 1
  if (n < 0) return 0
  let hi = partials[n]
  let lo = 0
  while (n > 0) {
    const x = hi
    const y = partials[--n]
    hi = x + y
    const yr = hi - x
    lo = y - yr
    if (lo !== 0) break
  }
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2
    const x = hi + y
    if (y === x - hi) hi = x
  }
  return hi
}
