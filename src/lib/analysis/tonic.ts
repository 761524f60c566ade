import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import type { Seconds } from '../theory/units.ts'
import { PATTERNS, toneOf, type Pattern } from '../theory/tones.ts'
import { median } from './notes.ts'
import { findCadences, noteSpans, noteStress, type Cadence } from './profile.ts'
import type { NoteEvent } from './types.ts'
import WEIGHTS from './tonic-weights.json' with { type: 'json' }

/**
 * The tonic model: which of a 宫 system's five tones is the tonic, from what the pitch track gives. Two
 * conditional-logit experts over per-candidate features — one for clips that end on a resting note (the
 * final note dominates, as it does for a whole song), one for fragments that stop mid-phrase (phrase-final
 * notes, long notes, the degrees the melody leans on, the fifth above, first and lowest notes) — mixed by the
 * probability that the clip ends on a cadence. Fitted by bench/fit-tonic.ts on the Han development set.
 */

/** The per-candidate features, in the order of the weight vectors. */
export const TONIC_FEATURES = [
  'final',
  'finalHeld',
  'finalLong',
  'finalStrong',
  'finalLowest',
  'finalPhraseEnd',
  'phraseEnds',
  'logCount',
  'longNotes',
  'beforeRest',
  'first',
  'lowest',
  'gong',
  'shang',
  'jue',
  'zhi',
  // The time profile relative to the candidate (a learned key profile): log share of each interval above it.
  ...Array.from({ length: 12 }, (_, k) => `logTime+${k}`),
  // A profile per pattern: for a candidate of pattern j, the log time share of each of the system's five tones.
  ...PATTERNS.flatMap((j) => PATTERNS.map((k) => `${j}:${k}`)),
] as const

/** The ending's features, in the order of the gate's weights. */
export const ENDING_FEATURES = ['endGap', 'lastHeld', 'tailLevel', 'lastStress'] as const

/** Fitted weights of the tonic model (see tonic-weights.json). */
export interface TonicWeights {
  readonly features: readonly string[]
  /** Conditional-logit weights of the expert for clips that end on a resting note. */
  readonly cadence: readonly number[]
  /** The same for clips that stop mid-phrase. */
  readonly fragment: readonly number[]
  /** Logistic gate: P(ends on a cadence) = σ(bias + w·endingFeatures). */
  readonly gate: { readonly bias: number; readonly weights: readonly number[] }
  /** Sharpness of the 宫-system posterior (multiplies the collection log-likelihoods before their softmax). */
  readonly systemSharpness: number
  /**
   * Calibration of the mixed tonic posterior: p ∝ p^τ, τ = cadence·τ.cadence + (1 − cadence)·τ.fragment
   * (fitted on the log-loss of the top answer, so a stated 80 % comes true about 80 % of the time).
   */
  readonly temperature?: { readonly cadence: number; readonly fragment: number }
  /** The collection templates' fitted settings: each extra tone's expected share, the six-tone types' prior. */
  readonly collection?: {
    readonly extraShare: number
    readonly hexatonicPrior: number
    readonly unheardExtraPenalty?: number
  }
  readonly fitted: string
}

export const TONIC_WEIGHTS: TonicWeights = WEIGHTS as TonicWeights

/** How a clip ends: what says whether its last note is a resting note. */
export interface Ending {
  /** Seconds from the last note's end to the clip's end (a whole song ends in its decay and silence). */
  readonly endGap: Seconds
  /** The last note's span over the median span (a cadence is held). */
  readonly lastHeld: number
  /** Loudest frame level of the clip's last 0.24 s, relative to the clip's loud level. */
  readonly tailLevel: number
  /** The last note's stress (0.1..1.5). */
  readonly lastStress: number
}

const eps = 0.02

/**
 * The ending of a clip. `tailLevel` is the loudest of the last frames' levels relative to the loud level
 * (see {@link tailLevelOf}); `cad` the clip's cadences, when the caller has them already.
 */
