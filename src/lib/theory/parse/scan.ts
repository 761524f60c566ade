import type { PitchClass } from '../pitch-class.ts'
import type { Pattern } from '../tones.ts'
import { findStatements, findTypes, type Statement, type TypePhrase } from './statements.ts'
import { normalizeText, tokenize } from './tokenize.ts'
import { ends, isKind, isWord, type ScanOptions, type Token } from './token.ts'

// A small scanner shared by parseLabel (one label) and parseAnswer (free text): text → tokens → mentions of
// modes, statements of tonic or system, and scale-type phrases, each with the cues around it (negation,
// relation, assertion). Words that merely contain a tone's character (宫廷, 角色, gongs) never become tones.

/** A mode named in the text: its pattern, and its tonic when the text gives one. */
export interface Mention {
  readonly pattern: Pattern
  readonly tonic?: PitchClass
  /** Token range, inclusive. */
  readonly first: number
  readonly last: number
  /** The words that named it, from the normalized text. */
  readonly text: string
  /** Inside a negation (`不是C宫`, `not C gong`, `rather than C gong`). */
  readonly negated: boolean
  /** Named as a relation of another mode (`与C宫调式同宫`, `the relative of C gong`). */
  readonly relation: boolean
  /** In parentheses after another mode. */
  readonly aside: boolean
  /** In a question (`是C宫调式吗？`). */
  readonly questioned: boolean
  /** 2 = after a strong assertion cue (而是, but, 答案), 1 = after a subject (本曲, the piece), 0 = neither. */
  readonly asserted: 0 | 1 | 2
  /** Offered as an alternative: `或`, `or`, `either` comes between it and the mode before it. */
  readonly alternative: boolean
}

/** Everything the scanner found in a text. */
export interface Scan {
  readonly text: string
  readonly tokens: readonly Token[]
  readonly mentions: readonly Mention[]
  readonly statements: readonly Statement[]
  readonly types: readonly TypePhrase[]
}

/** Whether a note token can be the tonic before a tone word (rules out the English article "a"/"A"). */
function noteCanLead(tokens: readonly Token[], i: number, hasMode: boolean, opts: ScanOptions): boolean {
  const note = tokens[i - 1]
  const tone = tokens[i]
  if (!isKind(note, 'note') || !isKind(tone, 'pattern')) return false
  if (!tone.latin || !note.bare || opts.label) return true
  if (note.lower) return false
  // "A gong and a drum": a capital A before a tone word is a note only when the phrase stops there or goes on
  // to say mode/system/type ("A Yu mode", "A yu.").
  const after = tokens[i + 1]
  if (hasMode || ends(after) || ['system', 'count', 'yue', 'mode'].includes(after?.kind ?? '')) return true
  // "A yu rather than C gong", "A yu or C gong": a cue, then (for "or") another note — not "A gong or a drum".
  if (!isKind(after, 'cue')) return false
  const then = tokens[i + 2]
  return !['alt', 'hedge'].includes(after.cue) || (isKind(then, 'note') && !(then.bare && then.lower))
}

/** A mode word right after a tone, or undefined; a bare 调 after 宫/角/征 needs a note before (宫调理论, 视角调). */
function modeAfter(tokens: readonly Token[], i: number): number | undefined {
  const tone = tokens[i] as Extract<Token, { kind: 'pattern' }>
  const next = tokens[i + 1]
  if (!isKind(next, 'mode')) return undefined
  if (next.text === '调' && '宫角征'.includes(tone.text) && !isKind(tokens[i - 1], 'note')) return undefined
  return i + 1
}

/** "Yu mode on A" / "yu mode in A": the note after the mode word. */
function noteAfterOn(tokens: readonly Token[], last: number, opts: ScanOptions): number | undefined {
  const on = tokens[last + 1]
  const note = tokens[last + 2]
  if (!isWord(on, 'on', 'in') || !isKind(note, 'note')) return undefined
  if (note.bare && note.lower && !opts.label && !ends(tokens[last + 3])) return undefined
  return last + 2
}

/** "The mode is yu" / "mode: yu": a Latin tone word named right after the word "mode". */
function modeBefore(tokens: readonly Token[], i: number): boolean {
  const a = tokens[i - 1]
  const b = tokens[i - 2]
  return isKind(a, 'mode') || (isKind(b, 'mode') && (isWord(a, 'is') || isKind(a, 'clause')))
}

interface RawMention {
  readonly pattern: Pattern
  readonly tonic?: PitchClass
  readonly first: number
  readonly last: number
}

