import type { Locale } from '../i18n/messages.ts'
import type { Timestamp } from '../../lib/theory/units.ts'

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en-GB')

/** A local date, e.g. '2025/3/5' or '5 Mar 2025'. */
export function formatDate(at: Timestamp, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { year: 'numeric', month: 'short', day: 'numeric' }).format(at)
}

/** A short local date for chart axes, e.g. '3月5日' or '5 Mar'. */
export function formatDay(at: Timestamp, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { month: 'short', day: 'numeric' }).format(at)
}

/** A local date and time to the minute. */
export function formatDateTime(at: Timestamp, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at)
}
