import { Inflate } from 'fflate'
import { formatBytes } from './bytes.ts'
import { ArchiveError } from './errors.ts'
import { crc32 } from './hash.ts'
import { unsafePathReason } from './paths.ts'

/** Random access to an archive's bytes: a Blob (read slice by slice, never whole), or bytes in memory. */
export interface ByteSource {
  readonly size: number
  read(offset: number, length: number): Promise<Uint8Array>
}

/** A Blob (or File) as a ByteSource: only the slices asked for are read into memory. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  }
}

/** Bytes already in memory as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) }
}

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

/** Caps on an untrusted archive. Every one is checked before inflating and enforced while inflating. */
export interface ArchiveLimits {
  /** The archive file itself. */
  readonly maxArchiveBytes: number
  /** Entries in the central directory. */
  readonly maxEntries: number
  /** Everything inflated from this archive, summed over every extract. */
  readonly maxTotalBytes: number
}

const SIG_EOCD = 0x06054b50
const SIG_CENTRAL = 0x02014b50
const SIG_LOCAL = 0x04034b50
/** Compressed bytes read from the source at a time. */
const READ_CHUNK = 256 * 1024
/** Compressed bytes handed to the inflater at a time: bounds how far one push can expand before we check. */
const INFLATE_CHUNK = 8 * 1024

const utf8 = new TextDecoder('utf-8')

/**
 * The one reader of untrusted zips (backups, packs). `open` reads only the central directory; `extract`
 * inflates one entry in small steps, stopping at its cap, at its declared size, and at the archive's total
 * budget, and checks its CRC-32. Every refusal is an ArchiveError with a code and the entry's name.
 */
