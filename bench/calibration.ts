/** Reliability of a confidence: does a stated 0.8 come true 80% of the time? */

/** One confidence bin of a reliability diagram. */
export interface ReliabilityBin {
  readonly lo: number
  readonly hi: number
  readonly n: number
  readonly meanConfidence: number
  readonly accuracy: number
}

/** A confidence's reliability over a set of answers. */
export interface Reliability {
  readonly n: number
  /** Expected calibration error: the n-weighted mean |accuracy − mean confidence| over the bins. */
  readonly ece: number
  /** Mean negative log-likelihood of the outcome under the confidence (lower is better). */
  readonly logLoss: number
  /** Mean squared error of the confidence against the outcome (0/1). */
  readonly brier: number
  readonly meanRight: number
  readonly meanWrong: number
  readonly bins: readonly ReliabilityBin[]
}

/** Bins equal-width in confidence (the usual reliability diagram), 10 by default. */
export function reliability(
  confidence: readonly number[],
  correct: readonly boolean[],
  binCount = 10,
): Reliability {
  const n = confidence.length
  const bins: ReliabilityBin[] = []
  let ece = 0
  for (let b = 0; b < binCount; b++) {
    const lo = b / binCount
    const hi = (b + 1) / binCount
    const idx = confidence
      .map((c, i) => i)
      .filter(
        (i) => confidence[i] >= lo && (confidence[i] < hi || (b === binCount - 1 && confidence[i] <= hi)),
      )
    if (idx.length === 0) continue
    const meanConfidence = idx.reduce((a, i) => a + confidence[i], 0) / idx.length
    const accuracy = idx.filter((i) => correct[i]).length / idx.length
    ece += (idx.length / n) * Math.abs(accuracy - meanConfidence)
    bins.push({ lo, hi, n: idx.length, meanConfidence, accuracy })
  }
  const clamp = (c: number): number => Math.min(1 - 1e-6, Math.max(1e-6, c))
  const logLoss = -confidence.reduce((a, c, i) => a + Math.log(correct[i] ? clamp(c) : 1 - clamp(c)), 0) / n
  const brier = confidence.reduce((a, c, i) => a + (c - (correct[i] ? 1 : 0)) ** 2, 0) / n
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)
  return {
    n,
    ece,
    logLoss,
    brier,
    meanRight: mean(confidence.filter((_, i) => correct[i])),
    meanWrong: mean(confidence.filter((_, i) => !correct[i])),
    bins,
  }
}

/** The reliability as printable lines. */
export function formatReliability(name: string, r: Reliability): string[] {
  const f = (x: number): string => (Number.isNaN(x) ? '  –  ' : x.toFixed(3))
  return [
    `${name}: ECE ${f(r.ece)}, log-loss ${f(r.logLoss)}, Brier ${f(r.brier)}; mean ${f(r.meanRight)} when right, ${f(r.meanWrong)} when wrong (n ${r.n})`,
    `  bin        n   mean conf  accuracy`,
    ...r.bins.map(
      (b) =>
        `  ${b.lo.toFixed(1)}–${b.hi.toFixed(1)}  ${String(b.n).padStart(4)}   ${f(b.meanConfidence)}      ${f(b.accuracy)}`,
    ),
  ]
}
