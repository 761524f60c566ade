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

/** One parsed CSV row and the (1-based) line it starts on. */
export interface CsvRow {
  readonly line: number
  readonly cells: string[]
}

/**
 * Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF; a quote may follow spaces) into rows with the line
 * each starts on, skipping blank lines. A quote never closed is reported with the line it opened on, or with
 * `lenient` runs to the end of the text.
 * @example parseCsvRows('a,"b,c"\n1,2') → [{ line: 1, cells: ['a', 'b,c'] }, { line: 2, cells: ['1', '2'] }]
 */
export function parseCsvRows(
  text: string,
  delimiter = ',',
  lenient = false,
): CsvRow[] | { readonly code: 'unterminated-quote'; readonly line: number } {
  const src = text.replace(/^\uFEFF/, '')
  const rows: CsvRow[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let quoteLine = 0
  let line = 1
  let rowLine = 1
  const endRow = () => {
    cells.push(cell)
    if (cells.length > 1 || cells[0].trim() !== '') rows.push({ line: rowLine, cells })
    cells = []
    cell = ''
  }
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      quoteLine = line
      cell = ''
    } else if (ch === delimiter) {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else cell += ch
  }
  if (quoted && !lenient) return { code: 'unterminated-quote', line: quoteLine }
  endRow()
  return rows
}

/**
 * Parses RFC 4180 CSV into its cells. Blank lines are skipped; a quote never closed runs to the end of the text.
 * @example parseCsv('a,"b,c"\n1,2') → [['a', 'b,c'], ['1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const rows = parseCsvRows(text, ',', true)
  return 'code' in rows ? [] : rows.map((r) => r.cells)
}
