import type { ScaleType } from '../../theory/scale-types.ts'
import { PATTERNS, type Pattern } from '../../theory/tones.ts'
import type { Question } from '../../tutor/types.ts'
import { answersInOnePress } from './questions.ts'
import type { PracticePhase } from './session.svelte.ts'

/** What the keyboard drives: the session's question, phase and actions. */
export interface KeyTarget {
  readonly question: Question | null
  readonly phase: PracticePhase
  readonly complete: boolean
  play(): Promise<void>
  toggleDrone(): Promise<void>
  next(): Promise<void>
  submit(): void
  choosePattern(p: Pattern): void
  chooseType(t: ScaleType): void
}

/**
 * Handles a key press; true when it was used (so the page prevents its default). Keys 1–9 answer, Enter submits
 * or goes on, Space or R replays the question, T turns the drone on the tonic (on 宫 while the question would
 * give the answer away) on and off — whatever was clicked last.
 */
export function practiceKey(s: KeyTarget, k: string): boolean {
  const q = s.question
  if (k === ' ' || k === 'r' || k === 'R') {
    if (!q || (s.phase !== 'question' && s.phase !== 'answered')) return false
    void s.play()
    return true
  }
  if (k === 't' || k === 'T') {
    if (!q || (s.phase !== 'question' && s.phase !== 'answered')) return false
    void s.toggleDrone()
    return true
  }
  if (k === 'Enter') {
    if (s.phase === 'answered' || (s.phase === 'ready' && !q)) {
      void s.next()
      return true
    }
    if (s.phase === 'question' && !answersInOnePress(q!) && s.complete) {
      s.submit()
      return true
    }
    return false
  }
  if (!q || s.phase !== 'question' || !/^[1-9]$/.test(k)) return false
  const n = Number(k) - 1
  if (q.kind === 'type') {
    const t = q.typeChoices?.[n]
    if (t) s.chooseType(t)
    return t !== undefined
  }
  const p = PATTERNS[n]
  if (!p) return false
  s.choosePattern(p)
  return true
}
