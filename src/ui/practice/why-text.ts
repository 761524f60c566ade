import type { ToneDiff, Why, WhyPoint } from '../../lib/tutor/grading.ts'
import { formatLabel } from '../../lib/theory/format.ts'
import { mod12, spellInSystem, type PitchClass } from '../../lib/theory/pitch-class.ts'
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
  const short = (l: typeof truth) => formatLabel(l, 'zh-short', { spelling: 'system' })
  // Notes of the true mode are spelled as degrees of its 宫 system (the 羽 of B 宫 is G#, not Ab).
  const inTruth = (pc: PitchClass) => spellInSystem(pc, truth.system)
  switch (point.key) {
    case 'final-note': {
      const p = point.params
      const note = inTruth(p.pitchClass)
      if (!p.heard) return t('practice.why.final.label', { note })
      if (p.isTonic)
        return t('practice.why.final.tonic', { note, tone: toneLabel(p.pitchClass, truth.system, locale) })
      return t('practice.why.final.other', { note, tonic: inTruth(truth.tonic) })
    }
    case 'major-third': {
      const p = point.params
      const gong = spellInSystem(p.gong, p.gong)
      // 角 spelled as the third above its 宫: E–G#, not E–Ab.
      const jue = spellInSystem(p.jue, p.gong)
      if (!p.heard) return t('practice.why.third.label', { gong, jue })
      if (p.matchesTruth) return t('practice.why.third.match', { gong, jue, system: gong })
      return t('practice.why.third.other', {
        gong,
        jue,
        tgong: inTruth(truth.system),
        tjue: spellInSystem(mod12(truth.system + 4), truth.system),
      })
    }
    case 'degree-histogram': {
      const p = point.params
      return t('practice.why.histogram', {
        tonic: inTruth(truth.tonic),
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
              truthTonic: inTruth(p.truthTonic),
              ts: pct(p.truthTonicShare),
              answeredTonic: inTruth(p.answeredTonic),
              as: pct(p.answeredTonicShare),
            })
          : ''
      return t('practice.why.sameSystem', {
        answered: short(why.answered),
        truth: short(truth),
        system: spellInSystem(p.system, p.system),
        shares,
      }).trim()
    }
    case 'same-tonic-confusion': {
      const p = point.params
      return t('practice.why.sameTonic', {
        tonic: inTruth(p.tonic),
        truth: short(truth),
        answered: short(why.answered),
        onlyTruth: toneList(p.onlyInTruth, p.truthSystem, t, locale),
        onlyAnswer: toneList(p.onlyInAnswer, p.answeredSystem, t, locale),
      })
    }
    case 'wrong-tonic': {
      const p = point.params
      const text = t('practice.why.wrongTonic', {
        answered: inTruth(p.answeredTonic),
        truth: inTruth(p.truthTonic),
        interval: p.interval,
      })
      return p.patternRight
        ? `${text}${locale === 'zh' ? '' : ' '}${t('practice.why.wrongTonicPattern')}`
        : text
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
