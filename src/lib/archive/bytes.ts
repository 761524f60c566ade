/**
 * Bytes in human units, for messages (1024-based, as file managers show them).
 * @example formatBytes(20 * 1024 * 1024) → '20 MB'; formatBytes(1536) → '1.5 kB'
 */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} kB`
  return `${n} bytes`
}
