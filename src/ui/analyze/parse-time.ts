/**
 * Reads a time typed as `m:ss.s`, `h:mm:ss` or plain seconds (a comma or a full-width colon also do);
 * NaN when the text is not a time.
 * @example parseTime('1:15.5') → 75.5; parseTime('15') → 15; parseTime('abc') → NaN
 */
export function parseTime(text: string): number {
  const parts = text.trim().replaceAll('：', ':').replaceAll(',', '.').replaceAll('，', '.').split(':')
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d*)?$|^\.\d+$/.test(p))) return NaN
  // Only the last part may have a fraction, and minutes/seconds after the first part stay under 60.
  if (parts.slice(0, -1).some((p) => p.includes('.'))) return NaN
  if (parts.slice(1).some((p) => Number(p) >= 60)) return NaN
  return parts.reduce((total, p) => total * 60 + Number(p), 0)
}
