// Apart from zip.ts so that schemas checking a stored path need not load the zip reader (and fflate).

/**
 * Why a zip entry name is unsafe to honour, or null when it is a plain relative path. Checked on every entry,
 * although only the files the manifest names are ever read: a crafted name is a sign of a crafted file.
 */
export function unsafePathReason(name: string): string | null {
  if (name.includes('\\')) return 'contains a backslash'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path'
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the archive with ..'
  if (name.includes('\u0000')) return 'contains a NUL character'
  if (name.length > 255) return 'is longer than 255 characters'
  return null
}
