import {
  collectionPitchClasses,
  labelFromSystem,
  labelFromSystemAndTonic,
  labelFromTonic,
  NoLabel,
  scaleSteps,
  type Label,
} from '../theory/label.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { SCALE_TYPE_INFO, extraTones, type ScaleType } from '../theory/scale-types.ts'
import { toneAt, type Pattern } from '../theory/tones.ts'
import type { Evidence } from '../analysis/types.ts'
import type { Answer, FieldGrades, Question, QuestionKind } from './types.ts'

/** The result of grading one answer. */
export interface GradeResult {
  readonly correct: boolean
  /** Only the fields the question's kind asks. */
  readonly fields: FieldGrades
}

/** The fields each kind of question asks (a `same-system` answer names a tonic, and so its pattern). */
export const ASKED_FIELDS: Readonly<Record<QuestionKind, readonly (keyof FieldGrades)[]>> = Object.freeze({
  pattern: ['pattern'],
  'tonic-pattern': ['tonic', 'pattern'],
  'same-system': ['tonic', 'pattern'],
  'same-tonic': ['pattern'],
  type: ['type'],
})

/**
 * The learner's answer read as a full label, filling in what the question gave (the tonic of a `pattern` question,
 * the system of a `same-system` one, the truth's type when the type was not asked). NoLabel when the answer is
 * incomplete or names no mode (a tonic outside the system).
 * @example answerLabel(sameSystemQuestion(C system, truth A yu), { tonic: 2 }) → D shang (C system)
 */
export function answerLabel(question: Question, answer: Answer): Label {
  const truth = question.label
  const { tonic, pattern, type } = answer
  switch (question.kind) {
    case 'pattern':
    case 'same-tonic':
      return pattern ? labelFromTonic(truth.tonic, pattern, truth.type) : NoLabel
    case 'tonic-pattern':
      return pattern && tonic !== undefined ? labelFromTonic(tonic, pattern, truth.type) : NoLabel
    case 'same-system':
      if (pattern && tonic !== undefined) return labelFromTonic(tonic, pattern, truth.type)
      if (pattern) return labelFromSystem(truth.system, pattern, truth.type)
      if (tonic !== undefined) return labelFromSystemAndTonic(truth.system, tonic, truth.type)
      return NoLabel
    case 'type':
      return type ? labelFromTonic(truth.tonic, truth.pattern, type) : NoLabel
  }
}

/**
 * Grades an answer: each asked field right or wrong, and `correct` when all are.
 * @example grade(patternQuestion(A yu), { pattern: 'yu' }) → { correct: true, fields: { pattern: true } }
 */
export function grade(question: Question, answer: Answer): GradeResult {
  const truth = question.label
  const given = answerLabel(question, answer)
  const fields: { tonic?: boolean; pattern?: boolean; type?: boolean } = {}
  for (const f of ASKED_FIELDS[question.kind]) {
    if (f === 'type') fields.type = answer.type === truth.type
    else if (f === 'pattern') fields.pattern = !given.empty && given.pattern === truth.pattern
    else fields.tonic = !given.empty && given.tonic === truth.tonic
  }
  const correct = !truth.empty && Object.values(fields).every(Boolean)
  return { correct, fields }
}

/** One scale degree and how much of the music sits on it. */
export interface DegreeShare {
  /** Semitones above 宫 of the truth's system. */
  readonly aboveGong: number
  readonly pitchClass: PitchClass
  /** The tone's id (gong … yu, qingjue, biangong …), or null for a chromatic note outside all named tones. */
  readonly tone: string | null
  /** Share of the (duration- and stress-weighted) pitch-class profile, 0..1. */
  readonly share: number
}

/** A tone in one collection but not the other, and how much the music used it (when evidence is known). */
export interface ToneDiff {
  readonly pitchClass: PitchClass
  /** Semitones above the reference (the shared tonic for 同主音, 宫 for a type difference). */
  readonly above: number
  readonly tone: string | null
  readonly share?: number
}

