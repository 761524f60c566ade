import { isFiveTone } from './tones.ts'

/** The six CNPM scale types (THEORY.md), shortest first: the teaching order. */
export const SCALE_TYPES = [
  'pentatonic',
  'hexatonic-qingjue',
  'hexatonic-biangong',
  'heptatonic-yayue',
  'heptatonic-qingyue',
  'heptatonic-yanyue',
] as const
export type ScaleType = (typeof SCALE_TYPES)[number]

export interface ScaleTypeInfo {
  readonly id: ScaleType
  /** CNPM's Chinese name, the suffix of a `mode_name` (`D商五声`). */
  readonly zh: string
  readonly en: string
  /** Semitones above 宫 of every tone in the collection, ascending. */
  readonly tones: readonly number[]
}

export const SCALE_TYPE_INFO: Readonly<Record<ScaleType, ScaleTypeInfo>> = Object.freeze({
  pentatonic: { id: 'pentatonic', zh: '五声', en: 'Pentatonic', tones: [0, 2, 4, 7, 9] },
  'hexatonic-qingjue': {
    id: 'hexatonic-qingjue',
    zh: '六声加清角',
    en: 'Hexatonic (+qingjue)',
    tones: [0, 2, 4, 5, 7, 9],
  },
  'hexatonic-biangong': {
    id: 'hexatonic-biangong',
    zh: '六声加变宫',
    en: 'Hexatonic (+biangong)',
    tones: [0, 2, 4, 7, 9, 11],
  },
  'heptatonic-yayue': {
    id: 'heptatonic-yayue',
    zh: '七声雅乐',
    en: 'Heptatonic yayue',
    tones: [0, 2, 4, 6, 7, 9, 11],
  },
  'heptatonic-qingyue': {
    id: 'heptatonic-qingyue',
    zh: '七声清乐',
    en: 'Heptatonic qingyue',
    tones: [0, 2, 4, 5, 7, 9, 11],
  },
  'heptatonic-yanyue': {
    id: 'heptatonic-yanyue',
    zh: '七声燕乐',
    en: 'Heptatonic yanyue',
    tones: [0, 2, 4, 5, 7, 9, 10],
  },
})

export function isScaleType(x: unknown): x is ScaleType {
  return typeof x === 'string' && (SCALE_TYPES as readonly string[]).includes(x)
}

/** The extra tones of a type, in semitones above 宫. @example extraTones('heptatonic-yanyue') → [5, 10] */
export function extraTones(type: ScaleType): readonly number[] {
  return SCALE_TYPE_INFO[type].tones.filter((s) => !isFiveTone(s))
}
