import { zipSync, type Zippable } from 'fflate'
import { packError, PackWriteError, type PackError, type ReadOutcome } from './errors.ts'
import { LIMITS } from './limits.ts'
import { formatBytes } from '../archive/bytes.ts'
import { sha256Hex } from '../archive/hash.ts'
import { archiveToPackError, bytesSource, ZipArchive } from './zip-reader.ts'
import {
  MANIFEST_FILE,
  PACK_FORMAT,
  PACK_SCHEMA_VERSION,
  packChecksum,
  validateManifest,
  type PackDraft,
  type PackItem,
  type PackManifest,
} from './manifest.ts'

/** A pack read and verified: the manifest, its checksum (what results files quote) and the audio by item file. */
export interface ReadPack {
  readonly pack: PackManifest
  readonly checksum: string
  readonly audio: ReadonlyMap<string, Uint8Array>
}

// Audio that is already compressed gains nothing from deflate; PCM (wav) shrinks a little.
const STORE_AS_IS = /\.(mp3|ogg|oga|opus|m4a|aac|webm|flac)$/i

/**
 * Writes a `.wusheng` pack: fills in format, version and each item's SHA-256, validates the result with the
 * reader's own rules (so a pack we write is a pack we read) and zips it. Throws PackWriteError otherwise.
 */
export async function writePack(
  draft: PackDraft,
  audio: ReadonlyMap<string, Uint8Array>,
): Promise<Uint8Array> {
  const items: PackItem[] = []
  for (const item of draft.items) {
    const bytes = audio.get(item.file)
    if (!bytes)
      throw new PackWriteError(
        packError('missing-audio', `No audio given for ${item.file}.`, { file: item.file }),
      )
    if (bytes.length > LIMITS.audioBytes)
      throw new PackWriteError(
        packError('too-large', `${item.file} is over ${formatBytes(LIMITS.audioBytes)}.`),
      )
    items.push({ ...item, sha256: await sha256Hex(bytes) })
  }
  const checked = validateManifest({
    ...draft,
    format: PACK_FORMAT,
    schemaVersion: PACK_SCHEMA_VERSION,
    items,
  })
  if (!checked.ok) throw new PackWriteError(checked.error)
  const manifest = new TextEncoder().encode(JSON.stringify(checked.pack, null, 2))
  if (manifest.length > LIMITS.manifestBytes)
    throw new PackWriteError(
      packError('too-large', `manifest.json is over ${formatBytes(LIMITS.manifestBytes)}.`),
    )
  const files: Zippable = { [MANIFEST_FILE]: [manifest, { level: 6 }] }
  for (const item of checked.pack.items)
    files[item.file] = [audio.get(item.file)!, { level: STORE_AS_IS.test(item.file) ? 0 : 6 }]
  const zipped = zipSync(files)
  if (zipped.length > LIMITS.packBytes)
    throw new PackWriteError(packError('too-large', `The pack is over ${formatBytes(LIMITS.packBytes)}.`))
  return zipped
}

/**
 * Reads an untrusted `.wusheng` file: size, zip structure, entry names, manifest schema and version, then only
 * the audio files the manifest names, each capped while inflating and checked against its SHA-256.
 */
export async function readPack(bytes: Uint8Array): Promise<ReadOutcome<ReadPack>> {
  if (bytes.length > LIMITS.packBytes)
    return fail(
      packError(
        'too-large',
        `The pack is ${formatBytes(bytes.length)}; a pack may be at most ${formatBytes(LIMITS.packBytes)}.`,
      ),
    )
  try {
    return await readPackArchive(bytes)
  } catch (e) {
    return fail(archiveToPackError(e))
  }
}

async function readPackArchive(bytes: Uint8Array): Promise<ReadOutcome<ReadPack>> {
  const zip = await ZipArchive.open(bytesSource(bytes), {
    maxArchiveBytes: LIMITS.packBytes,
    maxEntries: LIMITS.zipEntries,
    maxTotalBytes: LIMITS.packUncompressedBytes,
  })
  if (!zip.entries.has(MANIFEST_FILE)) return fail(packError('no-manifest', 'The pack has no manifest.json.'))
  const raw = await zip.extract(MANIFEST_FILE, LIMITS.manifestBytes)
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch (e) {
    return fail(
      packError('bad-json', `manifest.json is not valid JSON (${(e as Error).message}).`, {
        file: MANIFEST_FILE,
      }),
    )
  }
  const checked = validateManifest(json)
  if (!checked.ok) return checked
  const pack = checked.pack

  // Entries the manifest does not name (a stray __MACOSX/ folder, say) are never inflated. The declared sizes
  // of those it names are summed first, so a pack over the budget is refused before any audio is inflated.
  let declared = raw.length
  for (const item of pack.items) {
    const entry = zip.entries.get(item.file)
    if (!entry)
      return fail(
        packError('missing-audio', `The pack names ${item.file} but does not hold it.`, { file: item.file }),
      )
    declared += entry.uncompressedSize
  }
  if (declared > LIMITS.packUncompressedBytes)
    return fail(
      packError(
        'too-large',
        `The pack's audio adds up to over ${formatBytes(LIMITS.packUncompressedBytes)}.`,
      ),
    )
  const audio = new Map<string, Uint8Array>()
  for (const item of pack.items) {
    const data = await zip.extract(item.file, LIMITS.audioBytes)
    if ((await sha256Hex(data)) !== item.sha256)
      return fail(
        packError('checksum-mismatch', `${item.file} does not match its checksum: the pack is damaged.`, {
          file: item.file,
        }),
      )
    audio.set(item.file, data)
  }
  return { ok: true, pack, checksum: await packChecksum(pack), audio }
}

function fail(error: PackError): { ok: false; error: PackError } {
  return { ok: false, error }
}
