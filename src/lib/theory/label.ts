import { mod12, type PitchClass } from './pitch-class.ts'
import { PATTERN_INTERVAL, PATTERNS, patternAt, toneAt, type Pattern } from './tones.ts'
import { SCALE_TYPE_INFO, SCALE_TYPES, type ScaleType } from './scale-types.ts'

/** The four CNPM fields that name a mode. `empty` marks "no label" (never a guess). */
export interface Label {
  readonly empty: boolean
  /** Pitch class of 宫 (同宫系统). */
  readonly system: PitchClass
  /** Pitch class of the tonic (主音). */
  readonly tonic: PitchClass
  readonly pattern: Pattern
  readonly type: ScaleType
}

/** The explicit "no label" value. */
export const NoLabel: Label = Object.freeze({
  empty: true,
  system: 0,
  tonic: 0,
  pattern: 'gong',
  type: 'pentatonic',
})

/**
 * A label from its tonic and pattern; the system follows.
 * @example labelFromTonic(9, 'yu') → { system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic', empty: false }
 */
export function labelFromTonic(tonic: PitchClass, pattern: Pattern, type: ScaleType = 'pentatonic'): Label {
  const t = mod12(tonic)
  return Object.freeze({
    empty: false,
    system: mod12(t - PATTERN_INTERVAL[pattern]),
    tonic: t,
    pattern,
    type,
  })
}

/**
 * A label from its system (宫) and pattern; the tonic follows.
 * @example labelFromSystem(0, 'yu') → tonic 9 (A)
 */
export function labelFromSystem(system: PitchClass, pattern: Pattern, type: ScaleType = 'pentatonic'): Label {
  return labelFromTonic(mod12(system) + PATTERN_INTERVAL[pattern], pattern, type)
}

/**
 * A label from system and tonic, or NoLabel when the tonic is not one of the five tones of that system.
 * @example labelFromSystemAndTonic(0, 9) → A yu; labelFromSystemAndTonic(0, 1) → NoLabel
 */
export function labelFromSystemAndTonic(
  system: PitchClass,
  tonic: PitchClass,
  type: ScaleType = 'pentatonic',
): Label {
  const pattern = patternAt(mod12(tonic - system))
  return pattern ? labelFromTonic(tonic, pattern, type) : NoLabel
}

/** True when two labels name the same mode (all four fields). Two empty labels are not equal: neither names one. */
export function sameLabel(a: Label, b: Label): boolean {
  return (
    !a.empty &&
    !b.empty &&
    a.system === b.system &&
    a.tonic === b.tonic &&
    a.pattern === b.pattern &&
    a.type === b.type
  )
}

/** Every label: 12 systems × 5 patterns × 6 types = 360. */
export function allLabels(types: readonly ScaleType[] = SCALE_TYPES): Label[] {
  const out: Label[] = []
  for (const type of types)
    for (let s = 0; s < 12; s++) for (const p of PATTERNS) out.push(labelFromSystem(s, p, type))
  return out
}

export interface ScaleStep {
  readonly pitchClass: PitchClass
  /** Semitones above the tonic. */
  readonly aboveTonic: number
  /** Semitones above 宫. */
  readonly aboveGong: number
  /** The tone's id (gong … yu, qingjue, biangong …). */
  readonly tone: string
  readonly hanzi: string
  /** 简谱 degree with 宫 = 1 (1 2 3 5 6, 4, 7, b7, #4). */
  readonly jianpu: string
}

/**
 * The mode's scale from its tonic upwards, one octave, with each step's tone and jianpu degree.
 * @example scaleSteps(labelFromTonic(9, 'yu')).map((s) => s.jianpu) → ['6', '1', '2', '3', '5']
 */
export function scaleSteps(label: Label): ScaleStep[] {
  const start = PATTERN_INTERVAL[label.pattern]
  const tones = SCALE_TYPE_INFO[label.type].tones
  return tones
    .map((g) => mod12(g - start))
    .sort((a, b) => a - b)
    .map((aboveTonic) => {
      const aboveGong = mod12(aboveTonic + start)
      const info = toneAt(aboveGong)!
      return {
        pitchClass: mod12(label.tonic + aboveTonic),
        aboveTonic,
        aboveGong,
        tone: info.id,
        hanzi: info.hanzi,
        jianpu: info.jianpu,
      }
    })
}

/** The pitch classes of the label's collection (its system's tones of its type), from 宫. */
export function collectionPitchClasses(system: PitchClass, type: ScaleType = 'pentatonic'): PitchClass[] {
  return SCALE_TYPE_INFO[type].tones.map((s) => mod12(system + s))
}
