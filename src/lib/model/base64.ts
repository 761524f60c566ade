/** Chunk size for String.fromCharCode: small enough for any engine's argument limit, big enough to be fast. */
const CHUNK = 0x8000

interface NodeBufferLike {
  from(data: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string }
}

/**
 * Standard base64 (with padding) of bytes; fast for ~1 MB in both the browser and Node.
 * @example bytesToBase64(new Uint8Array([82, 73, 70, 70])) → 'UklGRg=='
 */
export function bytesToBase64(bytes: Uint8Array): string {
  // Node: Buffer is native and an order of magnitude faster than btoa over a binary string.
  const buffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer
  if (buffer) return buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  return bytesToBase64Btoa(bytes)
}

/** The browser path of bytesToBase64: btoa over a binary string built in chunks (exported for tests). */
export function bytesToBase64Btoa(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]))
  }
  return btoa(parts.join(''))
}
