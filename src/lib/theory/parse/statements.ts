import type { PitchClass } from '../pitch-class.ts'
import type { ScaleType } from '../scale-types.ts'
import { isHan, isKind, isWord, type ScanOptions, type Token } from './token.ts'

/** A statement of the tonic (`主音为A`) or of the system (`C宫系统`, `以C为宫`, `1=C`). */
export interface Statement {
  readonly kind: 'tonic' | 'system'
  readonly pc: PitchClass
  readonly negated: boolean
}

/** A scale-type phrase (`六声加变宫`, `heptatonic yayue`); `type` is absent when it names no single type. */
export interface TypePhrase {
  readonly type?: ScaleType
  readonly first: number
  readonly last: number
  readonly text: string
  /** True for a bare 六声 / 七声 whose variant is not said. */
  readonly generic: boolean
}

const FILLER_HAN = '是为在:'
const FILLER_WORDS = ['is', 'of', 'on', 'the', 'note', 'at', 'tone']

/** The note after a statement word, skipping fillers (`主音是A`, `tonic: A`, `the tonic is on A`). */
function noteAhead(tokens: readonly Token[], i: number, opts: ScanOptions): PitchClass | undefined {
  for (let j = i + 1; j < Math.min(tokens.length, i + 5); j++) {
    const t = tokens[j]
    if (isKind(t, 'note')) return t.bare && t.lower && !opts.label ? undefined : t.pc
    const filler =
      (isKind(t, 'han') && FILLER_HAN.includes(t.text)) ||
      (isKind(t, 'word') && FILLER_WORDS.includes(t.text)) ||
      (isKind(t, 'clause') && true)
    if (!filler) return undefined
  }
  return undefined
}

/** The note before `为 主音`, `as (the) tonic`, `为宫`. */
function noteBehind(tokens: readonly Token[], i: number): PitchClass | undefined {
  let j = i - 1
  if (isWord(tokens[j], 'the')) j--
  if (!isHan(tokens[j], '为') && !isWord(tokens[j], 'as')) return undefined
  const note = tokens[j - 1]
  return isKind(note, 'note') ? note.pc : undefined
}

/** Statements of tonic and system, by index of their key token. */
export function findStatements(
  tokens: readonly Token[],
  systemPhrases: readonly number[],
  opts: ScanOptions,
): Array<{ kind: 'tonic' | 'system'; pc: PitchClass; at: number }> {
  const out: Array<{ kind: 'tonic' | 'system'; pc: PitchClass; at: number }> = []
  for (const at of systemPhrases) out.push({ kind: 'system', pc: (tokens[at] as { pc: PitchClass }).pc, at })
  tokens.forEach((t, i) => {
    if (t.kind === 'tonic' || t.kind === 'gong-tone') {
      const pc = noteAhead(tokens, i, opts) ?? noteBehind(tokens, i)
      if (pc !== undefined) out.push({ kind: t.kind === 'tonic' ? 'tonic' : 'system', pc, at: i })
    } else if (isKind(t, 'pattern') && t.pattern === 'gong' && !t.latin) {
      const pc = noteBehind(tokens, i) // 以C为宫
      if (pc !== undefined) out.push({ kind: 'system', pc, at: i })
    } else if (
      isKind(t, 'num') &&
      t.text === '1' &&
      isKind(tokens[i + 1], 'eq') &&
      isKind(tokens[i + 2], 'note')
    ) {
      out.push({ kind: 'system', pc: (tokens[i + 2] as { pc: PitchClass }).pc, at: i }) // jianpu 1=C
    }
  })
  return out
}

const TYPE_KINDS = ['count', 'extra', 'yue']

/** Groups adjacent type words (`六声 加 变宫`, `hexatonic (+qingjue)`) into phrases and names their type. */
export function findTypes(tokens: readonly Token[], text: string): TypePhrase[] {
  const out: TypePhrase[] = []
  for (let i = 0; i < tokens.length; i++) {
    if (!TYPE_KINDS.includes(tokens[i].kind)) continue
    let last = i
    for (let j = i + 1; j < tokens.length; j++) {
      const k = tokens[j].kind
      if (TYPE_KINDS.includes(k)) last = j
      else if (!['glue', 'open', 'close'].includes(k)) break
    }
    const words = tokens.slice(i, last + 1)
    out.push({ ...typeOf(words), first: i, last, text: text.slice(tokens[i].start, tokens[last].end) })
    i = last
  }
  return out
}

/** The scale type a group of type words names: 五声; 六声 + 清角/变宫; 七声 + 雅乐/清乐/燕乐; or a bare 雅乐. */
function typeOf(words: readonly Token[]): { type?: ScaleType; generic: boolean } {
  const counts = new Set(words.flatMap((t) => (isKind(t, 'count') ? [t.n] : [])))
  const extras = new Set(words.flatMap((t) => (isKind(t, 'extra') ? [t.id] : [])))
  const yues = [...new Set(words.flatMap((t) => (isKind(t, 'yue') ? [t.type] : [])))]
  if (counts.size > 1 || yues.length > 1) return { generic: false }
  const n = [...counts][0]
  if (n === 5)
    return extras.size === 0 && yues.length === 0
      ? { type: 'pentatonic', generic: false }
      : { generic: false }
  if (n === 6 && yues.length === 0) {
    if (extras.size === 0) return { generic: true }
    if (extras.size === 1 && extras.has('qingjue')) return { type: 'hexatonic-qingjue', generic: false }
    if (extras.size === 1 && extras.has('biangong')) return { type: 'hexatonic-biangong', generic: false }
    return { generic: false }
  }
  if (n === 7 || n === undefined) {
    if (yues.length === 1) return { type: yues[0], generic: false }
    return { generic: n === 7 && extras.size === 0 }
  }
  return { generic: false }
}
