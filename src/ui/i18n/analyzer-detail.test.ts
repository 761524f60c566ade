import { describe, expect, it } from 'vitest'
import { MESSAGES, type MessageKey } from './messages.ts'
import { noModeDetailText, readNoModeDetail } from './analyzer-detail.ts'
import { latinSentence } from './latin.ts'

const zh = (key: MessageKey, params?: Record<string, string | number>) => {
  let s: string = MESSAGES[key].zh
  for (const [k, v] of Object.entries(params ?? {})) s = s.replaceAll(`{${k}}`, String(v))
  return s
}

describe('the analyzer’s detail in the UI language', () => {
  it('reads the numbers of each detail the analyzer writes', () => {
    expect(
      readNoModeDetail('too-chromatic', 'the best seven-tone collection holds 70% of the notes'),
    ).toEqual({
      kind: 'coverage',
      percent: 70,
    })
    expect(readNoModeDetail('too-short', '3 notes, 0.8 s of pitched sound')).toEqual({
      kind: 'notes',
      notes: 3,
      seconds: 0.8,
    })
    expect(readNoModeDetail('too-few-tones', 'only 2 distinct pitch classes')).toEqual({
      kind: 'tones',
      tones: 2,
    })
    expect(readNoModeDetail('unpitched', 'only 12% of the sound has a clear pitch')).toEqual({
      kind: 'voiced',
      percent: 12,
    })
    expect(readNoModeDetail('silence', 'the clip is silent')).toEqual({ kind: 'silent' })
  })

  it('says it in Chinese, with no English left, and says nothing for wording it does not know', () => {
    const text = noModeDetailText(
      'too-chromatic',
      'the best seven-tone collection holds 70% of the notes',
      zh,
    )
    expect(text).toBe('最接近的七声音阶也只包含 70% 的音。')
    expect(latinSentence(text)).toBeNull()
    expect(noModeDetailText('too-chromatic', 'something new', zh)).toBe('')
  })
  it('words the numbers the analyzer measured, whatever its English detail says', () => {
    const text = noModeDetailText('too-chromatic', 'any wording', zh, { kind: 'coverage', percent: 64 })
    expect(text).toBe('最接近的七声音阶也只包含 64% 的音。')
  })
})
