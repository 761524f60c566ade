/** SHA-256 of bytes or of a string's UTF-8, as lowercase hex (Web Crypto: the same in Node 20 and browsers). */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  // A copy into a plain ArrayBuffer when needed: subtle.digest refuses views over a SharedArrayBuffer.
  const plain = bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes)
  const digest = await crypto.subtle.digest('SHA-256', plain as Uint8Array<ArrayBuffer>)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** Incremental CRC-32 (zip's checksum): pass the previous value to continue over another chunk. */
export function crc32(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