export function endingOf(
  notes: readonly NoteEvent[],
  duration: Seconds,
  tailLevel: number,
  cad: readonly Cadence[] = findCadences(notes, duration),
): Ending {
  if (notes.length === 0) return { endGap: duration, lastHeld: 0, tailLevel, lastStress: 0 }
  const final = cad[cad.length - 1]
  const i = Math.max(
    0,
    notes.findIndex((n) => n.start === final.time),
  )
  const spans = noteSpans(notes, duration, Infinity)
  const typical = median(spans.length > 1 ? spans.slice(0, -1) : spans) || 1
  const stress = noteStress(notes)
  return {
    endGap: Math.max(0, duration - notes[i].end),
    lastHeld: (notes[i].end - notes[i].start) / typical,
    tailLevel,
    lastStress: stress[i],
  }
}

/** The loudest of the last `count` frame levels over the loud level (12 frames ≈ the last 0.24 s). */
export function tailLevelOf(levels: readonly number[], loud: number, count = 12): number {
  if (!(loud > 0)) return 0
  let m = 0
  for (let i = Math.max(0, levels.length - count); i < levels.length; i++) m = Math.max(m, levels[i] / loud)
  return m
}

/** The ending's feature vector for the gate. */
export function endingVector(e: Ending): number[] {
  return [
    Math.min(e.endGap, 1.5),
    Math.log(Math.max(e.lastHeld, 0.05)),
    Math.min(e.tailLevel, 1.5),
    e.lastStress,
  ]
}

/** P(the clip ends on a resting note), from its ending. */
export function cadenceProbability(e: Ending, w: TonicWeights = TONIC_WEIGHTS): number {
  const x = endingVector(e)
  let z = w.gate.bias
  for (let k = 0; k < x.length; k++) z += w.gate.weights[k] * x[k]
  return 1 / (1 + Math.exp(-z))
}

/** What the features read from the notes, computed once per clip and shared by the 12 systems. */
export interface TonicContext {
  readonly time: readonly number[]
  readonly count: readonly number[]
  readonly phraseEnds: readonly number[]
  readonly longNotes: readonly number[]
  readonly beforeRest: readonly number[]
  readonly final: PitchClass
  readonly finalHeld: number
  /** The final note's tracked length over 0.5 s, at most 1. */
  readonly finalLong: number
  /** The final note's stress, at most 1. */
  readonly finalStress: number
  readonly first: PitchClass
  readonly lowest: PitchClass
}

/** Reads the clip-level tallies the candidate features are made of (`cad`: the clip's cadences, if known). */
export function tonicContext(
  notes: readonly NoteEvent[],
  duration: Seconds,
  cad: readonly Cadence[] = findCadences(notes, duration),
): TonicContext {
  const z = (): number[] => new Array<number>(12).fill(0)
  const time = z()
  const count = z()
  const phraseEnds = z()
  const longNotes = z()
  const beforeRest = z()
  if (notes.length === 0)
    return {
      time,
      count,
      phraseEnds,
      longNotes,
      beforeRest,
      final: 0,
      finalHeld: 0,
      finalLong: 0,
      finalStress: 0,
      first: 0,
      lowest: 0,
    }
  const spans = noteSpans(notes, duration)
  const stress = noteStress(notes)
  const typical = median(spans) || 1
  notes.forEach((n, i) => {
    time[n.pitchClass] += spans[i] * stress[i]
    count[n.pitchClass] += Math.min(1, stress[i])
    if (spans[i] >= 1.5 * typical) longNotes[n.pitchClass] += spans[i] * Math.min(1, stress[i])
    const next = notes[i + 1]
    if (next && next.start - n.end >= Math.max(0.15, 0.4 * typical))
      beforeRest[n.pitchClass] += Math.min(1, stress[i])
  })
  for (const c of cad) if (!c.final) phraseEnds[c.pitchClass] += c.strength
  const final = cad[cad.length - 1]
  const fi = Math.max(
    0,
    notes.findIndex((n) => n.start === final.time),
  )
  const normal = notes.filter((_, i) => stress[i] >= 0.5)
  const low = (normal.length ? normal : notes).reduce((a, b) => (b.midi < a.midi ? b : a))
  const norm = (xs: number[]): number[] => {
    const t = xs.reduce((a, b) => a + b, 0)
    return t > 0 ? xs.map((x) => x / t) : xs
  }
  return {
    time: norm(time),
    count: norm(count),
    phraseEnds: norm(phraseEnds),
    longNotes: norm(longNotes),
    beforeRest: norm(beforeRest),
    final: final.pitchClass,
    finalHeld: Math.min(1, spans[fi] / (2 * typical)),
    finalLong: Math.min(1, (notes[fi].end - notes[fi].start) / 0.5),
    finalStress: Math.min(1, stress[fi]),
    first: notes[0].pitchClass,
    lowest: low.pitchClass,
  }
}

