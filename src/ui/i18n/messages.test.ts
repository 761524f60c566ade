import { describe, expect, it } from 'vitest'
import { MESSAGES } from './messages.ts'
import * as tables from './tables.ts'

describe('UI messages', () => {
  it('has every string in both Chinese and English', () => {
    for (const [key, entry] of Object.entries(MESSAGES)) {
      expect(entry.zh.trim(), `${key} zh`).not.toBe('')
      expect(entry.en.trim(), `${key} en`).not.toBe('')
    }
  })
  it('never defines a key in two feature tables (one would silently win)', () => {
    const seen = new Map<string, string>()
    for (const [table, messages] of Object.entries(tables)) {
      for (const key of Object.keys(messages)) {
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${table}`).toBeUndefined()
        seen.set(key, table)
      }
    }
    expect(seen.size).toBe(Object.keys(MESSAGES).length)
  })
  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, entry] of Object.entries(MESSAGES)) expect(names(entry.zh), key).toEqual(names(entry.en))
  })
})
