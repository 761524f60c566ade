import { SCALE_TYPES, type ScaleType } from '../../theory/scale-types.ts'
import { PATTERNS, type Pattern } from '../../theory/tones.ts'
import type { Timestamp } from '../../theory/units.ts'
import { worstConfusions } from '../../tutor/scheduler.ts'
import { QUESTION_KINDS, type Attempt, type QuestionKind } from '../../tutor/types.ts'
import type { PracticeFocus } from '../progress.svelte.ts'
import type { FreeOptions } from './free.ts'

/** A "practise these" focus from the Progress page, as the drill applies it. */
export interface ActiveFocus {
  /** The weak spot it came from, e.g. `confusion:yu>shang`, `pattern:yu`, `type:heptatonic-yanyue`. */
  readonly from: string
  /** The free practice it runs (patterns filled in, types and kinds defaulted when the spot did not give them). */
  readonly options: FreeOptions
  /** A pattern added to a single-pattern spot: the one the learner most often confuses it with. */
  readonly partner?: Pattern
}

/** How long a saved focus stays good without practice (answering in focus mode keeps it fresh). */
export const FOCUS_MAX_AGE_MS = 10 * 60_000

/** The kinds that test a pattern: a pattern focus without kinds asks all of them. */
const PATTERN_KINDS: readonly QuestionKind[] = ['pattern', 'tonic-pattern', 'same-system', 'same-tonic']

/**
 * Reads a saved focus into the free practice it asks for, or says why not: 'stale' when it was set more than
 * {@link FOCUS_MAX_AGE_MS} ago, 'invalid' when it names nothing this drill knows. A single-pattern focus gets the
 * pattern the learner most often confuses it with (from `attempts`), so its questions are not all answered alike;
 * missing types are those the learner met on the focus's questions.
 */
export function readFocus(
  value: unknown,
  now: Timestamp,
  attempts: readonly Attempt[],
): ActiveFocus | 'stale' | 'invalid' {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid'
  const f = value as Partial<Record<keyof PracticeFocus, unknown>>
  if (typeof f.at !== 'number' || typeof f.from !== 'string') return 'invalid'
  if (now - f.at > FOCUS_MAX_AGE_MS || f.at - now > 60_000) return 'stale'
  const only = <T extends string>(list: unknown, known: readonly T[]): T[] | null => {
    if (list === undefined) return []
    if (!Array.isArray(list) || !list.every((x) => known.includes(x as T))) return null
    return known.filter((k) => list.includes(k))
  }
  const patterns = only(f.patterns, PATTERNS)
  const types = only(f.types, SCALE_TYPES)
  const kinds = only(f.kinds, QUESTION_KINDS)
  if (!patterns || !types || !kinds) return 'invalid'
  if (patterns.length + types.length + kinds.length === 0) return 'invalid'

  let partner: Pattern | undefined
  if (patterns.length === 1) {
    const p = patterns[0]
    const c = worstConfusions(attempts, attempts.length).find((x) => x.truth === p || x.answered === p)
    if (c) partner = c.truth === p ? c.answered : c.truth
  }
  const focusKinds =
    kinds.length > 0 ? kinds : patterns.length > 0 ? [...PATTERN_KINDS] : ['tonic-pattern' as const]
  const focusPatterns = partner ? PATTERNS.filter((p) => p === partner || patterns.includes(p)) : patterns
  return {
    from: f.from,
    ...(partner ? { partner } : {}),
    options: {
      types: types.length > 0 ? types : typesMet(attempts, focusPatterns, focusKinds),
      kinds: focusKinds,
      source: 'melody',
      ...(focusPatterns.length > 0 ? { patterns: focusPatterns } : {}),
    },
  }
}

/**
 * The scale types of the learner's questions on these patterns and kinds (a `type` question's choices too, so a
 * type drill has something to choose between); pentatonic when there are none.
 */
function typesMet(
  attempts: readonly Attempt[],
  patterns: readonly Pattern[],
  kinds: readonly QuestionKind[],
): ScaleType[] {
  const met = new Set<ScaleType>()
  for (const a of attempts) {
    const q = a.question
    if (!kinds.includes(q.kind) || (patterns.length > 0 && !patterns.includes(q.label.pattern))) continue
    met.add(q.label.type)
    for (const t of q.typeChoices ?? []) met.add(t)
  }
  const types = SCALE_TYPES.filter((t) => met.has(t))
  return types.length > 0 ? types : ['pentatonic']
}
