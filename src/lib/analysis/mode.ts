import { labelFromSystem, type Label } from '../theory/label.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { SCALE_TYPE_INFO, SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import { isFiveTone, PATTERNS, toneOf } from '../theory/tones.ts'
import type { Candidate } from './types.ts'
import type { Cadence } from './profile.ts'
import { TONIC_WEIGHTS, tonicPosterior, type TonicContext, type TonicWeights } from './tonic.ts'

/**
 * Weights of the mode model. The collection fit (system and type) is a template likelihood tuned on generated
 * sets; the tonic model and the system sharpness are fitted on the Han development set (bench/fit-tonic.ts).
 */
export interface ModeModel {
  /** Expected profile share of each extra tone of a type (they are short and on weak beats). */
  readonly extraShare: number
  /** Expected share of a pitch class outside the collection (tracker errors, passing chromatic notes). */
  readonly outsideShare: number
  /** How many independent observations the profile is worth, at most (sets how sharp the posterior is). */
  readonly maxObservations: number
  /** Share of note counts (vs. time) in the profile the model reads: counts keep short extra tones audible. */
  readonly countShare: number
  /** Sharpness of the type posterior within a system (the type is a separate, weaker call). */
  readonly typeSharpness: number
  /** Prior per type (log-space): simpler types first, as a listener assumes. */
  readonly typePrior: Readonly<Record<ScaleType, number>>
  /** Log-penalty per extra tone of a reading's type that is not heard at all (under 0.5 % of the profile). */
  readonly unheardExtraPenalty?: number
  /** The tonic model's fitted weights (and the system posterior's sharpness). */
  readonly tonic: TonicWeights
  /** Share of the polyphonic chroma profile mixed into the profile when an accompaniment is heard. */
  readonly chromaShare?: number
  /** Off-note chroma share (see offNoteShare) from which a clip counts as accompanied. */
  readonly accompanimentThreshold?: number
  /** Share of the ending's chroma in the tonic evidence when an accompaniment is heard. */
  readonly chromaTonicShare?: number
  /** The system sharpness for accompanied clips, whose evidence is less certain than it looks. */
  readonly accompaniedSystemSharpness?: number
}

const hexatonicPrior = TONIC_WEIGHTS.collection?.hexatonicPrior ?? -0.5

export const DEFAULT_MODE_MODEL: ModeModel = Object.freeze({
  // Fitted with the tonic model on the Han development set (bench/fit-tonic.ts), see tonic-weights.json.
  extraShare: TONIC_WEIGHTS.collection?.extraShare ?? 0.06,
  unheardExtraPenalty: TONIC_WEIGHTS.collection?.unheardExtraPenalty ?? 0,
  outsideShare: 0.001,
  maxObservations: 60,
  countShare: 0.4,
  typeSharpness: 2.83,
  tonic: TONIC_WEIGHTS,
  // The chroma weights were chosen on generated bench seeds 5 and 21; the threshold was raised from 0.25 to 0.34
  // because solo Han songs (plucked strings ringing, a sung voice) reach 0.2–0.36 and took the chroma path.
  accompanimentThreshold: 0.34,
  chromaShare: 0.45,
  chromaTonicShare: 0.25,
  accompaniedSystemSharpness: 0.6,
  typePrior: {
    pentatonic: 0,
    'hexatonic-qingjue': hexatonicPrior,
    'hexatonic-biangong': hexatonicPrior,
    'heptatonic-yayue': -1,
    'heptatonic-qingyue': -1,
    'heptatonic-yanyue': -1,
  },
})

/** Below this profile share a tone counts as not heard. */
const UNHEARD = 0.005

/** The evidence the mode model reads. */
export interface ModeEvidence {
  /** 12-bin pitch-class profile, summing to 1. */
  readonly profile: readonly number[]
  /** The phrase-final notes and the final note (shown as evidence). */
  readonly cadences: readonly Cadence[]
  /** Number of notes: more notes, sharper decisions. */
  readonly noteCount: number
  /** What the tonic model reads from the notes. */
  readonly tonic: TonicContext
  /** P(the clip ends on a resting note): how far the final note can be trusted. */
  readonly cadence: number
  /** The chroma of the clip's last seconds, when an accompaniment was heard (its bass and chords rest on the tonic). */
  readonly finalChroma?: readonly number[]
  /** Weight of `finalChroma` in the tonic evidence, 0..1. */
  readonly finalChromaShare?: number
}

