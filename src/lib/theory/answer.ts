import { formatLabel } from './format.ts'
import { labelFromTonic, NoLabel, type Label } from './label.ts'
import {
  modeFromStatements,
  parseLabel,
  resolveMention,
  typeForMention,
  type ResolvedMention,
} from './parse.ts'
import { scanText, type Mention, type Scan } from './parse/scan.ts'
import { PATTERN_HANZI } from './parse/lexicon.ts'
import { parsePitchClass, type PitchClass } from './pitch-class.ts'
import type { ScaleType } from './scale-types.ts'
import { PATTERNS, toneOf, type Pattern } from './tones.ts'

/** What a free-text answer (the remote model's, or a learner's) says the mode is. */
export interface AnswerParse {
  readonly status: 'label' | 'pattern-only' | 'ambiguous' | 'none'
  /** The full label when status is 'label', else NoLabel. */
  readonly label: Label
  /** Set for 'label' and 'pattern-only'. */
  readonly pattern?: Pattern
  /** When the text names one scale type. */
  readonly type?: ScaleType
  /** For 'ambiguous': the distinct modes named (those with a tonic). */
  readonly candidates: readonly Label[]
  /** Plain English: why this status (e.g. "names two modes: A羽, C宫"). */
  readonly reason: string
}

/** One distinct mode among the answer's mentions: a full label, or a pattern alone. */
interface Mode {
  readonly key: string
  readonly label?: Label
  readonly pattern: Pattern
  readonly mentions: ResolvedMention[]
}

const name = (m: Mode): string =>
  m.label ? formatLabel(m.label, 'zh-short') : `${toneOf(m.pattern).hanzi}调式`
const names = (ms: readonly Mode[]): string => ms.map(name).join(', ')

/** Groups mentions into distinct modes; a pattern alone folds into a full mode of the same pattern. */
function distinctModes(resolved: readonly ResolvedMention[]): Mode[] {
  const byKey = new Map<string, Mode>()
  for (const r of resolved) {
    const key = r.label ? `${r.label.tonic}-${r.label.pattern}` : r.mention.pattern
    const mode = byKey.get(key) ?? { key, label: r.label, pattern: r.mention.pattern, mentions: [] }
    mode.mentions.push(r)
    byKey.set(key, mode)
  }
  const modes = [...byKey.values()]
  return modes.filter((m) => m.label || !modes.some((o) => o.label && o.pattern === m.pattern))
}

const COUNT_WORDS: Readonly<Record<number, string>> = { 2: 'two', 3: 'three', 4: 'four', 5: 'five' }

/** A mention the answer puts forward, as opposed to one it denies, relates to, asks about or adds aside. */
const isPrimary = (m: Mention): boolean => !m.negated && !m.relation && !m.questioned && !m.aside

/**
 * Of several modes, the one the text asserts: the only one after a strong cue (而是, but, 答案), else the only
 * one after a subject (本曲, the piece) unless the modes are offered as alternatives, else none.
 */
function asserted(modes: readonly Mode[]): Mode | undefined {
  // "The piece is D shang or G zhi": a subject does not choose between alternatives it offers.
  const offered = modes.some((m) => m.mentions.some((r) => r.mention.alternative))
  for (const level of offered ? ([2] as const) : ([2, 1] as const)) {
    const hits = modes.filter((m) => m.mentions.some((r) => r.mention.asserted >= level))
    if (hits.length === 1) return hits[0]
    if (hits.length > 1) return undefined
  }
  return undefined
}

function result(
  status: AnswerParse['status'],
  reason: string,
  extra: Partial<Omit<AnswerParse, 'status' | 'reason'>> = {},
): AnswerParse {
  return { status, label: NoLabel, candidates: [], reason, ...extra }
}

/** The type named for the chosen mode's mentions, or the text's one type. */
function typeOf(scan: Scan, mode: Mode | undefined): { type?: ScaleType; note: string } {
  const found = mode ? mode.mentions.map((r) => typeForMention(scan, r.mention)) : [typeForMention(scan)]
  const types = new Set(found.flatMap((t) => (t.type ? [t.type] : [])))
  if (found.some((t) => t.conflict) || types.size > 1)
    return { note: '; it names several scale types, so none is kept' }
  if (types.size === 1) return { type: [...types][0], note: '' }
  return {
    note: found.some((t) => t.generic)
      ? '; the scale type is not specific (六声/七声 without a variant)'
      : '',
  }
}

