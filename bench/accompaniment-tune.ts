/**
 * Chooses the accompaniment path's weights (DEFAULT_MODE_MODEL.accompanimentThreshold, chromaShare,
 * chromaTonicShare, accompaniedPatternSharpness) on dev seeds, accompanied and plain clips side by side:
 *
 *   npx tsx bench/accompaniment-tune.ts [--seeds 5,21] [--acc 150] [--plain 100]
 *
 * Each clip is analysed once with the switch off; its note evidence and chroma are kept, and every weight
 * setting is then scored on them (tonic+pattern and system accuracy), so a grid costs seconds.
 */
import { analyze, modeEvidenceOf } from '../src/lib/analysis/analyze.ts'
import { chromagram, chromaProfile, finalChroma, offNoteShare } from '../src/lib/analysis/chroma.ts'
import { findDrone, removeDrone } from '../src/lib/analysis/drone.ts'
import {
  DEFAULT_MODE_MODEL,
  patternGroups,
  patternKey,
  rawScores,
  scoreModes,
  type ModeEvidence,
} from '../src/lib/analysis/mode.ts'
import { decimate, highpassInPlace } from '../src/lib/analysis/resample.ts'
import { labelFromSystemAndTonic, type Label } from '../src/lib/theory/label.ts'
import { makeClip, renderClip } from './clips.ts'

interface Cached {
  readonly accompanied: boolean
  readonly truth: Label
  readonly plain: ModeEvidence
  readonly offNote: number
  readonly profile: readonly number[]
  readonly ending: readonly number[]
}

const RATE = 16000
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const seeds = arg('--seeds', '5,21').split(',').map(Number)
const nAcc = Number(arg('--acc', '150'))
const nPlain = Number(arg('--plain', '100'))
const off = { ...DEFAULT_MODE_MODEL, accompanimentThreshold: Infinity }

/** The same front end as analyze(): 8 kHz, high-pass, drone out, then the chroma at ~4 kHz. */
function cache(seed: number, index: number, accompanied: boolean): Cached | null {
  const clip = makeClip(index, seed, { accompaniment: accompanied })
  const x = renderClip(clip, RATE)
  const r = analyze(x, RATE, { model: off })
  if (!r.ok) return null
  const low = decimate(x, RATE)
  const hp = highpassInPlace(low.samples.slice(), low.sampleRate)
  const drone = findDrone(hp, low.sampleRate)
  const filtered = drone ? removeDrone(hp, low.sampleRate, drone.hz) : hp
  const quarter = decimate(filtered, low.sampleRate, 4000)
  const g = chromagram(quarter.samples, quarter.sampleRate, r.evidence.tuningOffset)
  return {
    accompanied,
    truth: clip.label,
    plain: modeEvidenceOf(r.evidence.notes, r.duration),
    offNote: offNoteShare(g, r.evidence.notes),
    profile: chromaProfile(g),
    ending: finalChroma(g),
  }
}

function blend(c: Cached, a: number, b: number): ModeEvidence {
  return {
    ...c.plain,
    profile: c.plain.profile.map((p, pc) => (1 - a) * p + a * c.profile[pc]),
    finalChroma: c.ending,
    finalChromaShare: b,
  }
}

const rows: Cached[] = []
for (const seed of seeds)
  for (const accompanied of [true, false])
    for (let i = 0; i < (accompanied ? nAcc : nPlain); i++) {
      const c = cache(seed, i, accompanied)
      if (c) rows.push(c)
    }

const pct = (x: number, n: number) => (n > 0 ? x / n : 0).toFixed(3)
console.log('threshold  chroma  tonic   accompanied exact/system   plain exact/system   fired acc/plain')
for (const th of [Infinity, 0.22, 0.25, 0.28])
  for (const a of th === Infinity ? [0] : [0.3, 0.45, 0.6])
    for (const b of th === Infinity ? [0] : [0.15, 0.25, 0.35]) {
      const s = { acc: [0, 0, 0], plain: [0, 0, 0], fired: [0, 0] }
      for (const c of rows) {
        const fire = c.offNote >= th
        const best = scoreModes(fire ? blend(c, a, b) : c.plain, DEFAULT_MODE_MODEL)[0].label
        const t = s[c.accompanied ? 'acc' : 'plain']
        t[0]++
        t[1] += +(best.tonic === c.truth.tonic && best.pattern === c.truth.pattern)
        t[2] += +(best.system === c.truth.system)
        if (fire) s.fired[c.accompanied ? 0 : 1]++
      }
      console.log(
        `${String(th).padEnd(10)} ${String(a).padEnd(7)} ${String(b).padEnd(7)} ` +
          `${pct(s.acc[1], s.acc[0])} / ${pct(s.acc[2], s.acc[0])}          ` +
          `${pct(s.plain[1], s.plain[0])} / ${pct(s.plain[2], s.plain[0])}        ${s.fired.join('/')}`,
      )
    }

// Sharpness of patternConfidence on the clips that fire the switch with the default weights.
const m = DEFAULT_MODE_MODEL
const fired = rows
  .filter((c) => c.offNote >= (m.accompanimentThreshold ?? Infinity))
  .map((c) => {
    const groups = patternGroups(rawScores(blend(c, m.chromaShare ?? 0, m.chromaTonicShare ?? 0), m))
    const best = groups.reduce((x, y) => (y.score > x.score ? y : x))
    const truth = patternKey(labelFromSystemAndTonic(c.truth.system, c.truth.tonic))
    return { scores: groups.map((g) => g.score - best.score), right: best.key === truth }
  })
for (const k of [0.5, 0.6, 0.65, 0.7, 0.8, 1.12]) {
  let loss = 0
  for (const f of fired) {
    const conf = Math.min(1 - 1e-9, 1 / f.scores.reduce((z, s) => z + Math.exp(k * s), 0))
    loss -= Math.log(f.right ? conf : 1 - conf)
  }
  console.log(
    `patternSharpness ${k} on ${fired.length} fired clips: log-loss ${(loss / fired.length).toFixed(3)}`,
  )
}
