import { describe, expect, it } from 'vitest'
import { pageFromHash } from './router.svelte.ts'

describe('pageFromHash', () => {
  it('reads the page from the hash and falls back to Analyze', () => {
    expect(pageFromHash('#/practice')).toBe('practice')
    expect(pageFromHash('#/history?id=3')).toBe('history')
    expect(pageFromHash('#settings')).toBe('settings')
    expect(pageFromHash('')).toBe('analyze')
    expect(pageFromHash('#/nowhere')).toBe('analyze')
    expect(pageFromHash('#/primer')).toBe('primer')
  })
})
