import { describe, expect, it } from 'vitest'
import { csvCell, parseCsv, toCsv } from './csv.ts'

describe('CSV', () => {
  it('quotes per RFC 4180 and neutralises formulas', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""')
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"')
    for (const f of ['=HYPERLINK("x")', '+1', '-1+2', '@SUM(A1)'])
      expect(csvCell(f).startsWith("'") || csvCell(f).startsWith(`"'`)).toBe(true)
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(null)).toBe('')
    expect(
      toCsv([
        ['a', 'b'],
        [1, '=x'],
      ]),
    ).toBe("a,b\r\n1,'=x\r\n")
  })

  it('reads back what it writes', () => {
    const rows = [
      ['name', 'note'],
      ['Li, Wei', 'said "hi"\r\nthen left'],
      ['', 'x'],
    ]
    expect(parseCsv(toCsv(rows))).toEqual(rows)
  })
})
