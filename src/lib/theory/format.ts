import type { Label } from './label.ts'
import { pitchClassName, spellInSystem, type PitchClass, type Spelling } from './pitch-class.ts'
import { SCALE_TYPE_INFO } from './scale-types.ts'
import { toneOf } from './tones.ts'

/** Every written form of a label that THEORY.md names; `parseLabel` reads all of them back. */
export const LABEL_FORMS = ['cnpm', 'zh-short', 'zh-mode', 'zh-system', 'en-short', 'en-full'] as const
export type LabelForm = (typeof LABEL_FORMS)[number]

/** Which forms carry the scale type; the others read back as pentatonic. */
export const FORMS_WITH_TYPE: readonly LabelForm[] = Object.freeze(['cnpm'])

export interface FormatOptions {
  /**
   * How to spell an accidental: `C#`, `Db`, or CNPM's `#C/bD`; `'system'` spells the tonic as its degree in the
   * label's 宫 system (the 羽 of B 宫 is G#, not Ab) — what a musician expects when modes of one system are
   * compared. Default: the common spelling per pitch class.
   */
  readonly spelling?: Spelling | 'system'
}

/** The tonic's and the system's names under the chosen spelling. */
function names(label: Label, spelling: FormatOptions['spelling']): { tonic: string; system: string } {
  const name = (pc: PitchClass) =>
    spelling === 'system' ? spellInSystem(pc, label.system) : pitchClassName(pc, spelling)
  return { tonic: name(label.tonic), system: name(label.system) }
}

/**
 * A label in one written form. NoLabel formats as '' (the UI decides what to say).
 * @example
 * formatLabel(labelFromTonic(9, 'yu'), 'cnpm') → 'A羽五声'
 * formatLabel(labelFromTonic(9, 'yu'), 'zh-system') → 'C宫系统 A羽调式'
 * formatLabel(labelFromTonic(9, 'yu'), 'en-full') → 'A Yu mode (C gong system)'
 * formatLabel(labelFromTonic(1, 'yu'), 'zh-short', { spelling: 'cnpm' }) → '#C/bD羽'
 * formatLabel(labelFromSystem(11, 'jue'), 'zh-short', { spelling: 'system' }) → 'D#角'
 */
export function formatLabel(label: Label, form: LabelForm, opts: FormatOptions = {}): string {
  if (label.empty) return ''
  const { tonic, system } = names(label, opts.spelling)
  const tone = toneOf(label.pattern)
  switch (form) {
    case 'cnpm':
      return `${tonic}${tone.hanzi}${SCALE_TYPE_INFO[label.type].zh}`
    case 'zh-short':
      return `${tonic}${tone.hanzi}`
    case 'zh-mode':
      return `${tonic}${tone.hanzi}调式`
    case 'zh-system':
      return `${system}宫系统 ${tonic}${tone.hanzi}调式`
    case 'en-short':
      return `${tonic} ${tone.ascii}`
    case 'en-full':
      return `${tonic} ${tone.english} mode (${system} gong system)`
  }
}

/**
 * A one-line description for the UI: mode, system and scale type. NoLabel describes as ''.
 * @example
 * describeLabel(labelFromTonic(9, 'yu'), 'zh') → 'A 羽调式（C 宫系统），五声'
 * describeLabel(labelFromTonic(9, 'yu'), 'en') → 'A yu mode (C gong system), pentatonic'
 */
export function describeLabel(label: Label, locale: 'zh' | 'en', opts: FormatOptions = {}): string {
  if (label.empty) return ''
  const { tonic, system } = names(label, opts.spelling)
  const tone = toneOf(label.pattern)
  const type = SCALE_TYPE_INFO[label.type]
  if (locale === 'zh') return `${tonic} ${tone.hanzi}调式（${system} 宫系统），${type.zh}`
  // Lower-case the type's first letter only: it follows a comma mid-sentence ("hexatonic (+qingjue)").
  const en = type.en[0].toLowerCase() + type.en.slice(1)
  return `${tonic} ${tone.ascii} mode (${system} gong system), ${en}`
}
