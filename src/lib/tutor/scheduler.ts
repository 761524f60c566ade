import {
  createEmptyCard,
  fsrs,
  generatorParameters,
  Rating,
  TypeConvert,
  type Card,
  type Grade,
} from 'ts-fsrs'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import type { Milliseconds, Timestamp } from '../theory/units.ts'
import { answerLabel } from './grading.ts'
import { inTimeOrder, rungById, type Rung } from './ladder.ts'
import { makeQuestion, type ClipRef, type Random } from './questions.ts'
import { pick, pickWeighted } from './random.ts'
import type { Attempt, Question, QuestionKind } from './types.ts'

/** How an attempt went, in FSRS terms. */
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy'

/** FSRS card state: 0 new, 1 learning, 2 review, 3 relearning (ts-fsrs's `State`). */
export type CardState = 0 | 1 | 2 | 3

/** A review card as plain serialisable data (dates are epoch milliseconds) so the store can keep it as is. */
export interface ReviewCard {
  /** `confusion:<truth>><answered>` (e.g. `confusion:yu>shang`) or `clip:<clipId>`. */
  readonly id: string
  readonly due: Timestamp
  readonly stability: number
  readonly difficulty: number
  readonly elapsedDays: number
  readonly scheduledDays: number
  readonly learningSteps: number
  readonly reps: number
  readonly lapses: number
  readonly state: CardState
  readonly lastReview?: Timestamp
}

/** What a card id names. */
export type CardTarget =
  | { readonly kind: 'confusion'; readonly truth: Pattern; readonly answered: Pattern }
  | { readonly kind: 'clip'; readonly clipId: string }

/** The card of one confused pair. @example confusionCardId('yu', 'shang') → 'confusion:yu>shang' */
export function confusionCardId(truth: Pattern, answered: Pattern): string {
  return `confusion:${truth}>${answered}`
}

/** The card of one clip. @example clipCardId('abc') → 'clip:abc' */
export function clipCardId(clipId: string): string {
  return `clip:${clipId}`
}

/** Reads a card id, or null when it names nothing known. */
export function parseCardId(id: string): CardTarget | null {
  if (id.startsWith('clip:') && id.length > 5) return { kind: 'clip', clipId: id.slice(5) }
  const m = /^confusion:([a-z]+)>([a-z]+)$/.exec(id)
  if (!m) return null
  const [truth, answered] = [m[1], m[2]] as Pattern[]
  return PATTERNS.includes(truth) && PATTERNS.includes(answered) && truth !== answered
    ? { kind: 'confusion', truth, answered }
    : null
}

// FSRS-6 defaults, no fuzz: the same history always gives the same schedule (tests, and two devices agreeing).
const FSRS = fsrs(generatorParameters({ enable_fuzz: false }))

const TO_FSRS: Readonly<Record<ReviewRating, Grade>> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
}

/** A new card, due now. */
export function newCard(id: string, now: Timestamp): ReviewCard {
  return fromFsrs(id, createEmptyCard(now))
}

/** The card after one review with this rating at time `now`. */
export function reviewCard(card: ReviewCard, rating: ReviewRating, now: Timestamp): ReviewCard {
  return fromFsrs(card.id, FSRS.next(toFsrs(card), now, TO_FSRS[rating]).card)
}

/** The cards due at `now`, most overdue first. */
export function dueCards(cards: readonly ReviewCard[], now: Timestamp): ReviewCard[] {
  return cards.filter((c) => c.due <= now).sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : 1))
}