/** The feature vector of candidate tonic `tonic` (one of the five tones of its system, `pattern` its degree). */
export function candidateFeatures(ctx: TonicContext, tonic: PitchClass, pattern: Pattern): number[] {
  const isFinal = ctx.final === tonic ? 1 : 0
  const semis = toneOf(pattern).semitones
  return [
    isFinal,
    isFinal * ctx.finalHeld,
    isFinal * ctx.finalLong,
    isFinal * ctx.finalStress,
    isFinal * (ctx.lowest === tonic ? 1 : 0),
    isFinal * Math.min(1, 3 * ctx.phraseEnds[tonic]),
    ctx.phraseEnds[tonic],
    Math.log(ctx.count[tonic] + eps),
    ctx.longNotes[tonic],
    ctx.beforeRest[tonic],
    ctx.first === tonic ? 1 : 0,
    ctx.lowest === tonic ? 1 : 0,
    semis === 0 ? 1 : 0,
    semis === 2 ? 1 : 0,
    semis === 4 ? 1 : 0,
    semis === 7 ? 1 : 0,
    ...Array.from({ length: 12 }, (_, k) => Math.log(ctx.time[mod12(tonic + k)] + eps)),
    ...PATTERNS.flatMap((j) =>
      PATTERNS.map((k) =>
        j === pattern ? Math.log(ctx.time[mod12(tonic - semis + toneOf(k).semitones)] + eps) : 0,
      ),
    ),
  ]
}

/** Softmax of the candidates' linear scores under one expert's weights. */
function expert(xs: readonly (readonly number[])[], w: readonly number[]): number[] {
  const s = xs.map((x) => x.reduce((a, v, k) => a + v * w[k], 0))
  const m = Math.max(...s)
  const e = s.map((v) => Math.exp(v - m))
  const t = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / t)
}

/**
 * P(tonic = each of the system's five tones | the system), in PATTERNS order (gong, shang, jue, zhi, yu):
 * the two experts mixed by `cadence` = P(the clip ends on a resting note).
 */
export function tonicPosterior(
  ctx: TonicContext,
  system: PitchClass,
  cadence: number,
  w: TonicWeights = TONIC_WEIGHTS,
): number[] {
  const xs = PATTERNS.map((p) => candidateFeatures(ctx, mod12(system + toneOf(p).semitones), p))
  const a = expert(xs, w.cadence)
  const b = expert(xs, w.fragment)
  const mixed = a.map((v, k) => cadence * v + (1 - cadence) * b[k])
  const t = w.temperature
  if (!t) return mixed
  const tau = cadence * t.cadence + (1 - cadence) * t.fragment
  const tempered = mixed.map((v) => v ** tau)
  const total = tempered.reduce((x, y) => x + y, 0)
  return tempered.map((v) => v / total)
}
