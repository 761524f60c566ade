import { describe, expect, it } from 'vitest'
import { labelFromSystem, labelFromTonic } from '../../lib/theory/label.ts'
import { explain } from '../../lib/tutor/grading.ts'
import type { Question } from '../../lib/tutor/types.ts'
import { MESSAGES, type MessageKey } from '../i18n/messages.ts'
import { noteInSystem } from './names.ts'
import { whyText } from './why-text.ts'

const scale = { kind: 'scale', direction: 'up', timbre: 'pluck', tempo: 80 } as const
const t = (key: MessageKey, params?: Record<string, string | number>) => {
  let s: string = MESSAGES[key].zh
  for (const [k, v] of Object.entries(params ?? {})) s = s.replaceAll(`{${k}}`, String(v))
  return s
}

describe('one speller per 宫 system', () => {
  it('spells a tone as its degree of the system', () => {
    expect(noteInSystem(1, 8, 'zh')).toBe('Db（清角）') // 清角 of Ab 宫, not C#
    expect(noteInSystem(3, 11, 'en')).toBe('D# (角 jue)') // 角 of B 宫 (C# 商), not Eb
    expect(noteInSystem(10, 6, 'en')).toBe('A# (角 jue)') // 角 of F# 宫, beside F#–A#
  })

  it('writes a wrong-type answer’s tones in the truth’s system (Ab 宫: Db, not C#)', () => {
    const truth = labelFromSystem(8, 'yu', 'hexatonic-qingjue') // F羽六声加清角 in Ab 宫
    const q: Question = { id: 'q', kind: 'type', label: truth, source: scale, typeChoices: ['pentatonic'] }
    const why = explain(q, { type: 'pentatonic' })
    const texts = why.points.map((p) => whyText(p, why, t, 'zh')).join('\n')
    expect(texts).toContain('Db（清角）')
    expect(texts).not.toMatch(/C#/)
  })

  it('names the tonic of a C# 商 mode in B 宫 and its 角 as D#', () => {
    const truth = labelFromTonic(1, 'shang')
    const q: Question = { id: 'q', kind: 'pattern', label: truth, source: scale }
    const why = explain(q, { pattern: 'jue' })
    const texts = why.points.map((p) => whyText(p, why, t, 'zh')).join('\n')
    expect(texts).toContain('C#')
    expect(texts).not.toMatch(/Eb|Db/)
  })
})