/** A review card as a ts-fsrs Card (epoch ms → Date). */
export function toFsrs(c: ReviewCard): Card {
  return {
    due: TypeConvert.time(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    ...(c.lastReview === undefined ? {} : { last_review: TypeConvert.time(c.lastReview) }),
  }
}

/** A ts-fsrs Card back as a review card with the given id. */
export function fromFsrs(id: string, c: Card): ReviewCard {
  return {
    id,
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as CardState,
    ...(c.last_review ? { lastReview: c.last_review.getTime() } : {}),
  }
}

/** When an answer counts as slow or fast. */
export interface RatingThresholds {
  /** Right but slower than this: Hard. */
  readonly slowMs: Milliseconds
  /** Right, first listen, no hint and faster than this: Easy. */
  readonly fastMs: Milliseconds
}

export const DEFAULT_RATING_THRESHOLDS: RatingThresholds = Object.freeze({ slowMs: 15_000, fastMs: 4_000 })

/**
 * The FSRS rating of an attempt: wrong → again; right but with a replay, a hint or slowly → hard; right at first
 * hearing, unaided and fast → easy; otherwise good. `latency` is the time to decide: from the start of the first
 * playback when the answer came during it, else from its end (so an answer during playback is never 0 ms).
 */
export function ratingFor(
  attempt: Pick<Attempt, 'correct' | 'replays' | 'hints' | 'latency'>,
  thresholds: RatingThresholds = DEFAULT_RATING_THRESHOLDS,
): ReviewRating {
  if (!attempt.correct) return 'again'
  if (attempt.replays > 0 || attempt.hints > 0 || attempt.latency > thresholds.slowMs) return 'hard'
  if (attempt.latency < thresholds.fastMs) return 'easy'
  return 'good'
}

/**
 * The cards an attempt creates or reviews, already updated (upsert them): the card the question exercised; a
 * confusion card when the pattern was missed (created on the first miss: FSRS schedules what was missed); the clip's
 * card when a clip was missed, or reviewed again once it exists.
 */
export function applyAttempt(
  cards: readonly ReviewCard[],
  attempt: Attempt,
  thresholds: RatingThresholds = DEFAULT_RATING_THRESHOLDS,
): ReviewCard[] {
  const byId = new Map(cards.map((c) => [c.id, c]))
  const touched = new Map<string, ReviewRating>()
  const rating = ratingFor(attempt, thresholds)
  const q = attempt.question
  if (q.cardId && parseCardId(q.cardId)) touched.set(q.cardId, rating)
  if (attempt.fields.pattern === false) {
    const given = answerLabel(q, attempt.answer)
    if (!given.empty && given.pattern !== q.label.pattern)
      touched.set(confusionCardId(q.label.pattern, given.pattern), 'again')
  }
  if (q.source.kind === 'clip') {
    const id = clipCardId(q.source.clipId)
    if (!attempt.correct || byId.has(id)) touched.set(id, rating)
  }
  return [...touched].map(([id, r]) => reviewCard(byId.get(id) ?? newCard(id, attempt.at), r, attempt.at))
}

/** How pickNext mixes its three sources (relative weights; a source with nothing to offer drops out). */
export interface PickMix {
  /** Due review cards. */
  readonly review: number
  /** Drills of the learner's worst confusions (scaled down while they have made few errors recently). */
  readonly confusion: number
  /** New material on the rung. */
  readonly fresh: number
  /** How many recent attempts the confusion matrix is built from. */
  readonly window: number
  /** Recent pattern errors at which confusion drills reach their full weight. */
  readonly fullPressureErrors: number
  /** In a drill, the share of questions whose truth is the missed pattern (the rest: the one it was taken for). */
  readonly missedShare: number
}

export const DEFAULT_PICK_MIX: PickMix = Object.freeze({
  review: 0.45,
  confusion: 0.35,
  fresh: 0.2,
  window: 60,
  fullPressureErrors: 3,
  missedShare: 0.7,
})

/** What the selector knows. */
export interface PickState {
  readonly rung: Rung
  /** The learner's attempts (any order); only the most recent `mix.window` feed the confusion weights. */
  readonly attempts: readonly Attempt[]
  readonly cards: readonly ReviewCard[]
  /** Clips available offline, for clip rungs and clip reviews. */
  readonly clips?: readonly ClipRef[]
  readonly mix?: Partial<PickMix>
  /**
   * Ask only about these patterns (free practice narrowed by hand, or a "practise these" focus): every question's
   * true pattern is one of them, and with two or more, the choices of `same-system`/`same-tonic` questions are
   * narrowed to them. Absent or empty: all five.
   */
  readonly patterns?: readonly Pattern[]
}

/** The patterns a state narrows to, or null for all five. */
function narrowedTo(state: PickState): readonly Pattern[] | null {
  const only = PATTERNS.filter((p) => state.patterns?.includes(p))
  return only.length === 0 || only.length === PATTERNS.length ? null : only
}

/**
 * Whether a confused pair may be drilled or reviewed when narrowed: both of its patterns must be among two or more
 * chosen ones (a drill's choices stay inside them); with a single pattern chosen, any pair that has it.
 */
function pairAllowed(only: readonly Pattern[] | null, a: Pattern, b: Pattern): boolean {
  if (!only) return true
  return only.length === 1 ? only.includes(a) || only.includes(b) : only.includes(a) && only.includes(b)
}

/** A confused pair and how much it weighs in drills. */
export interface WeightedConfusion {
  readonly truth: Pattern
  readonly answered: Pattern
  readonly errors: number
  /** errors / (times the truth was asked + 1): a rate, so a pattern asked often is not drilled just for that. */
  readonly weight: number
}

/** The learner's confused pattern pairs over their most recent attempts, heaviest first. */
export function worstConfusions(
  attempts: readonly Attempt[],
  window = DEFAULT_PICK_MIX.window,
): WeightedConfusion[] {
  const recent = inTimeOrder(attempts).slice(-window)
  const asked = new Map<Pattern, number>()
  const errors = new Map<string, number>()
  for (const a of recent) {
    if (a.fields.pattern === undefined) continue
    const truth = a.question.label.pattern
    asked.set(truth, (asked.get(truth) ?? 0) + 1)
    if (a.fields.pattern) continue
    const given = answerLabel(a.question, a.answer)
    if (given.empty || given.pattern === truth) continue
    const id = confusionCardId(truth, given.pattern)
    errors.set(id, (errors.get(id) ?? 0) + 1)
  }
  const out: WeightedConfusion[] = []
  for (const [id, n] of errors) {
    const t = parseCardId(id)
    if (t?.kind !== 'confusion') continue
    out.push({ truth: t.truth, answered: t.answered, errors: n, weight: n / ((asked.get(t.truth) ?? 0) + 1) })
  }
  return out.sort((a, b) => b.weight - a.weight || b.errors - a.errors)
}

/** Question kinds that test a pattern (a drill of a confused pair can use them). */
function drillKinds(rung: Rung): QuestionKind[] {
  return rung.kinds.filter((k) => k !== 'type')
}

/** The id clip reviews carry: they are off-ladder, so they do not count towards any rung's mastery. */
export const REVIEW_RUNG_ID = 'review'

/**
 * The next question: a weighted mix of due review cards (most overdue first), drills of the learner's worst
 * confusions (pairs drawn by weight; the truth is the missed pattern most of the time, else the pattern it was
 * taken for, with the choices narrowed to the pair where the kind has choices), and new material on the rung.
 */
export function pickNext(state: PickState, random: Random, now: Timestamp): Question {
  const mix = { ...DEFAULT_PICK_MIX, ...state.mix }
  const only = narrowedTo(state)
  const review = reviewQuestionMaker(state, only, now)
  const confusions = (
    drillKinds(state.rung).length > 0 ? worstConfusions(state.attempts, mix.window) : []
  ).filter((c) => pairAllowed(only, c.truth, c.answered))
  const recentErrors = confusions.reduce((s, c) => s + c.errors, 0)
  const options: [() => Question, number][] = [[() => freshQuestion(state, only, random, now), mix.fresh]]
  if (review) options.push([() => review(random), mix.review])
  if (confusions.length > 0) {
    const pressure = Math.min(1, recentErrors / mix.fullPressureErrors)
    options.push([() => drillQuestion(state, only, confusions, mix, random, now), mix.confusion * pressure])
  }
  return pickWeighted(random, options)()
}

function freshQuestion(
  state: PickState,
  only: readonly Pattern[] | null,
  random: Random,
  now: Timestamp,
): Question {
  const kind = pick(random, state.rung.kinds)
  const narrow = only && only.length > 1 ? { choicePatterns: only } : {}
  if (state.rung.source !== 'clip')
    return makeQuestion(state.rung, kind, random, now, {
      reason: 'new',
      ...(only ? { pattern: pick(random, only) } : {}),
      ...narrow,
    })
  const clips = state.clips?.filter((c) => !only || only.includes(c.label.pattern)) ?? []
  if (clips.length === 0) throw new RangeError(`rung ${state.rung.id} needs clips`)
  return makeQuestion(state.rung, kind, random, now, { reason: 'new', clip: pick(random, clips), ...narrow })
}

/** A question for the most overdue usable card, or null when none is due (or none can be asked here). */
function reviewQuestionMaker(
  state: PickState,
  only: readonly Pattern[] | null,
  now: Timestamp,
): ((random: Random) => Question) | null {
  const kinds = drillKinds(state.rung)
  const allowed = (p: Pattern) => !only || only.includes(p)
  for (const card of dueCards(state.cards, now)) {
    const target = parseCardId(card.id)
    if (
      target?.kind === 'confusion' &&
      kinds.length > 0 &&
      state.rung.source !== 'clip' &&
      allowed(target.truth) &&
      pairAllowed(only, target.truth, target.answered)
    ) {
      return (random) =>
        pairQuestion(state.rung, kinds, target.truth, target.answered, random, now, 'review', card.id)
    }
    if (target?.kind === 'clip') {
      const clip = state.clips?.find((c) => c.clipId === target.clipId)
      const clipRung = rungById('clips')
      if (clip && clipRung && allowed(clip.label.pattern))
        return (random) =>
          makeQuestion({ ...clipRung, id: REVIEW_RUNG_ID }, 'tonic-pattern', random, now, {
            clip,
            reason: 'review',
            cardId: card.id,
          })
    }
  }
  return null
}

function drillQuestion(
  state: PickState,
  only: readonly Pattern[] | null,
  confusions: readonly WeightedConfusion[],
  mix: PickMix,
  random: Random,
  now: Timestamp,
): Question {
  const c = pickWeighted(
    random,
    confusions.map((x) => [x, x.weight] as const),
  )
  const drawn = random() < mix.missedShare ? c.truth : c.answered
  // Narrowed to one pattern: the truth must be it (the pair's other lies outside).
  const truth = only && !only.includes(drawn) ? (drawn === c.truth ? c.answered : c.truth) : drawn
  const other = truth === c.truth ? c.answered : c.truth
  const cardId = confusionCardId(c.truth, c.answered)
  if (state.rung.source === 'clip') {
    // A clip of the drawn pattern, else of the other one of the pair (if allowed), else new material.
    const of = (p: Pattern) =>
      (!only || only.includes(p) ? state.clips?.filter((x) => x.label.pattern === p) : undefined) ?? []
    const clips = of(truth).length > 0 ? of(truth) : of(other)
    if (clips.length === 0) return freshQuestion(state, only, random, now)
    const kind = pick(random, drillKinds(state.rung))
    return makeQuestion(state.rung, kind, random, now, {
      clip: pick(random, clips),
      reason: 'confusion',
      cardId,
    })
  }
  return pairQuestion(state.rung, drillKinds(state.rung), truth, other, random, now, 'confusion', cardId)
}

/** A question whose truth is `truth`, contrasted with `other` (a minimal pair where the kind offers choices). */
function pairQuestion(
  rung: Rung,
  kinds: readonly QuestionKind[],
  truth: Pattern,
  other: Pattern,
  random: Random,
  now: Timestamp,
  reason: 'review' | 'confusion',
  cardId: string,
): Question {
  const kind = pick(random, kinds)
  return makeQuestion(rung, kind, random, now, {
    pattern: truth,
    choicePatterns: [truth, other],
    reason,
    cardId,
  })
}