function labelResult(scan: Scan, mode: Mode, verb: 'names' | 'asserts', skipped: string): AnswerParse {
  const conflict = mode.mentions.find((r) => r.conflict)?.conflict
  if (mode.label && conflict) {
    return result(
      'ambiguous',
      `the tonic and the stated system disagree: ${name(mode)} vs ${formatLabel(conflict, 'zh-short')}`,
      {
        candidates: [mode.label, conflict],
      },
    )
  }
  const { type, note } = typeOf(scan, mode)
  if (!mode.label)
    return result(
      'pattern-only',
      `${verb} the pattern ${toneOf(mode.pattern).hanzi} (${mode.pattern}) without a tonic${skipped}${note}`,
      {
        pattern: mode.pattern,
        type,
      },
    )
  const label = type ? labelFromTonic(mode.label.tonic, mode.label.pattern, type) : mode.label
  return result('label', `${verb} ${name(mode)}${skipped}${note}`, { label, pattern: label.pattern, type })
}

/** Reasons for mentions left out, to explain the choice. */
function leftOut(mentions: readonly Mention[], chosen: readonly Mention[] = []): string {
  const why = (m: Mention) =>
    m.negated ? 'denied' : m.relation ? 'a relation' : m.questioned ? 'a question' : 'an aside'
  const parts = mentions
    .filter((m) => !isPrimary(m) && !chosen.includes(m))
    .map((m) => `${m.text} is ${why(m)}`)
  return parts.length ? ` (${parts.join('; ')})` : ''
}

/** An answer that names no mode of its own: a derived one, a lone type, or nothing. */
function noMode(scan: Scan): AnswerParse {
  const derived = modeFromStatements(scan)
  const { type } = typeOf(scan, undefined)
  if (!derived.empty) {
    const label = type ? labelFromTonic(derived.tonic, derived.pattern, type) : derived
    return result('label', `the stated tonic and system make ${formatLabel(label, 'zh-short')}`, {
      label,
      pattern: label.pattern,
      type,
    })
  }
  if (scan.mentions.length)
    return result('none', `names no mode it asserts${leftOut(scan.mentions)}`, { type })
  return result('none', type ? 'names a scale type but no mode' : 'names no mode', { type })
}

/**
 * Reads the mode out of a free-text answer in Chinese or English: CNPM names (`D商五声`), `C宫系统 A羽调式`,
 * sentences around them, pinyin, full-width text. Of two modes it takes the asserted one (`不是C宫调式，而是A羽调式`,
 * `not C gong but A yu`, a relation in brackets) or reports 'ambiguous'; words like 宫廷, 角色, gongs never count.
 * @example
 * parseAnswer('这段音乐是A羽调式，属于C宫系统。').label → A羽 (tonic 9, system 0)
 * parseAnswer('羽调式').status → 'pattern-only'
 * parseAnswer('可能是A羽调式，也可能是E角调式').status → 'ambiguous'
 * parseAnswer('这是一段优美的中国传统音乐，使用了古筝演奏。').status → 'none'
 */
export function parseAnswer(text: string): AnswerParse {
  const scan = scanText(text)
  const parsed = fieldForm(scan, text, parseScan(scan))
  if (parsed.status === 'label' || parsed.status === 'ambiguous') return parsed
  // A bare label with nothing but note, tone and type words ("a yu") is read as one label: its lower-case "a"
  // is the note A there, where in a sentence ("a yu mode melody") it is an article.
  const asLabel = scanText(text, { label: true })
  if (asLabel.tokens.some((t) => t.kind === 'word')) return parsed
  const label = parseLabel(text)
  if (label.empty) return parsed
  const { type } = typeForMention(asLabel, asLabel.mentions[0])
  return result('label', `is the label ${formatLabel(label, 'zh-short')}`, {
    label,
    pattern: label.pattern,
    type,
  })
}

