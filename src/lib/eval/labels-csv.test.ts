import { describe, expect, it } from 'vitest'
import { decodeCsvBytes, readLabelsCsv, readLabelsCsvBytes } from './labels-csv.ts'

const utf16 = (text: string, bigEndian: boolean, bom: boolean) => {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2)
  if (bom) out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe])
  for (let i = 0; i < text.length; i++) {
    const [hi, lo] = [text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff]
    out.set(bigEndian ? [hi, lo] : [lo, hi], (bom ? 2 : 0) + 2 * i)
  }
  return out
}

describe('labels CSV', () => {
  it('reads UTF-8 with or without a BOM, and UTF-16 in either byte order with or without a BOM', () => {
    const text = 'a.wav,A羽五声\n'
    expect(decodeCsvBytes(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toEqual({
      text,
      encoding: 'utf-8-bom',
    })
    for (const be of [false, true])
      for (const bom of [false, true])
        expect(decodeCsvBytes(utf16(text, be, bom))).toEqual({ text, encoding: be ? 'utf-16be' : 'utf-16le' })
  })

  it('refuses bytes that are not UTF-8 (a GBK export) instead of reading mojibake', () => {
    expect(decodeCsvBytes(new Uint8Array([0x61, 0x2c, 0xd3, 0xf0]))).toEqual({ code: 'not-utf8' })
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ code: 'empty' })
  })

  it('says on which line a quote is left open', () => {
    expect(readLabelsCsv('file,label\na.wav,A羽\n\n"b.wav,C宫\nc.wav,D商\n')).toEqual({
      code: 'unterminated-quote',
      line: 4,
    })
  })

  it('keeps line numbers across quoted line breaks and blank lines, and reads tab-separated rows', () => {
    const csv = readLabelsCsv('file,label\n"a\nb.wav",A羽五声\n\nbad.wav,xyz\nc.wav,"D商"\n')
    expect(csv).toMatchObject({
      rows: [
        { line: 2, file: 'a\nb.wav' },
        { line: 6, file: 'c.wav' },
      ],
      bad: [{ line: 5, text: 'bad.wav,xyz' }],
    })
    expect(readLabelsCsvBytes(utf16('file\tlabel\r\nx.wav\tA羽\r\n', false, true))).toMatchObject({
      encoding: 'utf-16le',
      rows: [{ line: 2, file: 'x.wav' }],
    })
  })

  it('calls a file with only a header, or only blank lines, what it is', () => {
    expect(readLabelsCsv('file,label\n')).toEqual({ code: 'no-rows' })
    expect(readLabelsCsv(' \r\n\n')).toEqual({ code: 'empty' })
    // A first row naming an audio file is data, not a header: its bad label is reported.
    expect(readLabelsCsv('a.wav,xyz\nb.wav,A羽')).toMatchObject({ bad: [{ line: 1 }], rows: [{ line: 2 }] })
  })
})
