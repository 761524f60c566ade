import { describe, expect, it } from 'vitest'
import { describeLabel, formatLabel, FORMS_WITH_TYPE, LABEL_FORMS } from './format.ts'
import { allLabels, labelFromTonic, NoLabel, sameLabel, type Label } from './label.ts'
import { parseLabel } from './parse.ts'
import { scanText } from './parse/scan.ts'
import { normalizeText, tokenize } from './parse/tokenize.ts'
import type { Spelling } from './pitch-class.ts'
import { toneOf } from './tones.ts'

const SPELLINGS: readonly Spelling[] = ['default', 'sharp', 'flat', 'cnpm']

/** What a form keeps: the type only where the form writes it, else pentatonic. */
const kept = (l: Label, form: (typeof LABEL_FORMS)[number]): Label =>
  FORMS_WITH_TYPE.includes(form) ? l : labelFromTonic(l.tonic, l.pattern)

/** ASCII to full-width (Ａ, ＃, （), as a Chinese input method types them. */
const fullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000')

/** Expects `text` to parse to tonic/pattern/type, or to NoLabel when `want` is null. */
function expectLabel(text: string, want: Label | null): void {
  const got = parseLabel(text)
  if (want === null) expect(got, text).toBe(NoLabel)
  else expect(sameLabel(got, want), `${text} → ${JSON.stringify(got)}`).toBe(true)
}

describe('parseLabel round trip', () => {
  const labels = allLabels()
  it('has all 360 labels to check', () => expect(labels).toHaveLength(360))
  for (const form of LABEL_FORMS) {
    it(`reads back every label written as ${form}, in every spelling`, () => {
      for (const label of labels)
        for (const spelling of SPELLINGS) {
          const text = formatLabel(label, form, { spelling })
          expect(sameLabel(parseLabel(text), kept(label, form)), text).toBe(true)
        }
    })
  }
  it('reads back every UI description, with its type', () => {
    for (const label of labels)
      for (const locale of ['zh', 'en'] as const)
        expect(sameLabel(parseLabel(describeLabel(label, locale)), label), describeLabel(label, locale)).toBe(
          true,
        )
  })
  it('reads every form typed in full-width characters', () => {
    for (const label of labels)
      for (const form of LABEL_FORMS) {
        const text = fullWidth(formatLabel(label, form, { spelling: 'cnpm' }))
        expect(sameLabel(parseLabel(text), kept(label, form)), text).toBe(true)
      }
  })
  it('reads pinyin with tone marks, lower case and upper case', () => {
    for (const label of labels) {
      const tone = toneOf(label.pattern)
      const pentatonic = kept(label, 'en-short')
      for (const text of [
        `${formatLabel(label, 'zh-short').replace(/[^\w#]+$/u, '')} ${tone.pinyin}`,
        formatLabel(label, 'en-short').toLowerCase(),
        formatLabel(label, 'en-full').replace(/[a-z]{2,}/g, (w) => w.toUpperCase()),
      ])
        expect(sameLabel(parseLabel(text), pentatonic), text).toBe(true)
    }
  })
})

