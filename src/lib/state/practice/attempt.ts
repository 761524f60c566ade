import type { AnalysisResult } from '../../analysis/types.ts'
import type { Timestamp } from '../../theory/units.ts'
import { grade } from '../../tutor/grading.ts'
import type { Answer, Attempt, Question } from '../../tutor/types.ts'

/** What the drill knows about a question when it is answered. */
export interface AnswerContext {
  /** When the question appeared. */
  readonly shownAt: Timestamp
  readonly firstStartAt: Timestamp | null
  readonly firstEndAt: Timestamp | null
  readonly replays: number
  readonly hints: number
  readonly analysis: AnalysisResult | null
}

/** What an answer's latency was counted from. */
export type LatencyFrom = 'start' | 'end' | 'shown'

/**
 * The graded attempt an answer makes, with the analyzer's label when it is known. Latency counts from the end of
 * the first playback, or from its start when the answer came during it (so a quick answer is a real time, not
 * 0 ms), or from when the question appeared if its sound never started.
 */
export function makeAttempt(
  q: Question,
  answer: Answer,
  at: Timestamp,
  ctx: AnswerContext,
): { readonly attempt: Attempt; readonly latencyFrom: LatencyFrom } {
  const { correct, fields } = grade(q, answer)
  const from = ctx.firstEndAt ?? ctx.firstStartAt ?? ctx.shownAt
  const latencyFrom = ctx.firstEndAt !== null ? 'end' : ctx.firstStartAt !== null ? 'start' : 'shown'
  const attempt: Attempt = {
    id: `att-${q.id}`,
    question: q,
    answer,
    correct,
    fields,
    latency: Math.max(0, Math.round(at - from)),
    replays: ctx.replays,
    hints: ctx.hints,
    at,
    ...(ctx.analysis?.ok ? { analyzerLabel: ctx.analysis.label } : {}),
  }
  return { attempt, latencyFrom }
}
