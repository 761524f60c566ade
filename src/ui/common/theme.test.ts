import { describe, expect, it } from 'vitest'
import { nextTheme, readTheme } from './theme.ts'

describe('theme choice', () => {
  it('reads a saved choice, and anything else as the system preference', () => {
    expect.hasAssertions()
    expect(readTheme({ getItem: () => 'dark' })).toBe('dark')
    expect(readTheme({ getItem: () => 'purple' })).toBe('system')
    expect(
      readTheme({
        getItem: () => {
          throw new Error('blocked')
        },
      }),
    ).toBe('system')
    expect(readTheme(null)).toBe('system')
  })
  it('cycles system → light → dark → system', () => {
    expect([nextTheme('system'), nextTheme('light'), nextTheme('dark')]).toEqual(['light', 'dark', 'system'])
  })
})
