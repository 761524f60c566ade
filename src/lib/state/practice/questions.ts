import type { PitchClass } from '../../theory/pitch-class.ts'
import { ASKED_FIELDS } from '../../tutor/grading.ts'
import type { Pattern } from '../../theory/tones.ts'
import type { Answer, Question } from '../../tutor/types.ts'

/**
 * The drone hint's pitch, chosen so that it helps without giving the answer away:
 * - `pattern` and `same-tonic`: the tonic, which the question already gives (a 宫 drone would name the pattern);
 * - `tonic-pattern`, `same-system`, `type`: 宫 of the system, so the learner hears the collection's home and the
 *   宫–角 third against it, yet still has to find which tone the melody rests on (or which extra tones it uses).
 */
export function dronePitch(q: Question): PitchClass {
  return q.kind === 'pattern' || q.kind === 'same-tonic' ? q.label.tonic : q.label.system
}

/** The fields a question asks, in the order the answer pad shows them. */
export function askedFields(q: Question): readonly ('tonic' | 'pattern' | 'type')[] {
  return ASKED_FIELDS[q.kind]
}

/** True when one press (a pattern, a choice, a type) is the whole answer. */
export function answersInOnePress(q: Question): boolean {
  return q.kind !== 'tonic-pattern'
}

/**
 * What pressing a pattern does on an open question: the whole answer when one press is all it asks (a
 * same-system choice gives its tonic too), else the draft with the pattern in it; null when the press means
 * nothing here (a type question, or a pattern not among a same-tonic question's choices).
 */
export function pressPattern(
  q: Question,
  draft: Answer,
  p: Pattern,
): { readonly answer: Answer } | { readonly draft: Answer } | null {
  if (q.kind === 'same-system') {
    const choice = q.choices?.find((c) => c.pattern === p)
    return choice ? { answer: { tonic: choice.tonic, pattern: choice.pattern } } : null
  }
  if (q.kind === 'type') return null
  if (q.kind === 'same-tonic' && q.choices && !q.choices.some((c) => c.pattern === p)) return null
  return answersInOnePress(q) ? { answer: { pattern: p } } : { draft: { ...draft, pattern: p } }
}

/** True when the draft holds every field the question asks. */
export function draftComplete(q: Question, draft: Answer): boolean {
  return askedFields(q).every((f) => draft[f] !== undefined)
}
