import { labelFromSystem, labelFromSystemAndTonic, labelFromTonic, NoLabel, type Label } from './label.ts'
import { scanText, type Mention, type Scan } from './parse/scan.ts'
import type { Statement } from './parse/statements.ts'
import { isHan, isKind } from './parse/token.ts'
import { mod12, type PitchClass } from './pitch-class.ts'
import type { ScaleType } from './scale-types.ts'
import { PATTERN_INTERVAL } from './tones.ts'

/**
 * The one pitch class that the non-negated statements of a kind agree on, or undefined (none, or several).
 * @example statedPitchClass(scanText('主音为A，C宫系统'), 'system') → 0
 */
export function statedPitchClass(scan: Scan, kind: Statement['kind']): PitchClass | undefined {
  const pcs = new Set(scan.statements.filter((s) => s.kind === kind && !s.negated).map((s) => s.pc))
  return pcs.size === 1 ? [...pcs][0] : undefined
}

/** A mode named with its tonic, or resolved from the text's statements; `conflict` when they disagree. */
export interface ResolvedMention {
  readonly mention: Mention
  /** The full mode, or undefined when only the pattern is known. */
  readonly label?: Label
  /** The mode that the stated system implies, when it differs from the named tonic (`C宫系统 B羽`). */
  readonly conflict?: Label
}

/**
 * Fills in tonics from `主音为A` / `C宫系统` statements and checks named tonics against a stated system.
 * @example resolveMention(scan, scan.mentions[0]) with scan = scanText('C宫系统 B羽') → { label: B羽, conflict: A羽 }
 */
export function resolveMention(scan: Scan, m: Mention): ResolvedMention {
  const system = statedPitchClass(scan, 'system')
  const tonic = m.tonic ?? statedPitchClass(scan, 'tonic')
  if (tonic === undefined)
    return system === undefined ? { mention: m } : { mention: m, label: labelFromSystem(system, m.pattern) }
  const label = labelFromTonic(tonic, m.pattern)
  if (system !== undefined && mod12(tonic - system) !== PATTERN_INTERVAL[m.pattern])
    return { mention: m, label, conflict: labelFromSystem(system, m.pattern) }
  return { mention: m, label }
}

/**
 * The mode implied by a stated tonic and a stated system when the text names no pattern.
 * @example modeFromStatements(scanText('主音为D，宫音为C')) → D商
 */
export function modeFromStatements(scan: Scan): Label {
  const system = statedPitchClass(scan, 'system')
  const tonic = statedPitchClass(scan, 'tonic')
  return system === undefined || tonic === undefined ? NoLabel : labelFromSystemAndTonic(system, tonic)
}

/**
 * The scale type the text gives a mode: a type phrase right before or after it, else the only type the text
 * names. `generic` when that phrase is a bare 六声/七声. Without a mention: the text's one type.
 * @example typeForMention(scan, scan.mentions[0]) with scan = scanText('C商六声加变宫') → { type: 'hexatonic-biangong' }
 */
export function typeForMention(
  scan: Scan,
  m?: Mention,
): { type?: ScaleType; generic: boolean; conflict: boolean } {
  const { tokens, types } = scan
  const glued = (a: number, b: number) =>
    b === a + 1 || (b === a + 2 && (isHan(tokens[a + 1], '的') || isKind(tokens[a + 1], 'clause')))
  const attached = m && types.find((p) => glued(m.last, p.first) || glued(p.last, m.first))
  if (attached) return { type: attached.type, generic: attached.generic, conflict: false }
  // A lone 雅乐 / yayue names a type only when attached: elsewhere it is a genre (古代雅乐).
  const free = types.filter((p) => tokens.slice(p.first, p.last + 1).some((t) => t.kind === 'count'))
  const named = new Set(free.flatMap((p) => (p.type ? [p.type] : [])))
  if (named.size > 1) return { generic: false, conflict: true }
  if (named.size === 1) return { type: [...named][0], generic: false, conflict: false }
  return { generic: free.some((p) => p.generic), conflict: false }
}

function withType(label: Label, type: ScaleType | undefined): Label {
  return type === undefined || type === label.type ? label : labelFromTonic(label.tonic, label.pattern, type)
}

/**
 * Reads ONE label written in any form: `A羽`, `A羽调式`, `A羽五声`, `C商六声加变宫`, `C宫系统 A羽调式`, `a yu`,
 * `A yǔ`, `A Yu mode (C gong system)`, `Yu mode on A`, `#C/bD羽`, `Ｃ♯ 商`… Returns NoLabel when the text
 * names no mode, only a pattern, several modes, or a system and tonic that disagree — never a guess.
 * A type named only as 六声/七声 (without its variant) is not recorded: the label stays pentatonic.
 * @example
 * parseLabel('D商五声') → { system: 0, tonic: 2, pattern: 'shang', type: 'pentatonic' }
 * parseLabel('C宫系统 B羽') → NoLabel (C宫's 羽 is A)
 * parseLabel('羽调式') → NoLabel (no tonic)
 */
export function parseLabel(text: string): Label {
  const scan = scanText(text, { label: true })
  const distinct = new Map<string, Label>()
  for (const m of scan.mentions) {
    const r = resolveMention(scan, m)
    if (!r.label || r.conflict || m.negated) return NoLabel
    distinct.set(`${r.label.tonic}-${r.label.pattern}`, r.label)
  }
  const tonics = new Set(scan.statements.filter((s) => s.kind === 'tonic').map((s) => s.pc))
  const systems = new Set(scan.statements.filter((s) => s.kind === 'system').map((s) => s.pc))
  if (tonics.size > 1 || systems.size > 1) return NoLabel
  if (distinct.size === 0) {
    const derived = modeFromStatements(scan)
    if (derived.empty) return NoLabel
    const t = typeForMention(scan)
    return t.conflict ? NoLabel : withType(derived, t.type)
  }
  if (distinct.size > 1) return NoLabel
  const types = scan.mentions.map((m) => typeForMention(scan, m))
  const named = new Set(types.flatMap((t) => (t.type ? [t.type] : [])))
  const anywhere = new Set(scan.types.flatMap((p) => (p.type ? [p.type] : [])))
  // 五声六声, 六声加雅乐: a type phrase that contradicts itself makes the label unreadable.
  const garbled = scan.types.some(
    (p) => !p.type && !p.generic && scan.tokens.slice(p.first, p.last + 1).some((t) => t.kind === 'count'),
  )
  if (types.some((t) => t.conflict) || named.size > 1 || anywhere.size > 1 || garbled) return NoLabel
  return withType([...distinct.values()][0], [...named][0])
}
