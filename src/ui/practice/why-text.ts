import type { ToneDiff, Why, WhyPoint } from '../../lib/tutor/grading.ts'
import { formatLabel } from '../../lib/theory/format.ts'
import { mod12, pitchClassName, spellInSystem, type PitchClass } from '../../lib/theory/pitch-class.ts'
import type { Locale, MessageKey } from '../i18n/messages.ts'
import { noteInSystem, toneLabel, typeName } from './names.ts'

type T = (key: MessageKey, params?: Record<string, string | number>) => string

const pct = (x: number) => Math.round(x * 100)

/** A list of tones, each with its share of the music when the analyzer measured it. */
function toneList(tones: readonly ToneDiff[], system: PitchClass, t: T, locale: Locale): string {
  if (tones.length === 0) return t('practice.why.none')
  const sep = locale === 'zh' ? '、' : ', '
  return tones
    .map(
      (d) => noteInSystem(d.pitchClass, system, locale) + (d.share === undefined ? '' : ` ${pct(d.share)}%`),
    )
    .join(sep)
}

/** One point of the explanation as a sentence in the UI language. */
export function whyText(point: WhyPoint, why: Why, t: T, locale: Locale): string {
  const truth = why.truth
  const short = (l: typeof truth) => formatLabel(l, 'zh-short')
  switch (point.key) {
    case 'final-note': {
      const p = point.params
      const note = pitchClassName(p.pitchClass)
      if (!p.heard) return t('practice.why.final.label', { note })
      if (p.isTonic)
        return t('practice.why.final.tonic', { note, tone: toneLabel(p.pitchClass, truth.system, locale) })
      return t('practice.why.final.other', { note, tonic: pitchClassName(truth.tonic) })
    }
    case 'major-third': {
      const p = point.params
      const gong = pitchClassName(p.gong)
      // 角 spelled as the third above its 宫: E–G#, not E–Ab.
      const jue = spellInSystem(p.jue, p.gong)
      if (!p.heard) return t('practice.why.third.label', { gong, jue })
      if (p.matchesTruth) return t('practice.why.third.match', { gong, jue, system: gong })
      return t('practice.why.third.other', {
        gong,
        jue,
        tgong: pitchClassName(truth.system),
        tjue: spellInSystem(mod12(truth.system + 4), truth.system),
      })
    }
    case 'degree-histogram': {
      const p = point.params
      return t('practice.why.histogram', {
        tonic: pitchClassName(truth.tonic),
        rank: p.tonicRank,
        outside: pct(p.outside),
      })
    }
    case 'extra-tones':
      return t('practice.why.extra', {
        type: typeName(point.params.type, locale),
        tones: toneList(point.params.tones, truth.system, t, locale),
      })
    case 'same-system-confusion': {
      const p = point.params
      const shares =
        p.truthTonicShare !== undefined && p.answeredTonicShare !== undefined
          ? t('practice.why.sameSystemShares', {
              truthTonic: pitchClassName(p.truthTonic),
              ts: pct(p.truthTonicShare),
              answeredTonic: pitchClassName(p.answeredTonic),
              as: pct(p.answeredTonicShare),
            })
          : ''
      return t('practice.why.sameSystem', {
        answered: short(why.answered),
        truth: short(truth),
        system: pitchClassName(p.system),
        shares,
      }).trim()
    }
    case 'same-tonic-confusion': {
      const p = point.params
      return t('practice.why.sameTonic', {
        tonic: pitchClassName(p.tonic),
        truth: short(truth),
        answered: short(why.answered),
        onlyTruth: toneList(p.onlyInTruth, p.truthSystem, t, locale),
        onlyAnswer: toneList(p.onlyInAnswer, p.answeredSystem, t, locale),
      })
    }
    case 'wrong-tonic': {
      const p = point.params
      const text = t('practice.why.wrongTonic', {
        answered: pitchClassName(p.answeredTonic),
        truth: pitchClassName(p.truthTonic),
        interval: p.interval,
      })
      return p.patternRight ? `${text} ${t('practice.why.wrongTonicPattern')}` : text
    }
    case 'wrong-type': {
      const p = point.params
      return t('practice.why.wrongType', {
        truthType: typeName(p.truthType, locale),
        answeredType: typeName(p.answeredType, locale),
        onlyTruth: toneList(p.onlyInTruth, truth.system, t, locale),
        onlyAnswer: toneList(p.onlyInAnswer, truth.system, t, locale),
      })
    }
  }
}