/** One scored label. */
export interface ScoredLabel extends Candidate {
  /** Log of the label's probability. */
  readonly score: number
  /** Calibrated probability that the label's tonic+pattern is right, whatever the type. */
  readonly patternConfidence: number
}

/**
 * Scores all 360 labels and returns them best first with their probabilities. Three factors:
 * P(宫 system) from a multinomial log-likelihood of the profile under a template per (system, type) — the five
 * tones share most weight, the type's extra tones a little, anything else almost none — summed over types;
 * P(tonic | system) from the tonic model (final note for a clip that ends on a resting note, melodic context
 * for one that stops mid-phrase); P(type | system) from the same templates.
 *
 * The first label is the tonic+pattern with the highest P(system)·P(tonic | system) (its `patternConfidence`),
 * with its best type; `confidence` = patternConfidence × P(type | system).
 */
export function scoreModes(ev: ModeEvidence, model: ModeModel = DEFAULT_MODE_MODEL): ScoredLabel[] {
  const n = Math.min(ev.noteCount, model.maxObservations)
  const templates = SCALE_TYPES.map((t) => typeTemplate(t, model))
  const coll: number[][] = []
  for (let system = 0; system < 12; system++)
    coll.push(
      SCALE_TYPES.map((type, k) => {
        let fit = 0
        for (let pc = 0; pc < 12; pc++)
          if (ev.profile[pc] > 0) fit += ev.profile[pc] * templates[k][mod12(pc - system)]
        // A six- or seven-tone reading whose extra tone is never heard explains the notes no better than the
        // five-tone one: it pays for each such tone (the likelihood alone only charges for tones heard).
        let unheard = 0
        for (const semis of SCALE_TYPE_INFO[type].tones)
          if (!isFiveTone(semis) && ev.profile[mod12(system + semis)] < UNHEARD) unheard++
        return n * fit + model.typePrior[type] - (model.unheardExtraPenalty ?? 0) * unheard
      }),
    )
  const sharp = ev.finalChroma
    ? (model.accompaniedSystemSharpness ?? model.tonic.systemSharpness)
    : model.tonic.systemSharpness
  const pSystem = softmax(
    coll.map((c) => logSumExp(c)),
    sharp,
  )
  const out: ScoredLabel[] = []
  for (let system = 0; system < 12; system++) {
    const pType = softmax(coll[system], model.typeSharpness)
    const pTonic = withFinalChroma(tonicPosterior(ev.tonic, system, ev.cadence, model.tonic), system, ev)
    PATTERNS.forEach((pattern, j) => {
      const patternConfidence = pSystem[system] * pTonic[j]
      SCALE_TYPES.forEach((type, k) => {
        const confidence = patternConfidence * pType[k]
        out.push({
          label: labelFromSystem(system, pattern, type),
          score: Math.log(confidence + 1e-300),
          patternConfidence,
          confidence,
        })
      })
    })
  }
  return rankScored(out)
}

/** Mixes the ending's chroma (restricted to the system's five tones) into the tonic posterior. */
function withFinalChroma(p: number[], system: number, ev: ModeEvidence): number[] {
  const f = ev.finalChroma
  const b = f ? (ev.finalChromaShare ?? 0) : 0
  if (!f || b <= 0) return p
  const c = PATTERNS.map((pat) => f[mod12(system + toneOf(pat).semitones)])
  const total = c.reduce((a, x) => a + x, 0)
  if (!(total > 0)) return p
  return p.map((x, j) => (1 - b) * x + (b * c[j]) / total)
}

/** A number naming a label's tonic+pattern (its system and pattern). */
export function patternKey(l: Label): number {
  return l.system * 5 + PATTERNS.indexOf(l.pattern)
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
