import { describe, expect, it } from 'vitest'
import { MESSAGES } from './messages.ts'
import { latinSentence } from './latin.ts'

describe('the Chinese catalogue', () => {
  it('finds an English sentence, and lets names and note letters pass', () => {
    expect.hasAssertions()
    expect(latinSentence('最好的七声音阶 the best seven-tone collection holds 70%')).toBe('the best seven')
    expect(latinSentence('用 LLaMA-Factory API 连接')).toBeNull()
    expect(latinSentence('C#商有 D#（角）')).toBeNull()
    expect(latinSentence('{message}')).toBeNull()
  })

  it('has no Latin-script sentence in any zh message', () => {
    expect.hasAssertions()
    const found = Object.entries(MESSAGES)
      .map(([key, entry]) => [key, latinSentence(entry.zh)] as const)
      .filter(([, hit]) => hit !== null)
    expect(found).toEqual([])
  })
})
