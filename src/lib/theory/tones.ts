import { mod12 } from './pitch-class.ts'

/** The five patterns (调式), named by the degree of the collection the tonic is. */
export const PATTERNS = ['gong', 'shang', 'jue', 'zhi', 'yu'] as const
export type Pattern = (typeof PATTERNS)[number]

export interface ToneInfo {
  readonly id: string
  readonly hanzi: string
  /** Pinyin with tone marks. */
  readonly pinyin: string
  /** Pinyin without tone marks. */
  readonly ascii: string
  readonly jianpu: string
  /** Semitones above 宫. */
  readonly semitones: number
}

export interface FiveToneInfo extends ToneInfo {
  readonly id: Pattern
  readonly degree: 1 | 2 | 3 | 4 | 5
  readonly solfege: string
  readonly english: string
}

/** The five tones (五声), THEORY.md's first table. */
export const TONES: readonly FiveToneInfo[] = Object.freeze([
  {
    id: 'gong',
    degree: 1,
    hanzi: '宫',
    pinyin: 'gōng',
    ascii: 'gong',
    solfege: 'do',
    jianpu: '1',
    semitones: 0,
    english: 'Gong',
  },
  {
    id: 'shang',
    degree: 2,
    hanzi: '商',
    pinyin: 'shāng',
    ascii: 'shang',
    solfege: 're',
    jianpu: '2',
    semitones: 2,
    english: 'Shang',
  },
  {
    id: 'jue',
    degree: 3,
    hanzi: '角',
    pinyin: 'jué',
    ascii: 'jue',
    solfege: 'mi',
    jianpu: '3',
    semitones: 4,
    english: 'Jue',
  },
  {
    id: 'zhi',
    degree: 4,
    hanzi: '徵',
    pinyin: 'zhǐ',
    ascii: 'zhi',
    solfege: 'sol',
    jianpu: '5',
    semitones: 7,
    english: 'Zhi',
  },
  {
    id: 'yu',
    degree: 5,
    hanzi: '羽',
    pinyin: 'yǔ',
    ascii: 'yu',
    solfege: 'la',
    jianpu: '6',
    semitones: 9,
    english: 'Yu',
  },
] as const)

export const EXTRA_TONE_IDS = ['qingjue', 'bianzhi', 'run', 'biangong'] as const
export type ExtraToneId = (typeof EXTRA_TONE_IDS)[number]

/** The extra tones (偏音), THEORY.md's second table. */
export const EXTRA_TONES: readonly (ToneInfo & { readonly id: ExtraToneId })[] = Object.freeze([
  { id: 'qingjue', hanzi: '清角', pinyin: 'qīngjué', ascii: 'qingjue', jianpu: '4', semitones: 5 },
  { id: 'bianzhi', hanzi: '变徵', pinyin: 'biànzhǐ', ascii: 'bianzhi', jianpu: '#4', semitones: 6 },
  { id: 'run', hanzi: '闰', pinyin: 'rùn', ascii: 'run', jianpu: 'b7', semitones: 10 },
  { id: 'biangong', hanzi: '变宫', pinyin: 'biàngōng', ascii: 'biangong', jianpu: '7', semitones: 11 },
] as const)

/** Semitones above 宫 of each pattern's tonic. @example PATTERN_INTERVAL.yu → 9 */
export const PATTERN_INTERVAL: Readonly<Record<Pattern, number>> = Object.freeze({
  gong: 0,
  shang: 2,
  jue: 4,
  zhi: 7,
  yu: 9,
})

/** The tone info of a pattern. @example toneOf('zhi').hanzi → '徵' */
export function toneOf(pattern: Pattern): FiveToneInfo {
  return TONES[PATTERNS.indexOf(pattern)]
}

/** Any tone (five or extra) at a number of semitones above 宫, or undefined for a chromatic step outside them. */
export function toneAt(semitonesAboveGong: number): ToneInfo | undefined {
  const s = mod12(semitonesAboveGong)
  return TONES.find((t) => t.semitones === s) ?? EXTRA_TONES.find((t) => t.semitones === s)
}

/** The pattern whose tonic lies the given number of semitones above 宫, or undefined. */
export function patternAt(semitonesAboveGong: number): Pattern | undefined {
  const s = mod12(semitonesAboveGong)
  return PATTERNS.find((p) => PATTERN_INTERVAL[p] === s)
}

/** True for the five tones (宫商角徵羽), false for extra tones and chromatic steps. @example isFiveTone(5) → false */
export function isFiveTone(semitonesAboveGong: number): boolean {
  return patternAt(semitonesAboveGong) !== undefined
}

export function isPattern(x: unknown): x is Pattern {
  return typeof x === 'string' && (PATTERNS as readonly string[]).includes(x)
}
