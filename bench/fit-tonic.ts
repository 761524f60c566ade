/**
 * Fits the tonic model (src/lib/analysis/tonic-weights.json) on the Han development set: the ending gate
 * (does the clip end on a resting note?), the two conditional-logit experts (whole songs, excerpts) and the
 * sharpness of the 宫-system posterior — on the songs of folds 0–6, reported on folds 7–9 (split by song).
 * Reads what bench/han-cache.ts cached (run that first).
 *
 *   npx tsx bench/fit-tonic.ts [--cache FILE,FILE…] [--write]   (default: every bench/out/han-cache-*.json)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { modeEvidenceOf } from '../src/lib/analysis/analyze.ts'
import { DEFAULT_MODE_MODEL, scoreModes, type ModeModel } from '../src/lib/analysis/mode.ts'
import {
  candidateFeatures,
  endingOf,
  endingVector,
  tailLevelOf,
  TONIC_FEATURES,
  tonicContext,
  type TonicWeights,
} from '../src/lib/analysis/tonic.ts'
import type { NoteEvent } from '../src/lib/analysis/types.ts'
import { mod12 } from '../src/lib/theory/pitch-class.ts'
import { PATTERNS, toneOf } from '../src/lib/theory/tones.ts'
import { formatReliability, reliability } from './calibration.ts'
import type { CachedClip } from './han-cache.ts'
import { finalNoteRule } from './han-bench.ts'
import { noteWeights, pitchClassProfile } from '../src/lib/analysis/profile.ts'

const here = dirname(fileURLToPath(import.meta.url))

interface Item {
  readonly clip: CachedClip
  readonly notes: NoteEvent[]
  readonly tail: number
  readonly whole: boolean
  readonly fit: boolean
}

function load(file: string): Item[] {
  const clips = JSON.parse(readFileSync(file, 'utf8')) as CachedClip[]
  return clips.flatMap((clip) => {
    if (!clip.notes || clip.notes.length === 0) return []
    const notes: NoteEvent[] = clip.notes.map(([start, end, midi, level]) => ({
      start,
      end,
      midi,
      pitchClass: mod12(Math.round(midi)),
      level,
    }))
    return [
      {
        clip,
        notes,
        tail: tailLevelOf(clip.tail, 1),
        whole: clip.condition !== 'excerpt',
        fit: clip.fold < 7,
      },
    ]
  })
}

/** L2-regularised logistic regression by Adam on the mean log-loss. */
function fitLogistic(
  xs: number[][],
  ys: boolean[],
  lambda = 1e-3,
  iters = 3000,
): { bias: number; weights: number[] } {
  const d = xs[0].length
  const w = new Array<number>(d + 1).fill(0)
  return adam(
    w,
    iters,
    (g) => {
      g.fill(0)
      let loss = 0
      xs.forEach((x, i) => {
        let z = w[d]
        for (let k = 0; k < d; k++) z += w[k] * x[k]
        const p = 1 / (1 + Math.exp(-z))
        const y = ys[i] ? 1 : 0
        loss -= Math.log(ys[i] ? p + 1e-12 : 1 - p + 1e-12)
        for (let k = 0; k < d; k++) g[k] += (p - y) * x[k]
        g[d] += p - y
      })
      for (let k = 0; k < d; k++) {
        g[k] = g[k] / xs.length + 2 * lambda * w[k]
        loss += lambda * w[k] * w[k] * xs.length
      }
      g[d] /= xs.length
      return loss / xs.length
    },
    (v) => ({ bias: v[d], weights: v.slice(0, d) }),
  )
}

/** Conditional logit: each example is five candidates' feature vectors and the index of the true one. */
function fitConditionalLogit(
  examples: { xs: number[][]; y: number }[],
  lambda = 1e-3,
  iters = 3000,
): number[] {
  const d = examples[0].xs[0].length
  const w = new Array<number>(d).fill(0)
  return adam(
    w,
    iters,
    (g) => {
      g.fill(0)
      let loss = 0
      for (const { xs, y } of examples) {
        const s = xs.map((x) => x.reduce((a, v, k) => a + v * w[k], 0))
        const m = Math.max(...s)
        const e = s.map((v) => Math.exp(v - m))
        const z = e.reduce((a, b) => a + b, 0)
        loss -= Math.log(e[y] / z + 1e-12)
        xs.forEach((x, j) => {
          const p = e[j] / z - (j === y ? 1 : 0)
          for (let k = 0; k < d; k++) g[k] += p * x[k]
        })
      }
      for (let k = 0; k < d; k++) g[k] = g[k] / examples.length + 2 * lambda * w[k]
      return loss / examples.length + lambda * w.reduce((a, v) => a + v * v, 0)
    },
    (v) => v,
  )
}

