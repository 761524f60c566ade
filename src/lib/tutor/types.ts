import type { Label } from '../theory/label.ts'
import type { Pattern } from '../theory/tones.ts'
import type { ScaleType } from '../theory/scale-types.ts'
import type { PitchClass } from '../theory/pitch-class.ts'
import type { Milliseconds, Timestamp } from '../theory/units.ts'
import type { MelodyRules } from './melody-types.ts'

/**
 * What a question asks:
 * - `pattern`: the tonic is given, which pattern?
 * - `tonic-pattern`: name both tonic and pattern.
 * - `same-system` (同宫系统): same notes, which tonic (and so which pattern)?
 * - `same-tonic` (同主音): same tonic, which pattern?
 * - `type`: which scale type?
 */
export const QUESTION_KINDS = ['pattern', 'tonic-pattern', 'same-system', 'same-tonic', 'type'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

/** Where the sound of a question comes from. */
export type QuestionSource =
  | {
      readonly kind: 'melody'
      readonly seed: number
      readonly bars: number
      readonly timbre: string
      readonly tempo: number
      /** The generator's rules it was drawn by; absent in questions asked before rules 2 (they were drawn by 1). */
      readonly rules?: MelodyRules
    }
  | {
      readonly kind: 'scale'
      readonly direction: 'up' | 'down' | 'updown'
      readonly timbre: string
      readonly tempo: number
    }
  | { readonly kind: 'clip'; readonly clipId: string; readonly assignmentId?: string }

export interface Question {
  readonly id: string
  readonly kind: QuestionKind
  readonly label: Label
  readonly source: QuestionSource
  /** For `same-system`/`same-tonic`: the labels offered as choices (the right one among them). */
  readonly choices?: readonly Label[]
  /** For `type`: the scale types offered as choices (the right one among them). */
  readonly typeChoices?: readonly ScaleType[]
  /** The ladder rung the question was made for (`'free'` for free practice); mastery counts only its own rung. */
  readonly rung?: string
  /** When the question was made. */
  readonly createdAt?: Timestamp
  /** Why the selector chose it: new material, a due review card, or a drill of a frequent confusion. */
  readonly reason?: 'new' | 'review' | 'confusion'
  /** The review card this question exercises (e.g. `confusion:yu>shang`, `clip:abc`), when there is one. */
  readonly cardId?: string
}

/** What the learner answered; fields not asked are left out. */
export interface Answer {
  readonly tonic?: PitchClass
  readonly pattern?: Pattern
  readonly type?: ScaleType
}

export interface FieldGrades {
  readonly tonic?: boolean
  readonly pattern?: boolean
  readonly type?: boolean
}

/** One answered question, as stored. */
export interface Attempt {
  readonly id: string
  readonly question: Question
  readonly answer: Answer
  readonly correct: boolean
  readonly fields: FieldGrades
  readonly latency: Milliseconds
  readonly replays: number
  readonly hints: number
  readonly at: Timestamp
  /** The offline analyzer's label for the sound, when it was run. */
  readonly analyzerLabel?: Label
  /** The remote model's raw answer and parsed label, when it was asked. */
  readonly model?: { readonly raw: string; readonly label: Label }
}
