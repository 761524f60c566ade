import { describe, expect, it } from 'vitest'
import { parseAnswer } from './answer.ts'
import { formatLabel } from './format.ts'
import { allLabels, NoLabel } from './label.ts'
import { SCALE_TYPE_INFO } from './scale-types.ts'

const zh = (text: string) => formatLabel(parseAnswer(text).label, 'zh-short')

describe('parseAnswer', () => {
  it('reads the examples of the brief', () => {
    expect(zh('D商五声')).toBe('D商')
    expect(parseAnswer('C商六声加变宫').type).toBe('hexatonic-biangong')
    expect(parseAnswer('B角七声雅乐').label.type).toBe('heptatonic-yayue')
    expect(zh('C宫系统 A羽调式')).toBe('A羽')
    expect(zh('这段音乐是A羽调式，属于C宫系统。')).toBe('A羽')
    expect(zh('The piece is in the Yu mode on A')).toBe('A羽')
    expect(zh('It is A Yu mode (C gong system).')).toBe('A羽')
    expect(zh('这段音乐是Ａ＃羽调式。')).toBe('Bb羽')
  })
  it('reports a pattern alone without inventing a tonic', () => {
    const p = parseAnswer('羽调式')
    expect(p.status).toBe('pattern-only')
    expect(p.pattern).toBe('yu')
    expect(p.label).toBe(NoLabel)
    expect(p.reason).toContain('without a tonic')
  })
  it('takes the asserted mode of two', () => {
    for (const text of ['不是C宫调式，而是A羽调式', 'not C gong but A yu', 'A羽调式（与C宫调式同宫）']) {
      const p = parseAnswer(text)
      expect(p.status, text).toBe('label')
      expect(zh(text), text).toBe('A羽')
    }
    expect(parseAnswer('不是C宫调式，而是A羽调式').reason).toBe('names A羽 (C宫调式 is denied)')
  })
  it('says which modes make an answer ambiguous', () => {
    const p = parseAnswer('A羽调式或C宫调式')
    expect(p.status).toBe('ambiguous')
    expect(p.label).toBe(NoLabel)
    expect(p.candidates.map((l) => formatLabel(l, 'zh-short'))).toEqual(['A羽', 'C宫'])
    expect(p.reason).toBe('names two modes: A羽, C宫')
  })
  it('does not read tones into ordinary words', () => {
    for (const text of [
      '宫廷音乐',
      '角色',
      '商业',
      '羽毛',
      'Yuan dynasty',
      'gongs and drums',
      'A gong and a drum',
    ])
      expect(parseAnswer(text).status, text).toBe('none')
  })
  it('finds every label inside a sentence, in Chinese and in English', () => {
    for (const label of allLabels()) {
      const cn = `这段音乐是${formatLabel(label, 'zh-mode', { spelling: 'cnpm' })}，${SCALE_TYPE_INFO[label.type].zh}。`
      const en = `I believe the excerpt is in the ${formatLabel(label, 'en-full', { spelling: 'flat' })}.`
      for (const text of [cn, en]) {
        const p = parseAnswer(text)
        expect([p.status, p.label.tonic, p.label.system], text).toEqual(['label', label.tonic, label.system])
      }
      expect(parseAnswer(cn).type, cn).toBe(label.type)
    }
  })
  it('explains a plain none', () => {
    expect(parseAnswer('这是一段优美的中国传统音乐，使用了古筝演奏。')).toEqual({
      status: 'none',
      label: NoLabel,
      candidates: [],
      reason: 'names no mode',
    })
  })
})
