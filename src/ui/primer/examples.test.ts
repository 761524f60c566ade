import { describe, expect, it } from 'vitest'
import { generateMelody } from '../../lib/tutor/melody.ts'
import { PRIMER_EXAMPLES, PRIMER_RULES, PRIMER_SECTIONS, scaleText } from './examples.ts'

describe('the primer’s examples', () => {
  it('five modes of one system: same notes, five tonics', () => {
    const modes = PRIMER_EXAMPLES.modes.map((e) => e.label)
    expect(new Set(modes.map((l) => l.system))).toEqual(new Set([0]))
    expect(modes.map((l) => l.tonic)).toEqual([0, 2, 4, 7, 9])
  })

  it('the same-tonic pair has one tonic and two systems; the same-system pair the reverse', () => {
    const [cGong, aYu, aGong] = PRIMER_EXAMPLES.confusions.map((e) => e.label)
    expect(cGong.system).toBe(aYu.system)
    expect(cGong.tonic).not.toBe(aYu.tonic)
    expect(aYu.tonic).toBe(aGong.tonic)
    expect(aYu.system).not.toBe(aGong.system)
  })

  it('spells the scales in their system, with jianpu', () => {
    expect(scaleText(PRIMER_EXAMPLES.confusions[1].label)).toBe('A(6) C(1) D(2) E(3) G(5)')
    expect(scaleText(PRIMER_EXAMPLES.confusions[2].label)).toBe('A(1) B(2) C#(3) E(5) F#(6)')
    expect(scaleText(PRIMER_EXAMPLES.extra[0].label)).toBe('C(1) D(2) E(3) F(4) G(5) A(6)')
  })

  it('every example’s melody ends on its tonic', () => {
    for (const s of PRIMER_SECTIONS)
      for (const e of PRIMER_EXAMPLES[s]) {
        const m = generateMelody(e.label, { seed: e.seed, bars: 4, rules: PRIMER_RULES })
        expect(((m.notes.at(-1)!.midi % 12) + 12) % 12, `${s} ${e.seed}`).toBe(e.label.tonic)
      }
  })
})