describe('parseLabel edge cases', () => {
  const aYu = labelFromTonic(9, 'yu')
  it('reads the extra forms of THEORY.md and the brief', () => {
    for (const text of [
      'A羽调式五声',
      'a yu',
      'A Yu',
      'A yǔ',
      'A YU',
      'A yu mode',
      'A Yu-mode',
      'Yu mode on A',
      'yu mode on a',
      'C gong system A yu',
      'C gong system, A Yu mode',
      'C宫系统A羽',
      'C 宫 系 统 A 羽 调 式',
      'A 羽',
      'A羽调',
      '  A羽  ',
      '「A羽调式」',
      '**A羽调式**',
      'A yu3',
      'A-yu',
    ])
      expectLabel(text, aYu)
  })
  it('reads accidentals in every spelling', () => {
    const cSharpYu = labelFromTonic(1, 'yu')
    for (const text of [
      '#C/bD羽',
      '#C羽',
      'bD羽',
      'C#羽',
      'C♯羽',
      'D♭羽',
      'Db yu',
      'C sharp yu',
      'D-flat Yu mode',
      '升C羽调式',
      '降D羽',
      'C#/Db羽',
      'Ｃ＃羽',
    ])
      expectLabel(text, cSharpYu)
    expectLabel('Bb宫调式', labelFromTonic(10, 'gong'))
    expectLabel('降B宫调式', labelFromTonic(10, 'gong'))
    expectLabel('#F/bG徵', labelFromTonic(6, 'zhi'))
  })
  it('reads the scale type where it is written', () => {
    expectLabel('D商五声', labelFromTonic(2, 'shang'))
    expectLabel('C商六声加变宫', labelFromTonic(0, 'shang', 'hexatonic-biangong'))
    expectLabel('D商六声加清角', labelFromTonic(2, 'shang', 'hexatonic-qingjue'))
    expectLabel('E商七声清乐', labelFromTonic(4, 'shang', 'heptatonic-qingyue'))
    expectLabel('B角七声雅乐', labelFromTonic(11, 'jue', 'heptatonic-yayue'))
    expectLabel('D徵七声燕乐', labelFromTonic(2, 'zhi', 'heptatonic-yanyue'))
    expectLabel('A羽调式（六声加清角）', labelFromTonic(9, 'yu', 'hexatonic-qingjue'))
    expectLabel('A Yu mode, hexatonic (+biangong)', labelFromTonic(9, 'yu', 'hexatonic-biangong'))
    expectLabel('A yu heptatonic yanyue', labelFromTonic(9, 'yu', 'heptatonic-yanyue'))
    expectLabel('pentatonic A yu', aYu)
  })
  it('keeps a generic 六声 / 七声 out of the label rather than guessing its variant', () => {
    expect(parseLabel('A羽六声').type).toBe('pentatonic')
    expect(parseLabel('A羽七声').tonic).toBe(9)
  })
  it('derives the mode from a system and a tonic statement', () => {
    expectLabel('以A为主音的羽调式', aYu)
    expectLabel('主音为A，宫音为C', aYu)
    expectLabel('1=C 羽调式', aYu)
    expectLabel('以C为宫的羽调式', aYu)
    expectLabel('C宫系统 羽调式', aYu)
    expectLabel('羽调式 with A as the tonic', aYu)
  })
  it('returns NoLabel when there is no full mode, never a guess', () => {
    for (const text of [
      '',
      '   ',
      '羽调式',
      'yu mode',
      'A',
      'A调',
      'A小调',
      'C major',
      '宫廷音乐',
      '角色',
      '商业',
      '羽毛',
      '宫调理论',
      '视角调整',
      'Yuan dynasty',
      'gongs and drums',
      'Shang dynasty',
      'H羽',
      '五声调式',
      '同宫系统',
    ])
      expectLabel(text, null)
  })
  it('refuses a system and a tonic that disagree, and several modes', () => {
    expectLabel('C宫系统 B羽', null)
    expectLabel('C宫系统 A羽调式 G宫系统', null)
    expectLabel('A Yu mode (D gong system)', null)
    expectLabel('主音为B，C宫系统，羽调式', null)
    expectLabel('A羽 C宫', null)
    expectLabel('A羽或E角', null)
    expectLabel('不是A羽', null)
    expectLabel('A羽五声 六声加清角', null)
  })
  it('accepts consistent restatements of one mode', () => {
    expectLabel('A羽（A羽调式）', aYu)
    expectLabel('C宫系统 A羽调式，C gong system A yu', aYu)
  })
})

describe('scanner', () => {
  it('normalizes full-width text and tone marks', () => {
    expect(normalizeText('Ａ＃羽（yǔ），')).toBe('A#羽(yu),')
  })
  it('keeps words that contain a tone out of the tones', () => {
    expect(tokenize('宫廷').some((t) => t.kind === 'pattern')).toBe(false)
    expect(tokenize('变宫').map((t) => t.kind)).toEqual(['extra'])
    expect(tokenize('A羽调式').map((t) => t.kind)).toEqual(['note', 'pattern', 'mode'])
    expect(tokenize('调整').map((t) => t.kind)).toEqual(['han', 'han'])
  })
  it('reports cues around each mode', () => {
    const scan = scanText('不是C宫调式，而是A羽调式（与D商调式同宫）')
    expect(scan.mentions.map((m) => [m.text, m.negated, m.relation])).toEqual([
      ['C宫调式', true, false],
      ['A羽调式', false, false],
      ['D商调式', false, true],
    ])
    expect(scan.mentions[1].asserted).toBe(2)
  })
})
