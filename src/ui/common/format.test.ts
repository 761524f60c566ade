import { expect, it } from 'vitest'
import { formatSeconds } from './format.ts'

it('formats seconds as m:ss.s, rounding across the minute', () => {
  expect(formatSeconds(0)).toBe('0:00.0')
  expect(formatSeconds(75.25)).toBe('1:15.3')
  expect(formatSeconds(59.96)).toBe('1:00.0')
  expect(formatSeconds(-3)).toBe('0:00.0')
})
