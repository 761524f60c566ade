/**
 * The message key for a count: `<base>.one` for exactly 1, else `<base>.other`. English needs the two forms;
 * Chinese has one, so a table gives both keys the same zh text. t() then checks that both keys exist.
 * @example t(pluralKey('assign.drafts.items', 1), { n: 1 }) → '1 clip'
 */
export function pluralKey<B extends string>(base: B, n: number): `${B}.one` | `${B}.other` {
  return n === 1 ? `${base}.one` : `${base}.other`
}