/** The answer's mode from its scan: the one mode it names, the one it asserts, or ambiguity. */
function parseScan(scan: Scan): AnswerParse {
  const primary = scan.mentions.filter(isPrimary)
  if (primary.length === 0) return noMode(scan)
  // An aside that only adds the tonic to the pattern just named (`羽调式（A羽）`) refines it, not a second mode.
  const refines = (m: Mention) =>
    m.aside &&
    !m.negated &&
    !m.relation &&
    primary.some((p) => p.pattern === m.pattern && (p.tonic === undefined || p.tonic === m.tonic))
  const pool = scan.mentions.filter((m) => isPrimary(m) || refines(m))
  const modes = distinctModes(pool.map((m) => resolveMention(scan, m)))
  const skipped = leftOut(scan.mentions, pool)
  if (modes.length === 1) return labelResult(scan, modes[0], 'names', skipped)
  const chosen = asserted(modes)
  if (chosen) return labelResult(scan, chosen, 'asserts', skipped)
  const candidates = modes.flatMap((m) => (m.label ? [m.label] : []))
  const count = COUNT_WORDS[modes.length] ?? String(modes.length)
  return result('ambiguous', `names ${count} modes: ${names(modes)}${skipped}`, { candidates })
}

// The pattern as a field value or a bare word: 商, 商调(式), shang, shāng, jiao (an old reading of 角), 征 for 徵.
const PATTERN_WORD: Readonly<Record<string, Pattern>> = {
  ...PATTERN_HANZI,
  gong: 'gong',
  shang: 'shang',
  jue: 'jue',
  jiao: 'jue',
  zhi: 'zhi',
  yu: 'yu',
  gōng: 'gong',
  shāng: 'shang',
  jué: 'jue',
  zhǐ: 'zhi',
  yǔ: 'yu',
}
const PATTERN_ALT = '宫|商|角|徵|征|羽|g[oō]ng|sh[aā]ng|ju[eé]|jiao|zh[iǐ]|y[uǔ]'
const NOTE = '(?:[#＃♯b♭]?[A-G](?:[#＃♯b♭]|\\s?(?:sharp|flat))?(?:\\s?/\\s?[#＃♯b♭]?[A-G][#＃♯b♭]?)?)'
const SEP = '\\s*(?:[:：=＝]|是|为|為|is)\\s*'
/** `调式：商` / `mode: shang` / `The mode of this music is Gong` — the pattern given as a field's value. */
const MODE_FIELD = new RegExp(
  `(?:调式|調式|\\bmode(?:\\s+of\\s+[^.;,，。；]{1,40}?)?(?=\\s*[:：=＝]|\\s+is\\b))${SEP}(?:the\\s+|a\\s+)?(${PATTERN_ALT})(?![a-z])`,
  'iu',
)
/** `主音：G` / `tonic: G` / `tonic = A` — the tonic given as a field's value. */
const TONIC_FIELD = new RegExp(`(?:主音|\\b[Tt]onic(?:\\s+note)?)${SEP}(${NOTE})(?![A-Za-z])`, 'u')
/** `with C as the tonic` / `C as its tonic` / `taking C as the tonic`. */
const AS_TONIC = new RegExp(`(?:^|[^A-Za-z])(${NOTE})\\s+as\\s+(?:the|its)\\s+tonic`, 'u')

const pitchOf = (note: string): PitchClass | null =>
  parsePitchClass(
    note
      .replace(/\s?sharp$/i, '#')
      .replace(/\s?flat$/i, 'b')
      .replace(/\s/g, ''),
  )

/**
 * Answers that give the mode as fields or name the tonic apart from the pattern: `调式：商；主音：G`,
 * `Mode: Shang; tonic: G`, `Gong, with C as the tonic`. Used only when the scan found no mode or a pattern alone,
 * so it never overrides a mode the scanner read (or a denial or ambiguity it found).
 */
function fieldForm(scan: Scan, text: string, parsed: AnswerParse): AnswerParse {
  if (parsed.status !== 'none' && parsed.status !== 'pattern-only') return parsed
  const modeWord = MODE_FIELD.exec(text)?.[1]
  const pattern = parsed.pattern ?? (modeWord ? PATTERN_WORD[modeWord.toLowerCase()] : undefined)
  const tonicText = TONIC_FIELD.exec(text)?.[1] ?? AS_TONIC.exec(text)?.[1]
  const tonic = tonicText ? pitchOf(tonicText) : null
  if (!pattern || !PATTERNS.includes(pattern)) return parsed
  const { type, note } = typeOf(scan, undefined)
  if (tonic === null)
    return parsed.status === 'pattern-only'
      ? parsed
      : result(
          'pattern-only',
          `gives the pattern ${toneOf(pattern).hanzi} (${pattern}) without a tonic${note}`,
          {
            pattern,
            type,
          },
        )
  const label = labelFromTonic(tonic, pattern, type)
  return result('label', `gives the pattern and the tonic apart: ${formatLabel(label, 'zh-short')}${note}`, {
    label,
    pattern,
    type,
  })
}
