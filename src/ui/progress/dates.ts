import type { Locale } from '../i18n/messages.ts'
import type { Timestamp } from '../../lib/theory/units.ts'

type Style = 'date' | 'day' | 'dateTime'
const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  day: { month: 'short', day: 'numeric' },
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
}
// Building an Intl.DateTimeFormat costs far more than using one: a chart formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: Locale, style: Style): Intl.DateTimeFormat {
  const key = `${locale}:${style}`
  let f = formatters.get(key)
  if (!f)
    formatters.set(key, (f = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', OPTIONS[style])))
  return f
}

/** A local date, e.g. '2025年3月5日' or '5 Mar 2025'. */
export function formatDate(at: Timestamp, locale: Locale): string {
  return formatter(locale, 'date').format(at)
}

/** A short local date for chart axes, e.g. '3月5日' or '5 Mar'. */
export function formatDay(at: Timestamp, locale: Locale): string {
  return formatter(locale, 'day').format(at)
}

/** A local date and time to the minute. */
export function formatDateTime(at: Timestamp, locale: Locale): string {
  return formatter(locale, 'dateTime').format(at)
}
