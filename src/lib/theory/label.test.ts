import { describe, expect, it } from 'vitest'
import {
  allLabels,
  labelFromSystemAndTonic,
  labelFromTonic,
  NoLabel,
  sameLabel,
  scaleSteps,
} from './label.ts'
import { parsePitchClass, pitchClassName, spellInSystem } from './pitch-class.ts'

describe('labels', () => {
  it('derives the system from tonic and pattern', () => {
    const aYu = labelFromTonic(9, 'yu')
    expect(aYu.system).toBe(0)
    expect(labelFromTonic(2, 'shang').system).toBe(0)
    expect(labelFromTonic(11, 'jue', 'heptatonic-yayue').system).toBe(7)
  })
  it('has 360 distinct labels', () => {
    const keys = new Set(allLabels().map((l) => `${l.system}-${l.tonic}-${l.pattern}-${l.type}`))
    expect(keys.size).toBe(360)
  })
  it('refuses a tonic outside the five tones of a system', () => {
    expect(labelFromSystemAndTonic(0, 1)).toBe(NoLabel)
    expect(labelFromSystemAndTonic(0, 7).pattern).toBe('zhi')
    expect(sameLabel(NoLabel, NoLabel)).toBe(false)
  })
  it('lists the scale from the tonic with jianpu degrees', () => {
    expect(scaleSteps(labelFromTonic(9, 'yu')).map((s) => s.jianpu)).toEqual(['6', '1', '2', '3', '5'])
    expect(scaleSteps(labelFromTonic(0, 'gong', 'heptatonic-yanyue')).map((s) => s.jianpu)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      'b7',
    ])
  })
})

describe('pitch classes', () => {
  it('reads every written form', () => {
    expect(parsePitchClass('#C/bD')).toBe(1)
    expect(parsePitchClass('bE')).toBe(3)
    expect(parsePitchClass('B♭')).toBe(10)
    expect(parsePitchClass('F♯')).toBe(6)
    expect(parsePitchClass('c')).toBe(0)
    expect(parsePitchClass('H')).toBeNull()
    expect(parsePitchClass('')).toBeNull()
  })
  it('names them', () => {
    expect(pitchClassName(1, 'cnpm')).toBe('#C/bD')
    expect(pitchClassName(10, 'flat')).toBe('Bb')
    expect(pitchClassName(-3)).toBe('A')
  })
})

describe('spellInSystem', () => {
  it('spells each tone as its degree above 宫', () => {
    expect(spellInSystem(8, 4)).toBe('G#') // 角 of E 宫
    expect(spellInSystem(8, 3)).toBe('Ab') // 清角 of Eb 宫
    expect(spellInSystem(1, 1)).toBe('Db') // 宫 of Db 宫
    expect(spellInSystem(10, 6)).toBe('A#') // 角 of F# 宫
    expect(spellInSystem(6, 0)).toBe('F#') // 变徵 of C 宫
    expect(spellInSystem(10, 0)).toBe('Bb') // 闰 of C 宫
    expect(spellInSystem(11, 1)).toBe('Cb') // 变宫 of Db 宫
  })
})
