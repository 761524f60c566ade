/** Seconds as m:ss.s for the UI. @example formatSeconds(75.25) → '1:15.3' */
export function formatSeconds(s: number): string {
  const tenths = Math.round(Math.max(0, s) * 10)
  const m = Math.floor(tenths / 600)
  const rest = (tenths - m * 600) / 10
  return `${m}:${rest.toFixed(1).padStart(4, '0')}`
}
