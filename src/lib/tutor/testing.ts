// Test and benchmark support for the tutor core: a seeded random source and an attempt builder.
import type { Timestamp } from '../theory/units.ts'
import { grade } from './grading.ts'
import type { Random } from './questions.ts'
import { mulberry32 } from './random.ts'
import type { Answer, Attempt, Question } from './types.ts'

/** A seeded random source (mulberry32), so tests and benches are repeatable. */
export const seededRandom: (seed: number) => Random = mulberry32

/** An attempt at a question, graded for real. */
export function answered(
  question: Question,
  answer: Answer,
  at: Timestamp,
  extra: { latency?: number; replays?: number; hints?: number } = {},
): Attempt {
  const { correct, fields } = grade(question, answer)
  return {
    id: `a-${at}-${question.id}`,
    question,
    answer,
    correct,
    fields,
    latency: extra.latency ?? 6000,
    replays: extra.replays ?? 0,
    hints: extra.hints ?? 0,
    at,
  }
}
