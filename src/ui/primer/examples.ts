// The primer's sections and their playable examples: pure data, so a test checks that each example is what its
// text says (the five modes share one system, the same-tonic pair does not, the extra tones are there).
import { labelFromSystem, labelFromTonic, scaleSteps, type Label } from '../../lib/theory/label.ts'
import { spellInSystem } from '../../lib/theory/pitch-class.ts'

export const PRIMER_SECTIONS = ['tones', 'modes', 'third', 'tonic', 'confusions', 'extra'] as const
export type PrimerSection = (typeof PRIMER_SECTIONS)[number]

/** A playable example: a mode, and the seed of its short melody (fixed, so everyone hears the same one). */
export interface PrimerExample {
  readonly label: Label
  readonly seed: number
}

const C = 0
const A = 9

/** The examples of each section, C 宫 throughout where it can be, so the ear keeps one reference. */
/** The generator rules the examples are drawn by: pinned, so a later rules version does not change the primer's tunes. */
export const PRIMER_RULES = 2

export const PRIMER_EXAMPLES: Readonly<Record<PrimerSection, readonly PrimerExample[]>> = Object.freeze({
  tones: [{ label: labelFromSystem(C, 'gong'), seed: 11 }],
  modes: (['gong', 'shang', 'jue', 'zhi', 'yu'] as const).map((p, i) => ({
    label: labelFromSystem(C, p),
    seed: 21 + i,
  })),
  third: [
    { label: labelFromSystem(C, 'gong'), seed: 31 },
    { label: labelFromSystem(7, 'gong'), seed: 32 },
  ],
  tonic: [
    { label: labelFromSystem(C, 'yu'), seed: 41 },
    { label: labelFromSystem(C, 'gong'), seed: 42 },
  ],
  confusions: [
    { label: labelFromSystem(C, 'gong'), seed: 51 },
    { label: labelFromTonic(A, 'yu'), seed: 52 },
    { label: labelFromTonic(A, 'gong'), seed: 53 },
  ],
  extra: [
    { label: labelFromSystem(C, 'gong', 'hexatonic-qingjue'), seed: 61 },
    { label: labelFromSystem(C, 'gong', 'hexatonic-biangong'), seed: 62 },
    { label: labelFromSystem(C, 'gong', 'heptatonic-yayue'), seed: 63 },
    { label: labelFromSystem(C, 'gong', 'heptatonic-qingyue'), seed: 64 },
    { label: labelFromSystem(C, 'gong', 'heptatonic-yanyue'), seed: 65 },
  ],
})

/** A mode's scale from its tonic, spelled in its 宫 system with jianpu: "A(6) C(1) D(2) E(3) G(5)". */
export function scaleText(label: Label): string {
  return scaleSteps(label)
    .map((s) => `${spellInSystem(s.pitchClass, label.system)}(${s.jianpu})`)
    .join(' ')
}
