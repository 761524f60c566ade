import { labelFromSystem, type Label } from '../theory/label.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { SCALE_TYPE_INFO, SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import { isFiveTone, PATTERNS, type Pattern } from '../theory/tones.ts'
import type { Candidate } from './types.ts'
import type { Cadence } from './profile.ts'

/** Weights of the mode model. Exported so a benchmark can tune them; defaults were tuned on generated dev sets (bench seeds 5 and 7). */
export interface ModeModel {
  /** Expected profile share of each extra tone of a type (they are short and on weak beats). */
  readonly extraShare: number
  /** Expected share of a pitch class outside the collection (tracker errors, passing chromatic notes). */
  readonly outsideShare: number
  /** How many independent observations the profile is worth, at most (sets how sharp the posterior is). */
  readonly maxObservations: number
  /** Weight of the cadence evidence for the tonic against the profile. */
  readonly tonicWeight: number
  /** Mild prior over patterns (log-space): 角 tonics are rarer in folk repertoire. */
  readonly patternPrior: Readonly<Record<Pattern, number>>
  /** Share of note counts (vs. time) in the profile the model reads: counts keep short extra tones audible. */
  readonly countShare: number
  /**
   * Multiplies the tonic+pattern log-scores (summed over types) before their softmax: the calibration of
   * `patternConfidence`, fitted by `bench/calibrate.ts` on one generated set and checked on another.
   */
  readonly patternSharpness: number
  /** The same for the type within the chosen tonic+pattern (a separate, weaker call, fitted separately). */
  readonly typeSharpness: number
  /** Prior per type (log-space): simpler types first, as a listener assumes. */
  readonly typePrior: Readonly<Record<ScaleType, number>>
  /** Share of the polyphonic chroma profile mixed into the profile when an accompaniment is heard. */
  readonly chromaShare?: number
  /** Off-note chroma share (see offNoteShare) from which a clip counts as accompanied. */
  readonly accompanimentThreshold?: number
  /** Share of the ending's chroma in the tonic evidence when an accompaniment is heard. */
  readonly chromaTonicShare?: number
  /** `patternSharpness` for accompanied clips, whose evidence is less certain than it looks. */
  readonly accompaniedPatternSharpness?: number
}

export const DEFAULT_MODE_MODEL: ModeModel = Object.freeze({
  extraShare: 0.06,
  outsideShare: 0.001,
  maxObservations: 60,
  tonicWeight: 5,
  countShare: 0.4,
  // Fitted by `npx tsx bench/calibrate.ts --seed 5 --check 31` (300 clips each) after the drone filter.
  patternSharpness: 1.12,
  typeSharpness: 2.83,
  patternPrior: { gong: 0, shang: 0, jue: -0.3, zhi: 0, yu: 0 },
  // Chosen on bench seeds 5 and 21 (150 accompanied + 100 plain clips each; a plateau over 0.3–0.6, 0.15–0.35).
  accompanimentThreshold: 0.25,
  chromaShare: 0.45,
  chromaTonicShare: 0.25,
  // Fitted (binary log-loss of the top answer) on the accompanied clips of seeds 5 and 21 that fire the switch.
  accompaniedPatternSharpness: 0.65,
  typePrior: {
    pentatonic: 0,
    'hexatonic-qingjue': -0.5,
    'hexatonic-biangong': -0.5,
    'heptatonic-yayue': -1,
    'heptatonic-qingyue': -1,
    'heptatonic-yanyue': -1,
  },
})

/** The evidence the mode model reads. */
export interface ModeEvidence {
  /** 12-bin pitch-class profile, summing to 1. */
  readonly profile: readonly number[]
  readonly cadences: readonly Cadence[]
  /** Number of notes: more notes, sharper decisions. */
  readonly noteCount: number
  /** The chroma of the clip's last seconds, when an accompaniment was heard (its bass and chords rest on the tonic). */
  readonly finalChroma?: readonly number[]
  /** Weight of `finalChroma` in the tonic evidence, 0..1. */
  readonly finalChromaShare?: number
}

/** One scored label. */
export interface ScoredLabel extends Candidate {
  /** Log-score before normalisation. */
  readonly score: number
  /** Calibrated probability that the label's tonic+pattern is right, whatever the type. */
  readonly patternConfidence: number
}

/**
 * Scores all 360 labels and returns them best first with calibrated confidences. The collection fit is a
 * multinomial log-likelihood of the profile under a template per (system, type): the five tones share most
 * weight, the type's extra tones a little, anything else almost none. The tonic term reads cadences
 * (the final note counts most), then the profile, so the most frequent note alone cannot decide.
 *
 * The decision is made in two steps because users mostly care about the tonic+pattern: first the
 * tonic+pattern with the most probability summed over its six types, then the best type within it. The
 * first label is that decision; `confidence` = patternConfidence × P(type | tonic+pattern).
 */
export function scoreModes(ev: ModeEvidence, model: ModeModel = DEFAULT_MODE_MODEL): ScoredLabel[] {
  return calibrate(rawScores(ev, model), model)
}

