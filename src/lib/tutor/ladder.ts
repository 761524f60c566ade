import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import type { Attempt, QuestionKind } from './types.ts'
import type { Timestamp } from '../theory/units.ts'

/** Where a rung's sound comes from. */
export type RungSource = 'scale' | 'melody' | 'clip'

/** One step of the difficulty ladder, as data. */
export interface Rung {
  readonly id: string
  readonly zh: string
  readonly en: string
  /** Scale types a question on this rung may be in (also the choices of a `type` question). */
  readonly types: readonly ScaleType[]
  /** Question kinds asked on this rung. */
  readonly kinds: readonly QuestionKind[]
  readonly source: RungSource
  /** Melody length in bars (melody rungs only). */
  readonly bars?: number
}

const PENTA: readonly ScaleType[] = ['pentatonic']
const HEXA: readonly ScaleType[] = ['hexatonic-qingjue', 'hexatonic-biangong']
const HEPTA: readonly ScaleType[] = ['heptatonic-yayue', 'heptatonic-qingyue', 'heptatonic-yanyue']

/** Bars of a short and a long melody. */
export const SHORT_BARS = 4
export const LONG_BARS = 8

/**
 * The ladder, easiest first. It follows the conservatory order (THEORY.md): 五声 → 六声 → 七声, each from scales
 * to short to long melodies, then the two confusions worth drilling on their own (同宫系统, 同主音), then real clips.
 * Tonic-given `pattern` questions come before naming the tonic too; `type` appears once there is a type to tell.
 */
export const LADDER: readonly Rung[] = Object.freeze([
  {
    id: 'penta-scale',
    zh: '五声音阶',
    en: 'Pentatonic scales',
    types: PENTA,
    kinds: ['pattern'],
    source: 'scale',
  },
  {
    id: 'penta-short',
    zh: '五声短旋律',
    en: 'Pentatonic short melodies',
    types: PENTA,
    kinds: ['pattern', 'tonic-pattern'],
    source: 'melody',
    bars: SHORT_BARS,
  },
  {
    id: 'penta-long',
    zh: '五声长旋律',
    en: 'Pentatonic long melodies',
    types: PENTA,
    kinds: ['tonic-pattern'],
    source: 'melody',
    bars: LONG_BARS,
  },
  {
    id: 'hexa-scale',
    zh: '六声音阶',
    en: 'Hexatonic scales',
    types: HEXA,
    kinds: ['pattern', 'type'],
    source: 'scale',
  },
  {
    id: 'hexa-short',
    zh: '六声短旋律',
    en: 'Hexatonic short melodies',
    types: HEXA,
    kinds: ['tonic-pattern', 'type'],
    source: 'melody',
    bars: SHORT_BARS,
  },
  {
    id: 'hexa-long',
    zh: '六声长旋律',
    en: 'Hexatonic long melodies',
    types: HEXA,
    kinds: ['tonic-pattern', 'type'],
    source: 'melody',
    bars: LONG_BARS,
  },
  {
    id: 'hepta-scale',
    zh: '七声音阶',
    en: 'Heptatonic scales',
    types: HEPTA,
    kinds: ['pattern', 'type'],
    source: 'scale',
  },
  {
    id: 'hepta-short',
    zh: '七声短旋律',
    en: 'Heptatonic short melodies',
    types: HEPTA,
    kinds: ['tonic-pattern', 'type'],
    source: 'melody',
    bars: SHORT_BARS,
  },
  {
    id: 'hepta-long',
    zh: '七声长旋律',
    en: 'Heptatonic long melodies',
    types: HEPTA,
    kinds: ['tonic-pattern', 'type'],
    source: 'melody',
    bars: LONG_BARS,
  },
  {
    id: 'same-system',
    zh: '同宫系统',
    en: 'Same system, which tonic?',
    types: PENTA,
    kinds: ['same-system'],
    source: 'melody',
    bars: LONG_BARS,
  },
  {
    id: 'same-tonic',
    zh: '同主音',
    en: 'Same tonic, which pattern?',
    types: PENTA,
    kinds: ['same-tonic'],
    source: 'melody',
    bars: LONG_BARS,
  },
  {
    id: 'clips',
    zh: '真实录音',
    en: 'Real recordings',
    types: SCALE_TYPES,
    kinds: ['tonic-pattern', 'type'],
    source: 'clip',
  },
] satisfies Rung[])

/** The rung with this id, or undefined. */
export function rungById(id: string): Rung | undefined {
  return LADDER.find((r) => r.id === id)
}

/** The id free-practice questions carry: they never count towards mastery. */
export const FREE_RUNG_ID = 'free'

