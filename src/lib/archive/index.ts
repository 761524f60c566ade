/**
 * The one reader of untrusted archives (backups, packs): zip reading with caps enforced while inflating and
 * CRC-32 checked, hashing, and byte formatting for messages. Refusals are ArchiveErrors with a stable code.
 */
export * from './bytes.ts'
export * from './errors.ts'
export * from './hash.ts'
export * from './zip.ts'