function adam<T>(w: number[], iters: number, grad: (g: number[]) => number, out: (w: number[]) => T): T {
  const g = new Array<number>(w.length).fill(0)
  const m = new Array<number>(w.length).fill(0)
  const v = new Array<number>(w.length).fill(0)
  const lr = 0.05
  for (let t = 1; t <= iters; t++) {
    grad(g)
    for (let k = 0; k < w.length; k++) {
      m[k] = 0.9 * m[k] + 0.1 * g[k]
      v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k]
      const mh = m[k] / (1 - 0.9 ** t)
      const vh = v[k] / (1 - 0.999 ** t)
      w[k] -= (lr * mh) / (Math.sqrt(vh) + 1e-8)
    }
  }
  return out(w)
}

/** The model with these collection settings. */
function collectionModel(
  base: ModeModel,
  extraShare: number,
  hex: number,
  hept: number,
  unheard?: number,
): ModeModel {
  return {
    ...base,
    extraShare,
    unheardExtraPenalty: unheard ?? base.unheardExtraPenalty,
    typePrior: {
      pentatonic: 0,
      'hexatonic-qingjue': hex,
      'hexatonic-biangong': hex,
      'heptatonic-yayue': hept,
      'heptatonic-qingyue': hept,
      'heptatonic-yanyue': hept,
    },
  }
}

/** An expert's probability of the true candidate. */
function softmaxAt(ex: { xs: number[][]; y: number }, w: readonly number[]): number {
  const s = ex.xs.map((x) => x.reduce((a, v, k) => a + v * w[k], 0))
  const m = Math.max(...s)
  const e = s.map((v) => Math.exp(v - m))
  return e[ex.y] / e.reduce((a, b) => a + b, 0)
}

/** The gate by maximum likelihood of the mixture g·a + (1 − g)·b, a and b the experts' P(true tonic). */
function fitGate(
  xs: number[][],
  ab: readonly (readonly [number, number])[],
  start: { bias: number; weights: number[] },
  lambda = 1e-3,
  iters = 2000,
): { bias: number; weights: number[] } {
  const d = xs[0].length
  const w = [...start.weights, start.bias]
  return adam(
    w,
    iters,
    (g) => {
      g.fill(0)
      let loss = 0
      xs.forEach((x, i) => {
        let z = w[d]
        for (let k = 0; k < d; k++) z += w[k] * x[k]
        const p = 1 / (1 + Math.exp(-z))
        const [a, b] = ab[i]
        const mix = p * a + (1 - p) * b + 1e-12
        loss -= Math.log(mix)
        // d(−log mix)/dz = −(a − b)·p(1 − p)/mix
        const dz = (-(a - b) * p * (1 - p)) / mix
        for (let k = 0; k < d; k++) g[k] += dz * x[k]
        g[d] += dz
      })
      for (let k = 0; k < d; k++) g[k] = g[k] / xs.length + 2 * lambda * w[k]
      g[d] /= xs.length
      return loss / xs.length
    },
    (v) => ({ bias: v[d], weights: v.slice(0, d) }),
  )
}

/** The five candidates' features relative to the true system, with the index of the true tonic. */
function example(it: Item): { xs: number[][]; y: number } {
  const ctx = tonicContext(it.notes, it.clip.duration)
  const xs = PATTERNS.map((p) => candidateFeatures(ctx, mod12(it.clip.system + toneOf(p).semitones), p))
  return { xs, y: PATTERNS.findIndex((p) => mod12(it.clip.system + toneOf(p).semitones) === it.clip.tonic) }
}

/** The final-note rule: tonic = the last note of ≥ 0.1 s; system = the pentatonic collection that holds most. */
function rule(it: Item): boolean {
  // The benchmark's rule on the same profile the analyzer shows as evidence.
  const profile = pitchClassProfile(it.notes, noteWeights(it.notes, it.clip.duration))
  const { tonic, system } = finalNoteRule(it.notes, profile)
  return tonic === it.clip.tonic && system === it.clip.system
}

