import type { Label } from '../theory/label.ts'
import { parseLabel } from '../theory/parse.ts'
import { parseCsvRows, type CsvRow } from '../archive/csv.ts'

/** How the labels file was encoded (UTF-16 is what Excel's "Unicode text" writes). */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be'

/** Why a labels file cannot be used at all. */
export type LabelsCsvError =
  | { readonly code: 'empty' }
  | { readonly code: 'not-utf8' }
  | { readonly code: 'unterminated-quote'; readonly line: number }
  | { readonly code: 'no-rows' }

/** One `file,label` row that was read, with its line in the file (1-based). */
export interface LabelsCsvRow {
  readonly line: number
  readonly file: string
  readonly label: Label
}

/** A row whose label (or file) could not be read. */
export interface LabelsCsvBadRow {
  readonly line: number
  readonly text: string
}

export interface LabelsCsv {
  readonly encoding: CsvEncoding
  readonly rows: readonly LabelsCsvRow[]
  readonly bad: readonly LabelsCsvBadRow[]
}

/**
 * The text of a labels file: UTF-8 (with or without a BOM) or UTF-16 (with a BOM, or without one when every
 * other byte of ASCII text is zero). Bytes that are not UTF-8 (a GBK export, say) are an error, not mojibake.
 * @example decodeCsvBytes(new Uint8Array([0xff, 0xfe, 0x61, 0])) → { text: 'a', encoding: 'utf-16le' }
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
): { readonly text: string; readonly encoding: CsvEncoding } | LabelsCsvError {
  if (bytes.length === 0) return { code: 'empty' }
  const [a, b, c] = bytes
  const decode = (label: string, from: number) =>
    new TextDecoder(label, { fatal: true }).decode(bytes.subarray(from))
  try {
    if (a === 0xef && b === 0xbb && c === 0xbf) return { text: decode('utf-8', 3), encoding: 'utf-8-bom' }
    if (a === 0xff && b === 0xfe) return { text: decode('utf-16le', 2), encoding: 'utf-16le' }
    if (a === 0xfe && b === 0xff) return { text: decode('utf-16be', 2), encoding: 'utf-16be' }
    // No BOM: ASCII-led UTF-16 has a zero in every other byte of its first characters.
    if (bytes.length >= 4 && bytes.length % 2 === 0) {
      if (a !== 0 && b === 0 && bytes[3] === 0) return { text: decode('utf-16le', 0), encoding: 'utf-16le' }
      if (a === 0 && b !== 0 && bytes[2] === 0) return { text: decode('utf-16be', 0), encoding: 'utf-16be' }
    }
    return { text: decode('utf-8', 0), encoding: 'utf-8' }
  } catch {
    return { code: 'not-utf8' }
  }
}

const AUDIO_NAME = /\.(wav|mp3|ogg|oga|opus|flac|m4a|aac|webm|aif|aiff|caf|mp4)$/i

/**
 * Reads `file,label` rows (RFC 4180 quoting; comma, or tab as Excel's Unicode text uses). The first row is a header
 * when its label does not read and its first cell is not an audio file name. An empty file, a quote never closed,
 * or no labelled row at all is an error; other unreadable rows are listed in `bad`.
 * @example readLabelsCsv('file,label\na.wav,A羽五声') → { encoding: 'utf-8', rows: [{ line: 2, file: 'a.wav', … }], bad: [] }
 */
export function readLabelsCsv(text: string, encoding: CsvEncoding = 'utf-8'): LabelsCsv | LabelsCsvError {
  const src = text.replace(/^\uFEFF/, '')
  if (!src.trim()) return { code: 'empty' }
  const parsed = parseRows(src)
  if ('code' in parsed) return parsed
  const rows: LabelsCsvRow[] = []
  const bad: LabelsCsvBadRow[] = []
  parsed.forEach(({ line, cells }, i) => {
    const [file = '', labelText = ''] = cells.map((c) => c.trim())
    const label = parseLabel(labelText)
    if (label.empty || !file) {
      const header = i === 0 && !AUDIO_NAME.test(file)
      if (!header) bad.push({ line, text: cells.join(',').slice(0, 120) })
      return
    }
    rows.push({ line, file, label })
  })
  if (rows.length === 0 && bad.length === 0) return { code: 'no-rows' }
  return { encoding, rows, bad }
}

/** Rows with the line each starts on (comma-separated, or tab-separated as Excel's Unicode text is). */
function parseRows(src: string): CsvRow[] | LabelsCsvError {
  const delimiter = !src.split('\n', 1)[0].includes(',') && src.includes('\t') ? '\t' : ','
  return parseCsvRows(src, delimiter)
}

/** The file's bytes → its rows, or why it cannot be used. */
export function readLabelsCsvBytes(bytes: Uint8Array): LabelsCsv | LabelsCsvError {
  const decoded = decodeCsvBytes(bytes)
  if ('code' in decoded) return decoded
  return readLabelsCsv(decoded.text, decoded.encoding)
}

/** An English sentence for a labels-file error (the command line's language; the app translates the code). */
export function labelsCsvErrorText(error: LabelsCsvError): string {
  switch (error.code) {
    case 'empty':
      return 'the labels file is empty'
    case 'not-utf8':
      return 'the labels file is not UTF-8 or UTF-16 text (a GBK/ANSI export?): save it as "CSV UTF-8"'
    case 'unterminated-quote':
      return `a quote opened on line ${error.line} is never closed, so the rest of the file would be one cell`
    case 'no-rows':
      return 'the labels file has no file,label rows (only a header?)'
  }
}
