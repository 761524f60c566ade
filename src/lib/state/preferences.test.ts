import { describe, expect, it } from 'vitest'
import { Preferences } from './preferences.svelte.ts'

const memory = () => {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) }
}

describe('Preferences', () => {
  it('keeps shortcuts on by default and remembers turning them off', () => {
    const storage = memory()
    const p = new Preferences(storage)
    expect(p.shortcuts).toBe(true)
    p.setShortcuts(false)
    expect(new Preferences(storage).shortcuts).toBe(false)
  })

  it('works when storage is blocked', () => {
    const blocked = {
      getItem: () => {
        throw new Error('blocked')
      },
      setItem: () => {
        throw new Error('blocked')
      },
    }
    const p = new Preferences(blocked)
    expect(p.shortcuts).toBe(true)
    p.setShortcuts(false)
    expect(p.shortcuts).toBe(false)
  })
})
