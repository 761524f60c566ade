import { rungById } from '../../lib/tutor/ladder.ts'
import { SCALE_TYPE_INFO, type ScaleType } from '../../lib/theory/scale-types.ts'
import { toneAt, toneOf, type Pattern } from '../../lib/theory/tones.ts'
import { mod12, spellInSystem, type PitchClass } from '../../lib/theory/pitch-class.ts'
import type { Locale } from '../i18n/messages.ts'

/** A rung's name in the UI language ('free' and unknown ids name free practice). */
export function rungName(id: string, locale: Locale): string {
  const r = rungById(id)
  if (!r) return locale === 'zh' ? '自由练习' : 'Free practice'
  return locale === 'zh' ? r.zh : r.en
}

/** A pattern as the buttons show it: 宫 in Chinese, "宫 gong" in English. */
export function patternName(p: Pattern, locale: Locale): string {
  const tone = toneOf(p)
  return locale === 'zh' ? tone.hanzi : `${tone.hanzi} ${tone.ascii}`
}

export function typeName(t: ScaleType, locale: Locale): string {
  return locale === 'zh' ? SCALE_TYPE_INFO[t].zh : SCALE_TYPE_INFO[t].en
}

/**
 * A pitch class with its tone in a system, spelled as that degree (the 清角 of Ab 宫 is Db, not C#), e.g.
 * "F（清角）" / "F (清角 qingjue)".
 */
export function noteInSystem(pc: PitchClass, system: PitchClass, locale: Locale): string {
  const tone = toneAt(mod12(pc - system))
  const name = spellInSystem(pc, system)
  if (!tone) return name
  return locale === 'zh' ? `${name}（${tone.hanzi}）` : `${name} (${tone.hanzi} ${tone.ascii})`
}

/** Just the tone of a pitch class in a system: "羽" / "羽 yu" ('' outside the named tones). */
export function toneLabel(pc: PitchClass, system: PitchClass, locale: Locale): string {
  const tone = toneAt(mod12(pc - system))
  if (!tone) return ''
  return locale === 'zh' ? tone.hanzi : `${tone.hanzi} ${tone.ascii}`
}
