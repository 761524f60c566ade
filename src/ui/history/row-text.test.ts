import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../../lib/theory/label.ts'
import { answered } from '../../lib/tutor/testing.ts'
import type { Question } from '../../lib/tutor/types.ts'
import { answerText, labelText, seconds, truthText } from './row-text.ts'

const scale = { kind: 'scale', direction: 'up', timbre: 'pluck', tempo: 80 } as const
const A_YU = labelFromTonic(9, 'yu')

describe('History row text', () => {
  it('fills a pattern answer with the given tonic', () => {
    const q: Question = { id: 'q', kind: 'pattern', label: A_YU, source: scale }
    const a = answered(q, { pattern: 'shang' }, 0)
    expect(answerText(a, 'zh')).toBe('A商五声')
    expect(truthText(a, 'en')).toBe('A羽五声')
  })

  it('names the type for a type question, in the UI language', () => {
    const q: Question = {
      id: 'q',
      kind: 'type',
      label: labelFromTonic(2, 'zhi', 'heptatonic-yanyue'),
      source: scale,
    }
    const a = answered(q, { type: 'pentatonic' }, 0)
    expect(answerText(a, 'zh')).toBe('五声')
    expect(answerText(a, 'en')).toBe('Pentatonic')
    expect(truthText(a, 'zh')).toBe('七声燕乐')
  })

  it('is empty for no label and formats seconds', () => {
    expect(labelText(undefined)).toBe('')
    const q: Question = { id: 'q', kind: 'tonic-pattern', label: A_YU, source: scale }
    expect(answerText(answered(q, { pattern: 'yu' }, 0), 'zh')).toBe('')
    expect(seconds(6400)).toBe('6.4')
    expect(seconds(-5)).toBe('0.0')
  })
})
