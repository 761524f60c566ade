import { labelFromSystem, labelFromTonic, type Label } from '../theory/label.ts'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import type { ScaleType } from '../theory/scale-types.ts'
import type { Timestamp } from '../theory/units.ts'
import type { Rung } from './ladder.ts'
import { pick, randInt, type Rng } from './random.ts'
import type { Question, QuestionKind, QuestionSource } from './types.ts'
import { LATEST_MELODY_RULES } from './melody-types.ts'

/** A source of uniform numbers in [0, 1): pass a seeded one (`mulberry32(seed)`) in tests. */
export type Random = Rng

/** A clip that can be asked about: its id and its known label. */
export interface ClipRef {
  readonly clipId: string
  readonly label: Label
  readonly assignmentId?: string
}

export interface MakeQuestionOptions {
  /** Ask about this exact label (a review or a drill) instead of a random one. */
  readonly label?: Label
  /** Draw the random label with this pattern (the rest random). */
  readonly pattern?: Pattern
  /** Restrict the choices of a `same-system`/`same-tonic` question to these patterns (the truth is always in). */
  readonly choicePatterns?: readonly Pattern[]
  /** The clip to ask about, required on a clip rung. */
  readonly clip?: ClipRef
  readonly timbre?: string
  /** Beats per minute. */
  readonly tempo?: number
  readonly reason?: Question['reason']
  readonly cardId?: string
}

export const DEFAULT_TIMBRE = 'guqin'
export const DEFAULT_TEMPO = 84

/**
 * A question for a rung. The label is random (tonic, pattern and type from the rung) unless given; the sound source
 * follows the rung (a melody seed drawn from `random`, so the same melody can be replayed; a scale; or the given clip).
 * Throws a RangeError for a clip rung without a clip, a rung without types, or a kind the rung does not ask.
 * @example makeQuestion(LADDER[0], 'pattern', random, now) → { kind: 'pattern', label: A yu, source: { kind: 'scale' … } }
 */
export function makeQuestion(
  rung: Rung,
  kind: QuestionKind,
  random: Random,
  now: Timestamp,
  opts: MakeQuestionOptions = {},
): Question {
  if (!rung.kinds.includes(kind)) throw new RangeError(`rung ${rung.id} does not ask ${kind} questions`)
  if (rung.types.length === 0) throw new RangeError(`rung ${rung.id} has no scale types`)
  const label = opts.clip?.label ?? opts.label ?? randomLabel(rung.types, random, opts.pattern)
  const source = makeSource(rung, random, opts)
  const question: Question = {
    id: questionId(now, random),
    kind,
    label,
    source,
    rung: rung.id,
    createdAt: now,
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...(opts.cardId ? { cardId: opts.cardId } : {}),
    ...choicesFor(kind, label, rung.types, opts.choicePatterns),
  }
  return Object.freeze(question)
}

/** A random label: any of 12 tonics, a random (or the given) pattern, a type from the list. */
export function randomLabel(types: readonly ScaleType[], random: Random, pattern?: Pattern): Label {
  const tonic = randInt(random, 0, 11)
  const p = pattern ?? pick(random, PATTERNS)
  return labelFromTonic(tonic, p, pick(random, types))
}

/**
 * The five modes of one collection (同宫系统): same system and type, each pattern's tonic. The notes are the same,
 * only the tone of rest differs.
 */
export function sameSystemChoices(label: Label, patterns: readonly Pattern[] = PATTERNS): Label[] {
  return orderedPatterns(label.pattern, patterns).map((p) => labelFromSystem(label.system, p, label.type))
}

/** The five modes on one tonic (同主音): same tonic and type, each pattern (so each a different system). */
export function sameTonicChoices(label: Label, patterns: readonly Pattern[] = PATTERNS): Label[] {
  return orderedPatterns(label.pattern, patterns).map((p) => labelFromTonic(label.tonic, p, label.type))
}

/** The patterns to offer, the truth always among them, in the fixed 宫商角徵羽 order (buttons do not move). */
function orderedPatterns(truth: Pattern, patterns: readonly Pattern[]): Pattern[] {
  const wanted = new Set<Pattern>([...patterns, truth])
  return PATTERNS.filter((p) => wanted.has(p))
}

function choicesFor(
  kind: QuestionKind,
  label: Label,
  types: readonly ScaleType[],
  patterns: readonly Pattern[] | undefined,
): Pick<Question, 'choices' | 'typeChoices'> {
  switch (kind) {
    case 'same-system':
      return { choices: sameSystemChoices(label, patterns) }
    case 'same-tonic':
      return { choices: sameTonicChoices(label, patterns) }
    case 'type':
      // A clip's type may lie outside the rung's list: it must still be offered.
      return { typeChoices: types.includes(label.type) ? types : [...types, label.type] }
    default:
      return {}
  }
}

function makeSource(rung: Rung, random: Random, opts: MakeQuestionOptions): QuestionSource {
  const timbre = opts.timbre ?? DEFAULT_TIMBRE
  const tempo = opts.tempo ?? DEFAULT_TEMPO
  switch (rung.source) {
    case 'clip':
      if (!opts.clip) throw new RangeError(`rung ${rung.id} needs a clip`)
      return opts.clip.assignmentId
        ? { kind: 'clip', clipId: opts.clip.clipId, assignmentId: opts.clip.assignmentId }
        : { kind: 'clip', clipId: opts.clip.clipId }
    case 'scale':
      return { kind: 'scale', direction: 'updown', timbre, tempo }
    case 'melody':
      // A 32-bit seed: the melody generator rebuilds the same tune from it for replay and review.
      return {
        kind: 'melody',
        seed: randInt(random, 0, 2 ** 32 - 1),
        bars: rung.bars ?? 4,
        timbre,
        tempo,
        rules: LATEST_MELODY_RULES,
      }
  }
}

/** A question id unique per learner: creation time plus random bits (two questions in one millisecond differ). */
function questionId(now: Timestamp, random: Random): string {
  return `q-${Math.max(0, Math.floor(now)).toString(36)}-${randInt(random, 0, 36 ** 6 - 1)
    .toString(36)
    .padStart(6, '0')}`
}