function evaluate(items: readonly Item[], model: ModeModel, title: string): void {
  console.log(`\n${title}`)
  console.log('condition    clips  exact  rule   system  type   ECE    ≥0.9: n  precision  mean conf wrong')
  const conditions = ['clean', 'realistic', 'sung', 'hexatonic', 'excerpt']
  for (const c of conditions) {
    const xs = items.filter((i) => i.clip.condition === c)
    if (!xs.length) continue
    const conf: number[] = []
    const right: boolean[] = []
    let sys = 0
    let typ = 0
    let rules = 0
    for (const it of xs) {
      const top = scoreModes(modeEvidenceOf(it.notes, it.clip.duration, model, it.tail), model)[0]
      conf.push(top.patternConfidence)
      if (
        process.env.SHOW === c &&
        !(top.label.tonic === it.clip.tonic && top.label.system === it.clip.system)
      ) {
        const ev = modeEvidenceOf(it.notes, it.clip.duration, model, it.tail)
        console.log(
          `  ${it.clip.id} truth ${it.clip.tonic}/${it.clip.system} got ${top.label.tonic}/${top.label.system} p ${top.patternConfidence.toFixed(2)} final ${ev.tonic.final} gate ${ev.cadence.toFixed(2)} rule ${rule(it)}`,
        )
      }
      right.push(top.label.tonic === it.clip.tonic && top.label.system === it.clip.system)
      if (top.label.system === it.clip.system) sys++
      if (top.label.type === it.clip.type) typ++
      if (rule(it)) rules++
    }
    const r = reliability(conf, right)
    if (process.env.BINS === c) for (const l of formatReliability(c, r)) console.log(l)
    const hi = conf.map((x, i) => [x, right[i]] as const).filter(([x]) => x >= 0.9)
    const prec = hi.length ? hi.filter(([, y]) => y).length / hi.length : NaN
    console.log(
      `${c.padEnd(12)} ${String(xs.length).padStart(5)}  ${(right.filter(Boolean).length / xs.length).toFixed(3)}  ${(rules / xs.length).toFixed(3)}  ${(sys / xs.length).toFixed(3)}   ${(typ / xs.length).toFixed(3)}  ${r.ece.toFixed(3)}  ${String(hi.length).padStart(7)}  ${prec.toFixed(3)}      ${r.meanWrong.toFixed(2)}`,
    )
  }
}

