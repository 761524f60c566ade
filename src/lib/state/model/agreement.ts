import type { AnalysisResult } from '../../analysis/types.ts'
import type { AnswerParse } from '../../theory/answer.ts'

/** How the model's answer relates to the offline analyzer's. */
export type Agreement =
  | 'agree'
  /** The answer names only a pattern, the same as the analyzer's. */
  | 'agree-pattern'
  | 'differ-tonic'
  | 'differ-pattern'
  | 'differ-both'
  | 'no-label'
  /** No analyzer result to compare with. */
  | 'no-analyzer'

/**
 * Compares the model's parsed answer with the analyzer's result: the mode is tonic + pattern
 * (the scale type is shown, not judged).
 */
export function agreement(parse: AnswerParse, result: AnalysisResult | null): Agreement {
  if (parse.status === 'none' || parse.status === 'ambiguous') return 'no-label'
  if (!result || !result.ok) return 'no-analyzer'
  const samePattern = parse.pattern === result.label.pattern
  if (parse.status === 'pattern-only') return samePattern ? 'agree-pattern' : 'differ-pattern'
  const sameTonic = parse.label.tonic === result.label.tonic
  if (sameTonic && samePattern) return 'agree'
  if (samePattern) return 'differ-tonic'
  return sameTonic ? 'differ-pattern' : 'differ-both'
}
