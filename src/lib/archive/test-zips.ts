// Test support: zips whose headers lie, and deflate streams that expand a thousandfold.
import { strToU8 } from 'fflate'

/** One entry of rawZip. */
export interface RawEntry {
  name: string
  data: Uint8Array
  method?: 0 | 8
  /** What the headers claim; defaults to the truth. */
  declaredSize?: number
  crc?: number
}

/** A zip built byte by byte, so that headers can lie (fflate would refuse to write such files). */
export function rawZip(entries: RawEntry[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const e of entries) {
    const name = strToU8(e.name)
    const method = e.method ?? 0
    const size = e.declaredSize ?? e.data.length
    const crc = e.crc ?? 0
    const local = new Uint8Array(30 + name.length)
    const lv = new DataView(local.buffer)
    lv.setUint32(0, 0x04034b50, true)
    lv.setUint16(4, 20, true)
    lv.setUint16(8, method, true)
    lv.setUint32(14, crc, true)
    lv.setUint32(18, e.data.length, true)
    lv.setUint32(22, size, true)
    lv.setUint16(26, name.length, true)
    local.set(name, 30)
    const cd = new Uint8Array(46 + name.length)
    const cv = new DataView(cd.buffer)
    cv.setUint32(0, 0x02014b50, true)
    cv.setUint16(6, 20, true)
    cv.setUint16(10, method, true)
    cv.setUint32(16, crc, true)
    cv.setUint32(20, e.data.length, true)
    cv.setUint32(24, size, true)
    cv.setUint16(28, name.length, true)
    cv.setUint32(42, offset, true)
    cd.set(name, 46)
    parts.push(local, e.data)
    central.push(cd)
    offset += local.length + e.data.length
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0)
  const eocd = new Uint8Array(22)
  const ev = new DataView(eocd.buffer)
  ev.setUint32(0, 0x06054b50, true)
  ev.setUint16(8, entries.length, true)
  ev.setUint16(10, entries.length, true)
  ev.setUint32(12, cdSize, true)
  ev.setUint32(16, offset, true)
  const all = [...parts, ...central, eocd]
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0))
  let p = 0
  for (const part of all) out.set(part, (p += part.length) - part.length)
  return out
}

/**
 * A raw DEFLATE stream of ~1 GiB of zeros in ~6.8 MB, written with fixed Huffman codes by hand (deflating a real
 * gigabyte would take seconds): one literal 0, then length-258/distance-1 copies of 13 bits each.
 */
export function deflateBombOfZeros(bytes: number): Uint8Array {
  const copies = Math.floor((bytes - 1) / 258)
  const out = new Uint8Array(Math.ceil((3 + 8 + copies * 13 + 7) / 8) + 1)
  let bit = 0
  const put = (value: number, n: number) => {
    for (let i = 0; i < n; i++, bit++) if ((value >> i) & 1) out[bit >> 3] |= 1 << (bit & 7)
  }
  const putCode = (code: number, n: number) => {
    for (let i = n - 1; i >= 0; i--, bit++) if ((code >> i) & 1) out[bit >> 3] |= 1 << (bit & 7) // Huffman codes go MSB first
  }
  put(1, 1) // BFINAL
  put(1, 2) // BTYPE = 01, fixed Huffman
  putCode(0b00110000, 8) // literal 0
  for (let i = 0; i < copies; i++) {
    putCode(0b11000101, 8) // length code 285 = 258
    putCode(0, 5) // distance code 0 = 1
  }
  putCode(0, 7) // end of block (256)
  return out
}
