import { describe, expect, it } from 'vitest'
import { describeLabel, formatLabel, LABEL_FORMS } from './format.ts'
import { allLabels, labelFromSystem, labelFromTonic, NoLabel } from './label.ts'
import { parseLabel } from './parse.ts'

const aYu = labelFromTonic(9, 'yu')

describe('formatLabel', () => {
  it('writes A yu in every form', () => {
    expect(formatLabel(aYu, 'cnpm')).toBe('A羽五声')
    expect(formatLabel(aYu, 'zh-short')).toBe('A羽')
    expect(formatLabel(aYu, 'zh-mode')).toBe('A羽调式')
    expect(formatLabel(aYu, 'zh-system')).toBe('C宫系统 A羽调式')
    expect(formatLabel(aYu, 'en-short')).toBe('A yu')
    expect(formatLabel(aYu, 'en-full')).toBe('A Yu mode (C gong system)')
  })
  it("writes CNPM's type names", () => {
    expect(formatLabel(labelFromTonic(0, 'shang', 'hexatonic-biangong'), 'cnpm')).toBe('C商六声加变宫')
    expect(formatLabel(labelFromTonic(4, 'shang', 'heptatonic-qingyue'), 'cnpm')).toBe('E商七声清乐')
    expect(formatLabel(labelFromTonic(11, 'jue', 'heptatonic-yayue'), 'cnpm')).toBe('B角七声雅乐')
    expect(formatLabel(labelFromTonic(2, 'zhi', 'heptatonic-yanyue'), 'cnpm')).toBe('D徵七声燕乐')
    expect(formatLabel(labelFromTonic(2, 'shang', 'hexatonic-qingjue'), 'cnpm')).toBe('D商六声加清角')
  })
  it('spells accidentals as asked', () => {
    const cSharpYu = labelFromTonic(1, 'yu') // system E
    expect(formatLabel(cSharpYu, 'zh-short')).toBe('C#羽')
    expect(formatLabel(cSharpYu, 'zh-short', { spelling: 'flat' })).toBe('Db羽')
    expect(formatLabel(cSharpYu, 'zh-short', { spelling: 'cnpm' })).toBe('#C/bD羽')
    const bbGong = labelFromTonic(10, 'gong')
    expect(formatLabel(bbGong, 'en-full')).toBe('Bb Gong mode (Bb gong system)')
    expect(formatLabel(bbGong, 'en-full', { spelling: 'sharp' })).toBe('A# Gong mode (A# gong system)')
    expect(formatLabel(labelFromTonic(6, 'zhi'), 'zh-system', { spelling: 'cnpm' })).toBe(
      'B宫系统 #F/bG徵调式',
    )
  })
  it('formats NoLabel as the empty string in every form', () => {
    for (const form of LABEL_FORMS) expect(formatLabel(NoLabel, form)).toBe('')
    expect(describeLabel(NoLabel, 'zh')).toBe('')
  })
  it('gives 360 distinct CNPM names', () => {
    expect(new Set(allLabels().map((l) => formatLabel(l, 'cnpm'))).size).toBe(360)
  })
})

describe('describeLabel', () => {
  it('describes a label for the UI in Chinese and English', () => {
    expect(describeLabel(aYu, 'zh')).toBe('A 羽调式（C 宫系统），五声')
    expect(describeLabel(aYu, 'en')).toBe('A yu mode (C gong system), pentatonic')
    const dZhi = labelFromTonic(2, 'zhi', 'hexatonic-qingjue')
    expect(describeLabel(dZhi, 'zh')).toBe('D 徵调式（G 宫系统），六声加清角')
    expect(describeLabel(dZhi, 'en')).toBe('D zhi mode (G gong system), hexatonic (+qingjue)')
  })
})

describe('system spelling', () => {
  it('spells the tonic as its degree in the 宫 system, and every label still parses back', () => {
    expect(formatLabel(labelFromSystem(11, 'jue'), 'zh-short', { spelling: 'system' })).toBe('D#角')
    expect(formatLabel(labelFromSystem(11, 'jue'), 'zh-short')).toBe('Eb角')
    expect(formatLabel(labelFromSystem(1, 'gong'), 'zh-system', { spelling: 'system' })).toBe(
      'Db宫系统 Db宫调式',
    )
    expect(describeLabel(labelFromSystem(6, 'yu'), 'en', { spelling: 'system' })).toBe(
      'D# yu mode (F# gong system), pentatonic',
    )
    for (const label of allLabels())
      for (const form of LABEL_FORMS) {
        const back = parseLabel(formatLabel(label, form, { spelling: 'system' }))
        expect(back.tonic, formatLabel(label, form, { spelling: 'system' })).toBe(label.tonic)
        expect(back.system).toBe(label.system)
      }
  })
})