/** The 360 uncalibrated log-scores, in no particular order (the benchmark's calibration fit reads these). */
export function rawScores(ev: ModeEvidence, model: ModeModel = DEFAULT_MODE_MODEL): RawScore[] {
  const n = Math.min(ev.noteCount, model.maxObservations)
  const tonic = tonicEvidence(ev)
  const scored: RawScore[] = []
  for (const type of SCALE_TYPES) {
    const template = typeTemplate(type, model)
    for (let system = 0; system < 12; system++) {
      let fit = 0
      for (let pc = 0; pc < 12; pc++)
        if (ev.profile[pc] > 0) fit += ev.profile[pc] * template[mod12(pc - system)]
      for (const pattern of PATTERNS) {
        const label = labelFromSystem(system, pattern, type)
        const score =
          n * fit +
          model.tonicWeight * Math.log(tonic[label.tonic] + 0.02) +
          model.patternPrior[pattern] +
          model.typePrior[type]
        scored.push({ label, score })
      }
    }
  }
  return scored
}

/** An uncalibrated log-score of one label. */
export interface RawScore {
  readonly label: Label
  readonly score: number
}

/** The 60 tonic+pattern groups of raw scores, each with its log-score summed over types (log-sum-exp). */
export function patternGroups(
  raw: readonly RawScore[],
): { key: number; score: number; members: RawScore[] }[] {
  const groups = new Map<number, RawScore[]>()
  for (const r of raw) {
    const key = patternKey(r.label)
    const g = groups.get(key)
    if (g) g.push(r)
    else groups.set(key, [r])
  }
  return [...groups].map(([key, members]) => ({
    key,
    score: logSumExp(members.map((m) => m.score)),
    members,
  }))
}

/** A number naming a label's tonic+pattern (its system and pattern). */
export function patternKey(l: Label): number {
  return l.system * 5 + PATTERNS.indexOf(l.pattern)
}

/** Two softmaxes with fitted sharpness: over tonic+pattern groups, then over types within each group. */
function calibrate(raw: readonly RawScore[], model: ModeModel): ScoredLabel[] {
  const groups = patternGroups(raw)
  const gp = softmax(
    groups.map((g) => g.score),
    model.patternSharpness,
  )
  const out: ScoredLabel[] = []
  groups.forEach((g, i) => {
    const tp = softmax(
      g.members.map((m) => m.score),
      model.typeSharpness,
    )
    g.members.forEach((m, j) =>
      out.push({ label: m.label, score: m.score, patternConfidence: gp[i], confidence: gp[i] * tp[j] }),
    )
  })
  return rankScored(out)
}

/** The decision order: the best tonic+pattern first, with its best type; the rest by confidence. */
export function rankScored(out: readonly ScoredLabel[]): ScoredLabel[] {
  const top = out.reduce((a, b) =>
    b.patternConfidence > a.patternConfidence ||
    (b.patternConfidence === a.patternConfidence && b.confidence > a.confidence)
      ? b
      : a,
  )
  const rest = out.filter((x) => x !== top).sort((a, b) => b.confidence - a.confidence || b.score - a.score)
  return [top, ...rest]
}

function softmax(xs: readonly number[], k: number): number[] {
  const max = Math.max(...xs)
  const e = xs.map((x) => Math.exp(k * (x - max)))
  const z = e.reduce((a, b) => a + b, 0)
  return e.map((x) => x / z)
}

function logSumExp(xs: readonly number[]): number {
  const max = Math.max(...xs)
  return max + Math.log(xs.reduce((a, x) => a + Math.exp(x - max), 0))
}

/** Log-probabilities of each pitch class (relative to 宫) under a type's template. */
function typeTemplate(type: ScaleType, model: ModeModel): number[] {
  const tones = SCALE_TYPE_INFO[type].tones
  const extras = tones.length - 5
  const outside = 12 - tones.length
  const core = (1 - extras * model.extraShare - outside * model.outsideShare) / 5
  return Array.from({ length: 12 }, (_, s) =>
    Math.log(isFiveTone(s) ? core : tones.includes(s) ? model.extraShare : model.outsideShare),
  )
}

/**
 * How strongly each pitch class is heard as the tone of rest, 0..1 summing to 1: the final note half,
 * other phrase-final notes three tenths, the plain profile the rest.
 */
export function tonicEvidence(ev: ModeEvidence): number[] {
  const t = new Array<number>(12).fill(0)
  const finals = ev.cadences.filter((c) => c.final)
  const phrase = ev.cadences.filter((c) => !c.final)
  const phraseTotal = phrase.reduce((a, c) => a + c.strength, 0)
  const wFinal = finals.length > 0 ? 0.5 : 0
  const wPhrase = phraseTotal > 0 ? 0.3 : 0
  const wProfile = 1 - wFinal - wPhrase
  for (const c of finals) t[c.pitchClass] += wFinal / finals.length
  for (const c of phrase) t[c.pitchClass] += (wPhrase * c.strength) / phraseTotal
  for (let pc = 0; pc < 12; pc++) t[pc] += wProfile * ev.profile[pc]
  const f = ev.finalChroma
  const b = f ? (ev.finalChromaShare ?? 0) : 0
  if (f && b > 0) for (let pc = 0; pc < 12; pc++) t[pc] = (1 - b) * t[pc] + b * f[pc]
  return t
}

/** The share of the profile inside the best-fitting collection of a type (how diatonic/pentatonic the clip is). */
export function bestCoverage(
  profile: readonly number[],
  type: ScaleType,
): { system: PitchClass; share: number } {
  let best = { system: 0, share: -1 }
  for (let s = 0; s < 12; s++) {
    const share = SCALE_TYPE_INFO[type].tones.reduce((a, t) => a + profile[mod12(s + t)], 0)
    if (share > best.share) best = { system: s, share }
  }
  return best
}
