// Turning the Assignments page's state into words: problems, labels, numbers.
import { isMessageKey, type MessageKey } from '../i18n/messages.ts'
import type { Problem } from '../../lib/state/assignments/problem.ts'
import { pitchClassName, type PitchClass } from '../../lib/theory/pitch-class.ts'
import { SCALE_TYPE_INFO, type ScaleType } from '../../lib/theory/scale-types.ts'
import { toneOf, type Pattern } from '../../lib/theory/tones.ts'
import type { Locale } from '../i18n/messages.ts'

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** A problem in the UI language: its own message when there is one, else the audio module's, else generic. */
export function problemText(t: T, p: Problem): string {
  const params = { name: p.name ?? '', field: p.field ?? '', file: p.file ?? '' }
  const own = `assign.error.${p.kind}`
  const prefix = p.name ? `${p.name}: ` : ''
  if (isMessageKey(own)) return t(own, params)
  const audio = `audio.error.${p.kind}`
  if (isMessageKey(audio)) return prefix + t(audio)
  return prefix + t('assign.error.unknown')
}

/** Where in the file the problem is, when known ("field items[0].label.tonic"). */
export function problemWhere(t: T, p: Problem): string | undefined {
  if (p.field) return t('assign.error.where.field', { field: p.field })
  if (p.file) return t('assign.error.where.file', { file: p.file })
  return undefined
}

/** 宫 gōng / Gong */
export function patternName(pattern: Pattern, locale: Locale): string {
  const tone = toneOf(pattern)
  return locale === 'zh' ? tone.hanzi : `${tone.hanzi} ${tone.english}`
}

export function typeName(type: ScaleType, locale: Locale): string {
  return locale === 'zh' ? SCALE_TYPE_INFO[type].zh : SCALE_TYPE_INFO[type].en
}

export function noteName(pc: PitchClass): string {
  return pitchClassName(pc)
}

/** 0.8333 → "83%" */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`
}
