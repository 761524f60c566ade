/**
 * Fits the mode model's two calibration sharpnesses on one generated set and checks them on another:
 *
 *   npx tsx bench/calibrate.ts [--seed 5] [--n 300] [--check 21] [--rate 16000]
 *
 * The decision does not depend on the sharpness (it only rescales scores), so the fit cannot trade accuracy
 * for calibration: it picks the sharpness whose stated confidence best predicts being right (binary
 * log-loss of the top answer), then prints the reliability on the check set. Put the result in
 * DEFAULT_MODE_MODEL.
 */
import { analyze } from '../src/lib/analysis/analyze.ts'
import { DEFAULT_MODE_MODEL, patternGroups, patternKey, type RawScore } from '../src/lib/analysis/mode.ts'
import { makeClip, renderClip } from './clips.ts'
import { formatReliability, reliability } from './calibration.ts'

/** What the fit needs of one clip: the group scores, which group and type are true. */
interface Sample {
  /** Log-score of each tonic+pattern group (summed over types). */
  readonly groups: readonly number[]
  readonly trueGroup: number
  /** Type scores within the best group, and which of them is the true label (−1: the group is wrong). */
  readonly topTypes: readonly number[]
  readonly trueTypeInTop: number
}

function collect(seed: number, n: number, sampleRate: number): Sample[] {
  const out: Sample[] = []
  for (let i = 0; i < n; i++) {
    const clip = makeClip(i, seed)
    let raw: readonly RawScore[] = []
    const r = analyze(renderClip(clip, sampleRate), sampleRate, { onRawScores: (s) => (raw = s) })
    if (!r.ok) continue
    const groups = patternGroups(raw)
    const best = groups.reduce((a, b) => (b.score > a.score ? b : a))
    const truth = clip.label
    out.push({
      groups: groups.map((g) => g.score),
      trueGroup: groups.findIndex((g) => g.key === patternKey(truth)),
      topTypes: best.members.map((m) => m.score),
      trueTypeInTop: best.members.findIndex(
        (m) => patternKey(m.label) === patternKey(truth) && m.label.type === truth.type,
      ),
    })
    if (process.stderr.isTTY) process.stderr.write(`\rseed ${seed}: ${i + 1}/${n}`)
  }
  if (process.stderr.isTTY) process.stderr.write('\r')
  return out
}

function softmaxTop(xs: readonly number[], k: number): { top: number; p: number } {
  let top = 0
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[top]) top = i
  const z = xs.reduce((a, x) => a + Math.exp(k * (x - xs[top])), 0)
  return { top, p: 1 / z }
}

/** Top-answer confidences and outcomes under sharpnesses kp (tonic+pattern) and kt (type). */
function predict(samples: readonly Sample[], kp: number, kt: number) {
  return samples.map((s) => {
    const g = softmaxTop(s.groups, kp)
    const t = softmaxTop(s.topTypes, kt)
    const exact = g.top === s.trueGroup
    return { pattern: g.p, exact, label: g.p * t.p, full: exact && t.top === s.trueTypeInTop }
  })
}

function logLoss(conf: readonly number[], right: readonly boolean[]): number {
  const c = (x: number): number => Math.min(1 - 1e-9, Math.max(1e-9, x))
  return -conf.reduce((a, x, i) => a + Math.log(right[i] ? c(x) : 1 - c(x)), 0) / conf.length
}

function fit(samples: readonly Sample[]): { kp: number; kt: number } {
  const grid = Array.from({ length: 120 }, (_, i) => 0.02 * 1.06 ** i)
  let kp = 1
  let best = Infinity
  for (const k of grid) {
    const p = predict(samples, k, 1)
    const loss = logLoss(
      p.map((x) => x.pattern),
      p.map((x) => x.exact),
    )
    if (loss < best) [best, kp] = [loss, k]
  }
  let kt = 1
  best = Infinity
  for (const k of grid) {
    const p = predict(samples, kp, k)
    const loss = logLoss(
      p.map((x) => x.label),
      p.map((x) => x.full),
    )
    if (loss < best) [best, kt] = [loss, k]
  }
  return { kp, kt }
}

function show(name: string, samples: readonly Sample[], kp: number, kt: number): void {
  const p = predict(samples, kp, kt)
  const rp = reliability(
    p.map((x) => x.pattern),
    p.map((x) => x.exact),
  )
  const rl = reliability(
    p.map((x) => x.label),
    p.map((x) => x.full),
  )
  console.log(`\n${name} (kp ${kp.toFixed(3)}, kt ${kt.toFixed(3)})`)
  for (const l of formatReliability('patternConfidence vs tonic+pattern right', rp)) console.log(l)
  for (const l of formatReliability('confidence vs whole label right', rl)) console.log(l)
}

function main(): void {
  const argv = process.argv.slice(2)
  const opt = (name: string, dflt: number): number => {
    const i = argv.indexOf(name)
    return i >= 0 ? Number(argv[i + 1]) : dflt
  }
  const seed = opt('--seed', 5)
  const n = opt('--n', 300)
  const check = opt('--check', 21)
  const rate = opt('--rate', 16000)
  const fitSet = collect(seed, n, rate)
  const checkSet = collect(check, n, rate)
  const { kp, kt } = fit(fitSet)
  const cur = DEFAULT_MODE_MODEL
  show(`check set, seed ${check}, current model`, checkSet, cur.patternSharpness, cur.typeSharpness)
  show(`fit set, seed ${seed}, fitted`, fitSet, kp, kt)
  show(`check set, seed ${check}, fitted`, checkSet, kp, kt)
  console.log(`\npatternSharpness: ${kp.toFixed(3)}, typeSharpness: ${kt.toFixed(3)}`)
}

main()
