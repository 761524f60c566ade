import type { ScaleType } from '../../theory/scale-types.ts'
import { PATTERNS, type Pattern } from '../../theory/tones.ts'
import type { RungSource } from '../../tutor/ladder.ts'
import type { ClipRef } from '../../tutor/questions.ts'
import type { QuestionKind } from '../../tutor/types.ts'

/** What free practice asks: the learner's choice of types, kinds and source, and optionally of patterns. */
export interface FreeOptions {
  readonly types: readonly ScaleType[]
  readonly kinds: readonly QuestionKind[]
  readonly source: RungSource
  /** Ask only about these patterns (all five when absent). */
  readonly patterns?: readonly Pattern[]
}

/** Why free practice cannot start with some options. */
export type FreeProblem = 'noKinds' | 'noTypes' | 'noPatterns' | 'noClips' | 'noPatternClips'

/** Why free practice with these options could make no question (given the labelled clips), or null. */
export function freeProblem(opts: FreeOptions, clips: readonly ClipRef[]): FreeProblem | null {
  if (opts.kinds.length === 0) return 'noKinds'
  if (opts.types.length === 0) return 'noTypes'
  if (opts.patterns && opts.patterns.length === 0) return 'noPatterns'
  if (opts.source === 'clip') {
    if (clips.length === 0) return 'noClips'
    const ps = opts.patterns
    if (ps && !clips.some((c) => ps.includes(c.label.pattern))) return 'noPatternClips'
  }
  return null
}

/** A copy of free practice options as the drill keeps them (all five patterns chosen is no narrowing). */
export function freeOptions(opts: FreeOptions): FreeOptions {
  return {
    types: [...opts.types],
    kinds: [...opts.kinds],
    source: opts.source,
    ...(opts.patterns && opts.patterns.length < PATTERNS.length ? { patterns: [...opts.patterns] } : {}),
  }
}
