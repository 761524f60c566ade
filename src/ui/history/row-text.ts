// How a past answer reads in the History table: pure, so it is tested in Node.
import { formatLabel } from '../../lib/theory/format.ts'
import type { Label } from '../../lib/theory/label.ts'
import { answerLabel } from '../../lib/tutor/grading.ts'
import type { Attempt } from '../../lib/tutor/types.ts'
import type { Locale } from '../i18n/messages.ts'
import { typeName } from '../practice/names.ts'

/** A label as the table shows it: CNPM's form, `A羽五声`, the tonic spelled in its 宫 system. '' for none. */
export function labelText(label: Label | undefined): string {
  return label && !label.empty ? formatLabel(label, 'cnpm', { spelling: 'system' }) : ''
}

/**
 * The student's answer: the scale type for a `type` question, else the mode they named, filled in with what the
 * question gave (the tonic of a `pattern` question). '' when they named no mode.
 */
export function answerText(a: Attempt, locale: Locale): string {
  if (a.question.kind === 'type') return a.answer.type ? typeName(a.answer.type, locale) : ''
  return labelText(answerLabel(a.question, a.answer))
}

/** The truth, in the same terms as the answer. */
export function truthText(a: Attempt, locale: Locale): string {
  if (a.question.kind === 'type') return typeName(a.question.label.type, locale)
  return labelText(a.question.label)
}

/** Seconds with one decimal. @example seconds(6400) → '6.4' */
export function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(1)
}