/** A piece of feedback: a key the UI translates, with its parameters. */
export type WhyPoint =
  | {
      readonly key: 'final-note'
      readonly params: {
        readonly pitchClass: PitchClass
        /** True when the final note is the true tonic (the usual case: the tonic is the tone of rest). */
        readonly isTonic: boolean
        /** From the analyzer's cadences; false when only the label's expectation is known. */
        readonly heard: boolean
      }
    }
  | {
      readonly key: 'major-third'
      readonly params: {
        readonly gong: PitchClass
        readonly jue: PitchClass
        readonly heard: boolean
        /** Whether the heard 宫–角 third is the truth's (the analyzer may have found another system). */
        readonly matchesTruth: boolean
      }
    }
  | {
      readonly key: 'degree-histogram'
      readonly params: {
        readonly system: PitchClass
        /** Every tone of the truth's collection from 宫 upwards, with its share. */
        readonly degrees: readonly DegreeShare[]
        /** Share of notes outside the collection. */
        readonly outside: number
        /** Rank of the tonic by share among the collection (1 = most used). */
        readonly tonicRank: number
      }
    }
  | {
      readonly key: 'extra-tones'
      readonly params: { readonly type: ScaleType; readonly tones: readonly ToneDiff[] }
    }
  | {
      /** 同宫系统 confusion: right notes, wrong tone of rest. */
      readonly key: 'same-system-confusion'
      readonly params: {
        readonly system: PitchClass
        readonly truthTonic: PitchClass
        readonly truthPattern: Pattern
        readonly answeredTonic: PitchClass
        readonly answeredPattern: Pattern
        /** Profile shares of the two tonics (when evidence is known): the true one is usually longer, and final. */
        readonly truthTonicShare?: number
        readonly answeredTonicShare?: number
      }
    }
  | {
      /** 同主音 confusion: right tonic, wrong collection. */
      readonly key: 'same-tonic-confusion'
      readonly params: {
        readonly tonic: PitchClass
        readonly truthPattern: Pattern
        readonly answeredPattern: Pattern
        readonly truthSystem: PitchClass
        readonly answeredSystem: PitchClass
        /** Steps above the tonic the truth has and the answer lacks, and the other way round. */
        readonly onlyInTruth: readonly ToneDiff[]
        readonly onlyInAnswer: readonly ToneDiff[]
      }
    }
  | {
      /** A tonic in another system: not a near miss inside the collection. */
      readonly key: 'wrong-tonic'
      readonly params: {
        readonly truthTonic: PitchClass
        readonly answeredTonic: PitchClass
        /** Semitones from the true tonic up to the answered one, 1..11. */
        readonly interval: number
        readonly patternRight: boolean
      }
    }
  | {
      readonly key: 'wrong-type'
      readonly params: {
        readonly truthType: ScaleType
        readonly answeredType: ScaleType
        /** Tones (above 宫) the true type has and the answered lacks, and the other way round. */
        readonly onlyInTruth: readonly ToneDiff[]
        readonly onlyInAnswer: readonly ToneDiff[]
      }
    }

/** Structured feedback for one answer: what was right, the truth, the answer read as a label, and why. */
export interface Why {
  readonly correct: boolean
  readonly fields: FieldGrades
  readonly truth: Label
  /** The learner's answer as a label (NoLabel if incomplete): for "play the scale of my answer" beside the truth. */
  readonly answered: Label
  readonly points: readonly WhyPoint[]
}

/**
 * Explains an answer: the evidence for the truth (final note, 宫–角 third, degree histogram, extra tones), from the
 * analyzer's Evidence when given, else what the label implies; and when wrong, what separates the answer from the
 * truth (a 同宫系统 or 同主音 confusion, a tonic in another system, a type with other extra tones).
 */
export function explain(question: Question, answer: Answer, evidence?: Evidence): Why {
  const truth = question.label
  const { correct, fields } = grade(question, answer)
  const answered = answerLabel(question, answer)
  const points: WhyPoint[] = [finalNotePoint(truth, evidence), majorThirdPoint(truth, evidence)]
  if (evidence && evidence.pitchClassProfile.length === 12) points.push(histogramPoint(truth, evidence))
  if (extraTones(truth.type).length > 0) points.push(extraTonesPoint(truth, evidence))
  if (!correct && !answered.empty)
    points.push(...differencePoints(question.kind, truth, answered, answer, evidence))
  return { correct, fields, truth, answered, points }
}

function shareOf(evidence: Evidence | undefined, pc: PitchClass): number | undefined {
  return evidence?.pitchClassProfile[mod12(pc)]
}

function finalNotePoint(truth: Label, evidence: Evidence | undefined): WhyPoint {
  const heardFinal =
    evidence?.cadences.find((c) => c.final)?.pitchClass ??
    evidence?.notes[evidence.notes.length - 1]?.pitchClass
  const pitchClass = heardFinal ?? truth.tonic
  return {
    key: 'final-note',
    params: { pitchClass, isTonic: pitchClass === truth.tonic, heard: heardFinal !== undefined },
  }
}

function majorThirdPoint(truth: Label, evidence: Evidence | undefined): WhyPoint {
  const [gong, jue] = evidence ? evidence.majorThird : [truth.system, mod12(truth.system + 4)]
  return {
    key: 'major-third',
    params: { gong, jue, heard: evidence !== undefined, matchesTruth: gong === truth.system },
  }
}