export class ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>
  readonly #source: ByteSource
  readonly #limits: ArchiveLimits
  #inflated = 0

  private constructor(source: ByteSource, limits: ArchiveLimits, entries: Map<string, ZipEntry>) {
    this.#source = source
    this.#limits = limits
    this.entries = entries
  }

  /** Reads the central directory, refusing the archive when it is too big, malformed or holds unsafe names. */
  static async open(source: ByteSource, limits: ArchiveLimits): Promise<ZipArchive> {
    if (source.size > limits.maxArchiveBytes)
      throw new ArchiveError(
        'too-large',
        `The file is ${formatBytes(source.size)}; the limit is ${formatBytes(limits.maxArchiveBytes)}.`,
      )
    // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
    const tailStart = Math.max(0, source.size - 22 - 0xffff)
    const tail = await source.read(tailStart, source.size - tailStart)
    const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
    let e = -1
    for (let p = tail.length - 22; p >= 0; p--)
      if (tv.getUint32(p, true) === SIG_EOCD) {
        e = p
        break
      }
    if (e < 0)
      throw new ArchiveError('not-zip', 'This is not a zip file (no end-of-central-directory record).')
    const count = tv.getUint16(e + 10, true)
    const cdSize = tv.getUint32(e + 12, true)
    const cdOffset = tv.getUint32(e + 16, true)
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
      throw new ArchiveError('zip-unsupported', 'ZIP64 archives are not supported.')
    if (count > limits.maxEntries)
      throw new ArchiveError(
        'too-many-entries',
        `The archive has ${count} entries; the limit is ${limits.maxEntries}.`,
      )
    const eocd = tailStart + e
    if (cdOffset + cdSize > eocd)
      throw new ArchiveError('zip-corrupt', 'The zip is damaged: its directory lies outside the file.')
    const cd = await source.read(cdOffset, cdSize)
    const view = new DataView(cd.buffer, cd.byteOffset, cd.byteLength)
    const entries = new Map<string, ZipEntry>()
    let p = 0
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || view.getUint32(p, true) !== SIG_CENTRAL)
        throw new ArchiveError('zip-corrupt', `The zip is damaged: directory entry ${i + 1} is unreadable.`)
      const flags = view.getUint16(p + 8, true)
      const nameLength = view.getUint16(p + 28, true)
      if (p + 46 + nameLength > cd.length)
        throw new ArchiveError('zip-corrupt', `The zip is damaged: directory entry ${i + 1} is unreadable.`)
      const name = utf8.decode(cd.subarray(p + 46, p + 46 + nameLength))
      const entry: ZipEntry = {
        name,
        method: view.getUint16(p + 10, true),
        crc32: view.getUint32(p + 16, true),
        compressedSize: view.getUint32(p + 20, true),
        uncompressedSize: view.getUint32(p + 24, true),
        localHeaderOffset: view.getUint32(p + 42, true),
      }
      p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true)
      const unsafe = unsafePathReason(name)
      if (unsafe)
        throw new ArchiveError(
          'unsafe-path',
          `The archive entry ${JSON.stringify(name.slice(0, 80))} ${unsafe}.`,
          name,
        )
      if (flags & 1) throw new ArchiveError('zip-unsupported', `The entry ${name} is encrypted.`, name)
      if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff)
        throw new ArchiveError('zip-unsupported', 'ZIP64 archives are not supported.', name)
      if (entries.has(name)) throw new ArchiveError('zip-corrupt', `The archive holds ${name} twice.`, name)
      entries.set(name, entry)
    }
    return new ZipArchive(source, limits, entries)
  }

  /** Bytes inflated so far by `extract` (counted against `maxTotalBytes`). */
  get inflatedBytes(): number {
    return this.#inflated
  }

  /** Refuses the archive, before anything more is inflated, when it holds an entry `allowed` does not accept. */
  refuseUnlisted(allowed: (name: string) => boolean, what: string): void {
    for (const name of this.entries.keys())
      if (!allowed(name))
        throw new ArchiveError(
          'unexpected-file',
          `The zip holds ${JSON.stringify(name.slice(0, 80))}, which ${what} does not list.`,
          name,
        )
  }

  /**
   * Inflates one entry, never producing more than `maxBytes`, more than the entry declares, or more than the
   * archive's remaining total budget; checks its CRC-32. A zip bomb is stopped a few kilobytes of input past
   * its declared size, not after inflating it all.
   */
  async extract(name: string, maxBytes: number, onProgress?: (done: number) => void): Promise<Uint8Array> {
    const entry = this.entries.get(name)
    if (!entry) throw new ArchiveError('missing-entry', `The archive does not hold ${name}.`, name)
    const cap = entry.uncompressedSize
    if (cap > maxBytes)
      throw new ArchiveError(
        'too-large',
        `${name} would inflate to ${formatBytes(cap)}; the limit is ${formatBytes(maxBytes)}.`,
        name,
      )
    const left = this.#limits.maxTotalBytes - this.#inflated
    if (cap > left)
      throw new ArchiveError(
        'too-large',
        `The archive inflates to more than ${formatBytes(this.#limits.maxTotalBytes)} in all; the limit is ${formatBytes(this.#limits.maxTotalBytes)}.`,
        name,
      )
    const start = await this.#dataStart(entry)
    if (entry.method === 0 && entry.compressedSize !== cap)
      throw new ArchiveError('zip-corrupt', `${name} is damaged: its stored sizes disagree.`, name)
    if (entry.method !== 0 && entry.method !== 8)
      throw new ArchiveError(
        'zip-unsupported',
        `${name} uses compression method ${entry.method}, which is not supported.`,
        name,
      )

    const out = new Uint8Array(cap)
    let written = 0
    let crc = 0
    let overflow = false
    const take = (chunk: Uint8Array) => {
      if (written + chunk.length > cap) {
        overflow = true
        // Throwing out of the callback unwinds push(): nothing more is inflated.
        throw new RangeError('inflated past the declared size')
      }
      out.set(chunk, written)
      crc = crc32(chunk, crc)
      written += chunk.length
    }
    const inflater = entry.method === 8 ? new Inflate(take) : null
    const end = start + entry.compressedSize
    try {
      if (entry.compressedSize === 0 && inflater) inflater.push(new Uint8Array(0), true)
      for (let off = start; off < end; off += READ_CHUNK) {
        const chunk = await this.#source.read(off, Math.min(READ_CHUNK, end - off))
        const last = off + READ_CHUNK >= end
        if (!inflater) take(chunk)
        else
          for (let i = 0; i < chunk.length; i += INFLATE_CHUNK) {
            const j = Math.min(i + INFLATE_CHUNK, chunk.length)
            inflater.push(chunk.subarray(i, j), last && j === chunk.length)
          }
        onProgress?.(written)
      }
    } catch (e) {
      if (overflow)
        throw new ArchiveError(
          'zip-bomb',
          `${name} inflates to more than the ${formatBytes(cap)} it declares: the file is damaged or was made to exhaust memory, so it was refused.`,
          name,
        )
      throw new ArchiveError(
        'zip-corrupt',
        `${name} is damaged: its compressed data cannot be read (${(e as Error).message}).`,
        name,
        { cause: e },
      )
    } finally {
      this.#inflated += written
    }
    if (written !== cap)
      throw new ArchiveError(
        'zip-corrupt',
        `${name} is damaged: it inflated to ${written} bytes, not the declared ${cap}.`,
        name,
      )
    if (crc !== entry.crc32)
      throw new ArchiveError(
        'zip-corrupt',
        `${name} is damaged: its content fails the zip's CRC check.`,
        name,
      )
    return out
  }

  async #dataStart(entry: ZipEntry): Promise<number> {
    const p = entry.localHeaderOffset
    const head = p + 30 <= this.#source.size ? await this.#source.read(p, 30) : new Uint8Array(0)
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
    if (head.length < 30 || view.getUint32(0, true) !== SIG_LOCAL)
      throw new ArchiveError(
        'zip-corrupt',
        `${entry.name} is damaged: its local header is missing.`,
        entry.name,
      )
    const nameLength = view.getUint16(26, true)
    const start = p + 30 + nameLength + view.getUint16(28, true)
    if (start + entry.compressedSize > this.#source.size)
      throw new ArchiveError('zip-corrupt', `${entry.name} is cut short: the file is truncated.`, entry.name)
    const localName = utf8.decode(await this.#source.read(p + 30, nameLength))
    if (localName !== entry.name)
      throw new ArchiveError(
        'zip-corrupt',
        `${entry.name} is damaged: its local and central names disagree.`,
        entry.name,
      )
    return start
  }
}
