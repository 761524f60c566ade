import { Inflate } from 'fflate'
import { packError, type PackError } from './errors.ts'
import { crc32 } from './hash.ts'
import { unsafePathReason } from './schema.ts'

/** One entry of a zip's central directory: what the archive claims, before anything is inflated. */
export interface ZipEntry {
  readonly name: string
  /** 0 = stored, 8 = deflate. */
  readonly method: number
  readonly compressedSize: number
  /** The size the archive declares; inflation is stopped the moment it is exceeded. */
  readonly uncompressedSize: number
  readonly crc32: number
  readonly localHeaderOffset: number
}

type Result<T> = { ok: true; value: T } | { ok: false; error: PackError }

const SIG_EOCD = 0x06054b50
const SIG_CENTRAL = 0x02014b50
const SIG_LOCAL = 0x04034b50
/** Compressed bytes handed to the inflater at a time: bounds how much one push can expand before we check. */
const INFLATE_CHUNK = 8 * 1024

const utf8 = new TextDecoder('utf-8')

/** Reads a zip's central directory, refusing it before any inflation when it is malformed, too big or unsafe. */
export function listZip(bytes: Uint8Array, maxEntries: number): Result<Map<string, ZipEntry>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = findEndOfCentralDirectory(view)
  if (eocd < 0) return fail('not-zip', 'This is not a zip file (no end-of-central-directory record).')
  const count = view.getUint16(eocd + 10, true)
  const cdSize = view.getUint32(eocd + 12, true)
  const cdOffset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    return fail('zip-unsupported', 'ZIP64 archives are not supported.')
  if (count > maxEntries)
    return fail('too-many-entries', `The archive has ${count} entries; the limit is ${maxEntries}.`)
  if (cdOffset + cdSize > eocd) return fail('zip-corrupt', 'The central directory lies outside the file.')

  const entries = new Map<string, ZipEntry>()
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== SIG_CENTRAL)
      return fail('zip-corrupt', `Central directory entry ${i} is damaged.`)
    const flags = view.getUint16(p + 8, true)
    const method = view.getUint16(p + 10, true)
    const nameLength = view.getUint16(p + 28, true)
    const extraLength = view.getUint16(p + 30, true)
    const commentLength = view.getUint16(p + 32, true)
    if (p + 46 + nameLength > eocd) return fail('zip-corrupt', `Central directory entry ${i} is damaged.`)
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLength))
    const entry: ZipEntry = {
      name,
      method,
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    }
    p += 46 + nameLength + extraLength + commentLength
    const unsafe = unsafePathReason(name)
    if (unsafe)
      return fail('unsafe-path', `The archive entry ${JSON.stringify(name.slice(0, 80))} ${unsafe}.`, name)
    if (flags & 1) return fail('zip-unsupported', `The entry ${name} is encrypted.`, name)
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff)
      return fail('zip-unsupported', 'ZIP64 archives are not supported.', name)
    if (entries.has(name)) return fail('zip-corrupt', `The archive holds ${name} twice.`, name)
    entries.set(name, entry)
  }
  return { ok: true, value: entries }
}

/**
 * Inflates one entry, never producing more than `maxBytes` nor more than the entry declares: a zip bomb (a small
 * declared size over a huge stream) is stopped a chunk past the declared size, not after inflating it all.
 */
export function extractEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Result<Uint8Array> {
  const { name } = entry
  if (entry.uncompressedSize > maxBytes)
    return fail(
      'too-large',
      `${name} is ${formatBytes(entry.uncompressedSize)}; the limit is ${formatBytes(maxBytes)}.`,
      name,
    )
  const data = locateData(bytes, entry)
  if (!data.ok) return data
  const cap = entry.uncompressedSize
  if (entry.method === 0) {
    if (entry.compressedSize !== cap) return fail('zip-corrupt', `${name}: stored sizes disagree.`, name)
    return checkCrc(entry, data.value.slice())
  }
  if (entry.method !== 8)
    return fail('zip-unsupported', `${name} uses compression method ${entry.method}.`, name)

  const out = new Uint8Array(cap)
  let written = 0
  let overflow = false
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > cap) {
      overflow = true
      // Throwing out of the callback unwinds push(): nothing more is inflated.
      throw new RangeError('inflated past the declared size')
    }
    out.set(chunk, written)
    written += chunk.length
  })
  const src = data.value
  try {
    for (let off = 0; off < src.length; off += INFLATE_CHUNK) {
      const end = Math.min(off + INFLATE_CHUNK, src.length)
      inflater.push(src.subarray(off, end), end === src.length)
    }
    if (src.length === 0) inflater.push(new Uint8Array(0), true)
  } catch (e) {
    if (overflow)
      return fail(
        'zip-bomb',
        `${name} inflates past its declared ${formatBytes(cap)}: refused as a zip bomb.`,
        name,
      )
    return fail('zip-corrupt', `${name} could not be inflated (${(e as Error).message}).`, name)
  }
  if (written !== cap)
    return fail('zip-corrupt', `${name} inflated to ${written} bytes, not the declared ${cap}.`, name)
  return checkCrc(entry, out)
}

function locateData(bytes: Uint8Array, entry: ZipEntry): Result<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const p = entry.localHeaderOffset
  if (p + 30 > bytes.length || view.getUint32(p, true) !== SIG_LOCAL)
    return fail('zip-corrupt', `${entry.name}: local header missing.`, entry.name)
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true)
  const end = start + entry.compressedSize
  if (end > bytes.length) return fail('zip-corrupt', `${entry.name} is truncated.`, entry.name)
  const localName = utf8.decode(bytes.subarray(p + 30, p + 30 + view.getUint16(p + 26, true)))
  if (localName !== entry.name)
    return fail('zip-corrupt', `${entry.name}: local and central names disagree.`, entry.name)
  return { ok: true, value: bytes.subarray(start, end) }
}

function checkCrc(entry: ZipEntry, data: Uint8Array): Result<Uint8Array> {
  if (crc32(data) !== entry.crc32)
    return fail('zip-corrupt', `${entry.name} fails its CRC check.`, entry.name)
  return { ok: true, value: data }
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const last = view.byteLength - 22
  const first = Math.max(0, last - 0xffff)
  for (let p = last; p >= first; p--) if (view.getUint32(p, true) === SIG_EOCD) return p
  return -1
}

/** Bytes in human units, for messages. @example formatBytes(20 * 1024 * 1024) → '20 MB' */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} kB`
  return `${n} bytes`
}

function fail(code: PackError['code'], message: string, file?: string): { ok: false; error: PackError } {
  return { ok: false, error: packError(code, message, file === undefined ? {} : { file }) }
}