function histogramPoint(truth: Label, evidence: Evidence): WhyPoint {
  const tones = SCALE_TYPE_INFO[truth.type].tones
  const degrees = tones.map((aboveGong) => {
    const pitchClass = mod12(truth.system + aboveGong)
    return {
      aboveGong,
      pitchClass,
      tone: toneAt(aboveGong)?.id ?? null,
      share: evidence.pitchClassProfile[pitchClass],
    }
  })
  const inside = degrees.reduce((sum, d) => sum + d.share, 0)
  const total = evidence.pitchClassProfile.reduce((sum, s) => sum + s, 0)
  const tonicShare = evidence.pitchClassProfile[truth.tonic]
  const tonicRank = 1 + degrees.filter((d) => d.share > tonicShare).length
  return {
    key: 'degree-histogram',
    params: { system: truth.system, degrees, outside: Math.max(0, total - inside), tonicRank },
  }
}

function extraTonesPoint(truth: Label, evidence: Evidence | undefined): WhyPoint {
  const tones = extraTones(truth.type).map((s) => toneDiff(truth.system, s, evidence))
  return { key: 'extra-tones', params: { type: truth.type, tones } }
}

function toneDiff(
  reference: PitchClass,
  above: number,
  evidence: Evidence | undefined,
  gong = reference,
): ToneDiff {
  const pitchClass = mod12(reference + above)
  const share = shareOf(evidence, pitchClass)
  return {
    pitchClass,
    above,
    tone: toneAt(pitchClass - gong)?.id ?? null,
    ...(share === undefined ? {} : { share }),
  }
}

function differencePoints(
  kind: QuestionKind,
  truth: Label,
  answered: Label,
  answer: Answer,
  evidence: Evidence | undefined,
): WhyPoint[] {
  if (kind === 'type') return answer.type ? [typePoint(truth, answer.type, evidence)] : []
  if (answered.tonic === truth.tonic && answered.pattern !== truth.pattern)
    return [sameTonicPoint(truth, answered, evidence)]
  if (answered.system === truth.system && answered.tonic !== truth.tonic) {
    const truthTonicShare = shareOf(evidence, truth.tonic)
    const answeredTonicShare = shareOf(evidence, answered.tonic)
    return [
      {
        key: 'same-system-confusion',
        params: {
          system: truth.system,
          truthTonic: truth.tonic,
          truthPattern: truth.pattern,
          answeredTonic: answered.tonic,
          answeredPattern: answered.pattern,
          ...(truthTonicShare === undefined ? {} : { truthTonicShare }),
          ...(answeredTonicShare === undefined ? {} : { answeredTonicShare }),
        },
      },
    ]
  }
  if (answered.tonic !== truth.tonic) {
    return [
      {
        key: 'wrong-tonic',
        params: {
          truthTonic: truth.tonic,
          answeredTonic: answered.tonic,
          interval: mod12(answered.tonic - truth.tonic),
          patternRight: answered.pattern === truth.pattern,
        },
      },
    ]
  }
  return []
}

/** Same tonic, two patterns: compare the two scales step by step above the tonic. */
function sameTonicPoint(truth: Label, answered: Label, evidence: Evidence | undefined): WhyPoint {
  const truthSteps = scaleSteps(truth).map((s) => s.aboveTonic)
  const answerSteps = scaleSteps(answered).map((s) => s.aboveTonic)
  const diff = (a: number[], b: number[], gong: PitchClass) =>
    a.filter((s) => !b.includes(s)).map((s) => toneDiff(truth.tonic, s, evidence, gong))
  return {
    key: 'same-tonic-confusion',
    params: {
      tonic: truth.tonic,
      truthPattern: truth.pattern,
      answeredPattern: answered.pattern,
      truthSystem: truth.system,
      answeredSystem: answered.system,
      onlyInTruth: diff(truthSteps, answerSteps, truth.system),
      onlyInAnswer: diff(answerSteps, truthSteps, answered.system),
    },
  }
}

function typePoint(truth: Label, answeredType: ScaleType, evidence: Evidence | undefined): WhyPoint {
  const truthTones = SCALE_TYPE_INFO[truth.type].tones
  const answerTones = SCALE_TYPE_INFO[answeredType].tones
  const diff = (a: readonly number[], b: readonly number[]) =>
    a.filter((s) => !b.includes(s)).map((s) => toneDiff(truth.system, s, evidence))
  return {
    key: 'wrong-type',
    params: {
      truthType: truth.type,
      answeredType,
      onlyInTruth: diff(truthTones, answerTones),
      onlyInAnswer: diff(answerTones, truthTones),
    },
  }
}

/** The pitch classes of both collections, for drawing them side by side. */
export function collectionsOf(why: Why): { truth: PitchClass[]; answered: PitchClass[] } {
  return {
    truth: collectionPitchClasses(why.truth.system, why.truth.type),
    answered: why.answered.empty ? [] : collectionPitchClasses(why.answered.system, why.answered.type),
  }
}