function main(): void {
  const argv = process.argv.slice(2)
  const files = argv.includes('--cache')
    ? argv[argv.indexOf('--cache') + 1].split(',')
    : readdirSync(join(here, 'out'))
        .filter((f) => /^han-cache-.*\.json$/.test(f))
        .map((f) => join(here, 'out', f))
  const items = files.flatMap(load)
  console.log(`caches: ${files.join(', ')}`)
  const fit = items.filter((i) => i.fit)
  const held = items.filter((i) => !i.fit)
  console.log(
    `${items.length} clips with notes: ${fit.length} to fit (folds 0–6), ${held.length} held out (folds 7–9)`,
  )

  const cadence = fitConditionalLogit(fit.filter((i) => i.whole).map(example))
  const fragment = fitConditionalLogit(fit.filter((i) => !i.whole).map(example))
  // The gate starts as a whole-song-vs-excerpt classifier, then is refitted to what it is for: the mixture's
  // likelihood of the true tonic, with the two experts fixed.
  const endings = fit.map((i) => endingVector(endingOf(i.notes, i.clip.duration, i.tail)))
  const start = fitLogistic(
    endings,
    fit.map((i) => i.whole),
  )
  const gate = fitGate(
    endings,
    fit.map((i) => {
      const ex = example(i)
      return [softmaxAt(ex, cadence), softmaxAt(ex, fragment)] as const
    }),
    start,
  )
  let weights: TonicWeights = {
    features: [...TONIC_FEATURES],
    cadence: cadence.map((x) => +x.toFixed(4)),
    fragment: fragment.map((x) => +x.toFixed(4)),
    gate: { bias: +gate.bias.toFixed(4), weights: gate.weights.map((x) => +x.toFixed(4)) },
    systemSharpness: 1,
    fitted: '',
  }
  // The collection templates (system and type): extra-tone share and type priors, for the system and the type
  // right on the fit songs. Their labels are five- and six-tone only, so the seven-tone prior is not fitted here
  // (it would learn that seven-tone readings are never right).
  let collection = {
    score: -Infinity,
    extraShare: DEFAULT_MODE_MODEL.extraShare,
    hex: -0.5,
    hept: -1,
    unheard: 0,
  }
  const sample = fit.filter((_, i) => i % 2 === 0)
  for (const extraShare of [0.015, 0.03, 0.06])
    for (const hex of [0.5, 0, -0.5, -1])
      for (const hept of [DEFAULT_MODE_MODEL.typePrior['heptatonic-yayue']])
        for (const unheard of [0, 2, 4]) {
          const model = collectionModel(
            { ...DEFAULT_MODE_MODEL, tonic: weights },
            extraShare,
            hex,
            hept,
            unheard,
          )
          let score = 0
          for (const it of sample) {
            const top = scoreModes(modeEvidenceOf(it.notes, it.clip.duration, model, it.tail), model)[0]
            if (top.label.system === it.clip.system) score += 1
            if (top.label.type === it.clip.type) score += 1
          }
          if (score > collection.score) collection = { score, extraShare, hex, hept, unheard }
        }
  console.log(`collection: ${JSON.stringify(collection)} (system + type right, of ${2 * sample.length})`)
  // The system posterior's sharpness and the tonic posterior's temperatures: the log-loss of the top answer's
  // patternConfidence on the fit songs (excerpts weighted up to as many clips as the whole songs, so neither
  // kind of clip sets the other's confidence).
  const nWhole = fit.filter((i) => i.whole).length
  const nFrag = fit.length - nWhole
  const calib = fit.filter((_, i) => i % 2 === 1)
  let best = { k: 1, tc: 1, tf: 1, loss: Infinity }
  for (const k of [1, 1.5, 2, 3])
    for (const tc of [0.8, 1, 1.3, 1.6, 2])
      for (const tf of [0.6, 0.8, 1, 1.2]) {
        const model = collectionModel(
          {
            ...DEFAULT_MODE_MODEL,
            tonic: { ...weights, systemSharpness: k, temperature: { cadence: tc, fragment: tf } },
          },
          collection.extraShare,
          collection.hex,
          collection.hept,
          collection.unheard,
        )
        let loss = 0
        for (const it of calib) {
          const top = scoreModes(modeEvidenceOf(it.notes, it.clip.duration, model, it.tail), model)[0]
          const ok = top.label.tonic === it.clip.tonic && top.label.system === it.clip.system
          const p = Math.min(1 - 1e-6, Math.max(1e-6, top.patternConfidence))
          loss -= (it.whole ? 1 : nWhole / Math.max(1, nFrag)) * Math.log(ok ? p : 1 - p)
        }
        if (loss < best.loss) best = { k, tc, tf, loss }
      }
  const songs = new Set(fit.map((i) => i.clip.id)).size
  weights = {
    ...weights,
    systemSharpness: best.k,
    temperature: { cadence: best.tc, fragment: best.tf },
    collection: {
      extraShare: collection.extraShare,
      hexatonicPrior: collection.hex,
      unheardExtraPenalty: collection.unheard,
    },
    fitted: `bench/fit-tonic.ts on the Han development set, folds 0–6 (${songs} songs, ${fit.length} clips in 5 conditions, seed 1)`,
  }
  console.log(JSON.stringify(weights))
  const model = collectionModel(
    { ...DEFAULT_MODE_MODEL, tonic: weights },
    collection.extraShare,
    collection.hex,
    collection.hept,
    collection.unheard,
  )
  evaluate(fit, model, 'fit songs (folds 0–6), in-sample')
  evaluate(held, model, 'held-out songs (folds 7–9)')
  evaluate(held, DEFAULT_MODE_MODEL, 'held-out songs, the weights now shipped')
  if (argv.includes('--write')) {
    const out = join(here, '../src/lib/analysis/tonic-weights.json')
    writeFileSync(out, JSON.stringify(weights, null, 2) + '\n')
    console.log(`wrote ${out}`)
  }
}

main()
