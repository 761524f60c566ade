// The analyzer's "no mode" detail in the UI language, from the numbers it measured (`measure`); for results stored
// before it gave them, the numbers are read back out of its English detail, so the Chinese UI never shows it.
import type { NoModeMeasure, NoModeReason } from '../../lib/analysis/types.ts'
import type { MessageKey } from './messages.ts'

type T = (key: MessageKey, params?: Record<string, string | number>) => string

export type { NoModeMeasure }

/** Reads the numbers of an analyzer detail; null when its wording is not one this UI knows. */
export function readNoModeDetail(reason: NoModeReason, detail: string): NoModeMeasure | null {
  let m: RegExpExecArray | null
  switch (reason) {
    case 'silence':
      if (/too short/.test(detail)) return { kind: 'too-short-clip' }
      return /silent/.test(detail) ? { kind: 'silent' } : null
    case 'unpitched':
      m = /(\d+(?:\.\d+)?)\s*%/.exec(detail)
      return m ? { kind: 'voiced', percent: Number(m[1]) } : null
    case 'too-short':
      m = /(\d+) notes?, (\d+(?:\.\d+)?) s/.exec(detail)
      return m ? { kind: 'notes', notes: Number(m[1]), seconds: Number(m[2]) } : null
    case 'too-few-tones':
      m = /(\d+) distinct/.exec(detail)
      return m ? { kind: 'tones', tones: Number(m[1]) } : null
    case 'too-chromatic':
      m = /(\d+(?:\.\d+)?)\s*%/.exec(detail)
      return m ? { kind: 'coverage', percent: Number(m[1]) } : null
  }
}

/** The analyzer's detail as a sentence in the UI language; '' when it cannot be read (the reason says enough). */
export function noModeDetailText(
  reason: NoModeReason,
  detail: string,
  t: T,
  measure?: NoModeMeasure,
): string {
  const m = measure ?? readNoModeDetail(reason, detail)
  if (!m) return ''
  switch (m.kind) {
    case 'too-short-clip':
      return t('analyzer.detail.tooShortClip')
    case 'silent':
      return t('analyzer.detail.silent')
    case 'voiced':
      return t('analyzer.detail.voiced', { percent: m.percent })
    case 'notes':
      return t('analyzer.detail.notes', { notes: m.notes, seconds: m.seconds.toFixed(1) })
    case 'tones':
      return t('analyzer.detail.tones', { tones: m.tones })
    case 'coverage':
      return t('analyzer.detail.coverage', { percent: m.percent })
  }
}
