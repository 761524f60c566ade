import { describe, expect, it } from 'vitest'
import { parseTime } from './parse-time.ts'

describe('parseTime', () => {
  it('reads m:ss.s, h:mm:ss and plain seconds', () => {
    expect(parseTime('1:15.5')).toBe(75.5)
    expect(parseTime(' 0:07 ')).toBe(7)
    expect(parseTime('15')).toBe(15)
    expect(parseTime('12.25')).toBe(12.25)
    expect(parseTime('1:00:00')).toBe(3600)
    expect(parseTime('0：15，5')).toBe(15.5)
  })

  it('refuses what is not a time', () => {
    for (const bad of ['', 'abc', '1:2:3:4', '1.5:00', '0:75', '-3', '1:'])
      expect(parseTime(bad), bad).toBeNaN()
  })
})