/** Finds the modes named: a tone word with a note before it, or with a mode word after it. */
function findMentions(
  tokens: readonly Token[],
  opts: ScanOptions,
): { mentions: RawMention[]; systems: number[] } {
  const mentions: RawMention[] = []
  const systems: number[] = [] // token indices of "C宫系统" phrases, which are statements, not modes
  for (let i = 0; i < tokens.length; i++) {
    const tone = tokens[i]
    if (!isKind(tone, 'pattern')) continue
    const prev = tokens[i - 1]
    const sysAt =
      tokens[i + 1]?.kind === 'system'
        ? 1
        : isKind(tokens[i + 2], 'system') && isKind(tokens[i + 1], 'mode')
          ? 2
          : 0
    if (tone.pattern === 'gong' && sysAt) {
      if (isKind(prev, 'note')) systems.push(i - 1)
      i += sysAt
      continue
    }
    const mode = modeAfter(tokens, i)
    let last = mode ?? i
    // The note of `1=C` belongs to that statement, not to the tone after it.
    const leads = isKind(prev, 'note') && !isKind(tokens[i - 2], 'eq')
    if (leads && noteCanLead(tokens, i, mode !== undefined, opts)) {
      mentions.push({ pattern: tone.pattern, tonic: (prev as { pc: PitchClass }).pc, first: i - 1, last })
    } else if (
      tone.text === '征' &&
      !(mode !== undefined && (tokens[mode] as { text: string }).text === '调式')
    ) {
      continue // 征 alone is too common a character (特征, 征调) to be a tone without 调式
    } else if (mode !== undefined || (tone.latin && modeBefore(tokens, i))) {
      const on = mode !== undefined ? noteAfterOn(tokens, last, opts) : undefined
      if (on !== undefined) last = on
      const tonic = on !== undefined ? (tokens[on] as { pc: PitchClass }).pc : undefined
      mentions.push({ pattern: tone.pattern, tonic, first: i, last })
    } else continue
    i = last
  }
  return { mentions, systems }
}

/** Walks back through the clause before token `i` and reports the cues met (negation stops at an assertion). */
function cuesBefore(tokens: readonly Token[], i: number): { neg: boolean; relation: boolean } {
  let neg = false
  let relation = false
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j]
    if (t.kind === 'clause' || t.kind === 'stop' || t.kind === 'open' || t.kind === 'close') break
    if (!isKind(t, 'cue')) continue
    if (t.cue === 'assert') break
    if (t.cue === 'neg') neg = true
    if (t.cue === 'relation') relation = true
  }
  return { neg, relation }
}

/** A relation cue after the mention, before the clause ends or the next mode (`C宫调式的关系调`). */
function relationAfter(tokens: readonly Token[], last: number, nextFirst: number): boolean {
  for (let j = last + 1; j < Math.min(tokens.length, nextFirst); j++) {
    const t = tokens[j]
    if (ends(t)) return false
    if (isKind(t, 'cue') && t.cue === 'relation') return true
  }
  return false
}

/** The strongest assertion cue before the mention in its sentence, stopping at the previous mode. */
function assertionBefore(tokens: readonly Token[], first: number, prevLast: number): 0 | 1 | 2 {
  let level: 0 | 1 | 2 = 0
  for (let j = first - 1; j > prevLast; j--) {
    const t = tokens[j]
    if (t.kind === 'stop') break
    if (isKind(t, 'cue') && t.cue === 'assert') return 2
    if (isKind(t, 'cue') && t.cue === 'subject') level = 1
  }
  return level
}

/** An alternative cue (或, or, either) between the previous mode and this one, within one sentence. */
function afterAlternative(tokens: readonly Token[], first: number, prevLast: number): boolean {
  for (let j = first - 1; j > prevLast; j--) {
    const t = tokens[j]
    if (t.kind === 'stop') return false
    if (isKind(t, 'cue') && t.cue === 'alt') return true
  }
  return false
}

function inQuestion(tokens: readonly Token[], last: number): boolean {
  for (let j = last + 1; j < tokens.length; j++) {
    const t = tokens[j]
    if (isKind(t, 'stop')) return t.question
  }
  return false
}

/** In parentheses that follow another mode of the same sentence. */
function isAside(tokens: readonly Token[], m: RawMention, prev: RawMention | undefined): boolean {
  const depth = tokens[m.first].depth
  if (depth === 0 || !prev || tokens[prev.last].depth >= depth) return false
  for (let j = prev.last + 1; j < m.first; j++) if (tokens[j].kind === 'stop') return false
  return true
}

/**
 * Scans text for modes, tonic/system statements and scale types, with the cues around each mode.
 * @example scanText('不是C宫调式，而是A羽调式').mentions.map((m) => [m.text, m.negated]) → [['C宫调式', true], ['A羽调式', false]]
 */
export function scanText(input: string, opts: ScanOptions = {}): Scan {
  const text = normalizeText(input)
  const tokens = tokenize(input)
  const { mentions: raw, systems } = findMentions(tokens, opts)
  const mentions = raw.map((m, k): Mention => {
    const before = cuesBefore(tokens, m.first)
    const nextFirst = raw[k + 1]?.first ?? tokens.length
    return {
      ...m,
      text: text.slice(tokens[m.first].start, tokens[m.last].end),
      negated: before.neg,
      relation: before.relation || relationAfter(tokens, m.last, nextFirst),
      aside: isAside(tokens, m, raw[k - 1]),
      questioned: inQuestion(tokens, m.last),
      asserted: assertionBefore(tokens, m.first, raw[k - 1]?.last ?? -1),
      alternative: afterAlternative(tokens, m.first, raw[k - 1]?.last ?? -1),
    }
  })
  const statements = findStatements(tokens, systems, opts).map((s): Statement => ({
    kind: s.kind,
    pc: s.pc,
    negated: cuesBefore(tokens, s.at).neg,
  }))
  return { text, tokens, mentions, statements, types: findTypes(tokens, text) }
}
