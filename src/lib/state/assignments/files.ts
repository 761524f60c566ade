// Names and bytes of the files and clips the Assignments desks read and write.

/** A file name from a title: letters (any script), digits, spaces → '-', at most 60 characters. */
export function safeFileName(title: string): string {
  const clean = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return clean || 'wusheng'
}

/** The clip id of a pack item on this device. */
export function packClipId(packId: string, itemId: string): string {
  return `pack-${packId}-${itemId}`
}

/** A file's bytes. */
export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer())
}