/** A free-practice rung: any types, kinds and source the learner picks, ungated and never counted for mastery. */
export function freePracticeRung(opts: {
  readonly types?: readonly ScaleType[]
  readonly kinds?: readonly QuestionKind[]
  readonly source?: RungSource
  readonly bars?: number
}): Rung {
  const source = opts.source ?? 'melody'
  return Object.freeze({
    id: FREE_RUNG_ID,
    zh: '自由练习',
    en: 'Free practice',
    types: opts.types && opts.types.length > 0 ? opts.types : PENTA,
    kinds: opts.kinds && opts.kinds.length > 0 ? opts.kinds : (['tonic-pattern'] as const),
    source,
    bars: source === 'melody' ? (opts.bars ?? SHORT_BARS) : undefined,
  })
}

/**
 * The mastery rule: a rung is *mastered* when at least {@link MASTERY_CORRECT} of its last {@link MASTERY_WINDOW}
 * attempts were right (≥ 90% over the last 20; fewer than 20 attempts is never mastery). Unlocking is sticky: the
 * next rung unlocks the first time its predecessor is mastered and stays open, so going back to revise an old rung
 * (and stumbling) never locks the learner out of where they were.
 */
export const MASTERY_WINDOW = 20
export const MASTERY_CORRECT = 18

/** How a learner stands on one rung. */
export interface RungMastery {
  readonly rungId: string
  readonly attempts: number
  readonly correct: number
  /** Right answers among the last {@link MASTERY_WINDOW} (or fewer, if there are fewer). */
  readonly recentCorrect: number
  readonly recentTotal: number
  /** `recentCorrect / MASTERY_WINDOW`: progress towards mastery, 0..1 (not the accuracy of a short history). */
  readonly progress: number
  /** Mastered now: the last 20 hold at least 18 right. */
  readonly mastered: boolean
  /** Mastered at some point (unlocks the next rung for good). */
  readonly everMastered: boolean
  readonly unlocked: boolean
}

/** A running mastery count for one rung, fed results in time order (a ring buffer of the last 20). */
export class MasteryCounter {
  readonly #ring: boolean[] = []
  #next = 0
  #recentCorrect = 0
  attempts = 0
  correct = 0
  everMastered = false

  /** Adds one result, oldest first. */
  add(correct: boolean): void {
    this.attempts++
    if (correct) this.correct++
    if (this.#ring.length < MASTERY_WINDOW) this.#ring.push(correct)
    else {
      if (this.#ring[this.#next]) this.#recentCorrect--
      this.#ring[this.#next] = correct
      this.#next = (this.#next + 1) % MASTERY_WINDOW
    }
    if (correct) this.#recentCorrect++
    if (this.mastered) this.everMastered = true
  }

  get recentCorrect(): number {
    return this.#recentCorrect
  }

  get recentTotal(): number {
    return this.#ring.length
  }

  get mastered(): boolean {
    return this.#ring.length === MASTERY_WINDOW && this.#recentCorrect >= MASTERY_CORRECT
  }
}

/** Mastery of every ladder rung from the counters of the rungs (missing counters mean no attempts). */
export function masteryFromCounters(counters: ReadonlyMap<string, MasteryCounter>): RungMastery[] {
  let previousEverMastered = true
  return LADDER.map((rung) => {
    const c = counters.get(rung.id) ?? new MasteryCounter()
    const unlocked = previousEverMastered
    previousEverMastered = c.everMastered
    return {
      rungId: rung.id,
      attempts: c.attempts,
      correct: c.correct,
      recentCorrect: c.recentCorrect,
      recentTotal: c.recentTotal,
      progress: c.recentCorrect / MASTERY_WINDOW,
      mastered: c.mastered,
      everMastered: c.everMastered,
      unlocked,
    }
  })
}

/** Feeds attempts (any order; sorted by time here) into one counter per rung. Free-practice attempts are skipped. */
export function masteryCounters(attempts: readonly Attempt[]): Map<string, MasteryCounter> {
  const counters = new Map<string, MasteryCounter>()
  for (const a of inTimeOrder(attempts)) {
    const id = a.question.rung
    if (id === undefined || id === FREE_RUNG_ID) continue
    let c = counters.get(id)
    if (!c) counters.set(id, (c = new MasteryCounter()))
    c.add(a.correct)
  }
  return counters
}

/** Mastery of every rung of the ladder from a learner's attempts. */
export function ladderMastery(attempts: readonly Attempt[]): RungMastery[] {
  return masteryFromCounters(masteryCounters(attempts))
}

/** The rung to practise: the first unlocked rung not yet mastered, or the last rung when all are. */
export function currentRung(mastery: readonly RungMastery[]): Rung {
  for (let i = 0; i < LADDER.length; i++) {
    const m = mastery[i]
    if (m && m.unlocked && !m.everMastered) return LADDER[i]
  }
  return LADDER[LADDER.length - 1]
}

/** The attempts sorted by time, without copying when they already are (the store usually keeps them so). */
export function inTimeOrder<T extends { readonly at: Timestamp }>(attempts: readonly T[]): readonly T[] {
  for (let i = 1; i < attempts.length; i++) {
    if (attempts[i].at < attempts[i - 1].at) return [...attempts].sort((a, b) => a.at - b.at)
  }
  return attempts
}
