/** A CSV cell value; null and undefined become empty cells. */
export type CsvValue = string | number | boolean | null | undefined

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One CSV cell: RFC 4180 quoting, and text that a spreadsheet would run as a formula is prefixed with `'`.
 * @example csvCell('=1+1') → "'=1+1"; csvCell('a,"b"') → '"a,""b"""'
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  // Numbers we write ourselves are safe; only text can smuggle a formula (a negative number stays a number).
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to CSV text: CRLF line ends as RFC 4180 asks, a final CRLF, cells quoted only when needed. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/**
 * Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF). Blank lines are skipped.
 * @example parseCsv('a,"b,c"\n1,2') → [['a', 'b,c'], ['1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const src = text.replace(/^\uFEFF/, '')
  const endRow = () => {
    row.push(cell)
    if (row.length > 1 || row[0] !== '') rows.push(row)
    row = []
    cell = ''
  }
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      endRow()
    } else cell += ch
  }
  endRow()
  return rows
}
