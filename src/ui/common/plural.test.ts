import { describe, expect, it } from 'vitest'
import { pluralKey } from './plural.ts'

describe('pluralKey', () => {
  it('takes the singular for exactly one and the plural for every other count', () => {
    expect(pluralKey('x.items', 1)).toBe('x.items.one')
    expect(pluralKey('x.items', 0)).toBe('x.items.other')
    expect(pluralKey('x.items', 2)).toBe('x.items.other')
    expect(pluralKey('x.items', 21)).toBe('x.items.other')
    expect(pluralKey('x.items', 1.5)).toBe('x.items.other')
  })
})
