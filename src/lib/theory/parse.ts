import { labelFromSystem, labelFromSystemAndTonic, labelFromTonic, NoLabel, type Label } from './label.ts'
import { mod12, parsePitchClass, type PitchClass } from './pitch-class.ts'
import type { ScaleType } from './scale-types.ts'
import { PATTERN_INTERVAL, type ExtraToneId, type Pattern } from './tones.ts'

// A small scanner shared by parseLabel (one label) and parseAnswer (free text): text → tokens → mentions of
// modes, statements of tonic or system, and scale-type phrases, each with the cues around it (negation,
// relation, assertion). Words that merely contain a tone's character (宫廷, 角色, gongs) never become tones.

/** Discourse cues that decide which of several named modes an answer asserts. */
export type Cue = 'neg' | 'assert' | 'subject' | 'relation' | 'hedge' | 'alt'

interface At {
  /** Offsets in the normalized text, for quoting the mention back. */
  readonly start: number
  readonly end: number
  /** Parenthesis depth, to spot asides such as `A羽调式（与C宫调式同宫）`. */
  readonly depth: number
}

type Bare<K extends string> = { readonly kind: K }

/** One token of the scanned text. */
export type Token = At &
  (
    | { readonly kind: 'note'; readonly pc: PitchClass; readonly bare: boolean; readonly lower: boolean }
    | { readonly kind: 'pattern'; readonly pattern: Pattern; readonly text: string; readonly latin: boolean }
    | { readonly kind: 'mode'; readonly text: string }
    | Bare<'system'>
    | Bare<'tonic'>
    | Bare<'gong-tone'>
    | Bare<'glue'>
    | Bare<'open'>
    | Bare<'close'>
    | Bare<'clause'>
    | Bare<'eq'>
    | { readonly kind: 'count'; readonly n: 5 | 6 | 7 }
    | { readonly kind: 'extra'; readonly id: ExtraToneId }
    | { readonly kind: 'yue'; readonly type: ScaleType }
    | { readonly kind: 'cue'; readonly cue: Cue }
    | { readonly kind: 'stop'; readonly question: boolean }
    | { readonly kind: 'word'; readonly text: string }
    | { readonly kind: 'han'; readonly text: string }
    | { readonly kind: 'num'; readonly text: string }
  )

type TokenBody = Token extends infer T ? (T extends At ? Omit<T, keyof At> : never) : never

/**
 * Full-width letters and punctuation to ASCII, tone marks dropped (yǔ → yu), ♯/♭ to #/b, no spaces inside Chinese.
 * @example normalizeText('Ａ＃羽（yǔ）') → 'A#羽(yu)'
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/♯/g, '#')
    .replace(/♭/g, 'b')
    .replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, '$1') // Chinese has no spaces between words
}

const PATTERN_HANZI: Readonly<Record<string, Pattern>> = {
  宫: 'gong',
  商: 'shang',
  角: 'jue',
  徵: 'zhi',
  // 征 is the everyday simplified form of 徵 in 征调式.
  征: 'zhi',
  羽: 'yu',
}

/** Characters that, right after a tone's character, make an ordinary word (宫廷, 商业, 角色, 羽毛, 征求). */
const NOT_A_TONE_BEFORE: Readonly<Record<string, string>> = {
  宫: '廷殿女中里门灯墙阙闱外内颈殿',
  商: '业人品店场量务标讨议城铺会户贩家贸',
  角: '色度落逐斗力儿膜楼钱质演', // B角演员 is an understudy
  徵: '求集收兆召',
  征: '求集收服战兆程途文稿税用地',
  羽: '毛绒球翼翅化扇衣',
}

/** Characters after 调 that make it a verb (调整, 调查), not "mode". */
const NOT_MODE_AFTER_DIAO = '整查节动换度皮侃配研控试解剂'

/** Multi-character Chinese words, matched longest first. */
const HAN_WORDS: ReadonlyArray<readonly [string, TokenBody]> = (
  [
    ['调式', { kind: 'mode', text: '调式' }],
    ['系统', { kind: 'system' }],
    ['主音', { kind: 'tonic' }],
    ['宫音', { kind: 'gong-tone' }],
    ['五声', { kind: 'count', n: 5 }],
    ['六声', { kind: 'count', n: 6 }],
    ['七声', { kind: 'count', n: 7 }],
    ['清角', { kind: 'extra', id: 'qingjue' }],
    ['变徵', { kind: 'extra', id: 'bianzhi' }],
    ['变宫', { kind: 'extra', id: 'biangong' }],
    ['闰', { kind: 'extra', id: 'run' }],
    ['雅乐', { kind: 'yue', type: 'heptatonic-yayue' }],
    ['清乐', { kind: 'yue', type: 'heptatonic-qingyue' }],
    ['燕乐', { kind: 'yue', type: 'heptatonic-yanyue' }],
    ['加', { kind: 'glue' }],
    ['同宫系统', { kind: 'cue', cue: 'relation' }],
    ['同宫', { kind: 'cue', cue: 'relation' }],
    ['同主音', { kind: 'cue', cue: 'relation' }],
    ['关系', { kind: 'cue', cue: 'relation' }],
    ['体系', { kind: 'han', text: '体系' }],
    ['与', { kind: 'cue', cue: 'relation' }],
    ['相对', { kind: 'cue', cue: 'relation' }],
    ['对应', { kind: 'cue', cue: 'relation' }],
    ['平行', { kind: 'cue', cue: 'relation' }],
    ['相比', { kind: 'cue', cue: 'relation' }],
    ['类似', { kind: 'cue', cue: 'relation' }],
    ['共用', { kind: 'cue', cue: 'relation' }],
    ['不是', { kind: 'cue', cue: 'neg' }],
    ['并非', { kind: 'cue', cue: 'neg' }],
    ['而非', { kind: 'cue', cue: 'neg' }],
    ['绝非', { kind: 'cue', cue: 'neg' }],
    ['并不是', { kind: 'cue', cue: 'neg' }],
    ['而不是', { kind: 'cue', cue: 'neg' }],
    ['不属于', { kind: 'cue', cue: 'neg' }],
    ['不像', { kind: 'cue', cue: 'neg' }],
    ['排除', { kind: 'cue', cue: 'neg' }],
    ['而是', { kind: 'cue', cue: 'assert' }],
    ['应为', { kind: 'cue', cue: 'assert' }],
    ['应是', { kind: 'cue', cue: 'assert' }],
    ['应该是', { kind: 'cue', cue: 'assert' }],
    ['实际上', { kind: 'cue', cue: 'assert' }],
    ['其实', { kind: 'cue', cue: 'assert' }],
    ['答案', { kind: 'cue', cue: 'assert' }],
    ['结论', { kind: 'cue', cue: 'assert' }],
    ['判断为', { kind: 'cue', cue: 'assert' }],
    ['判定为', { kind: 'cue', cue: 'assert' }],
    ['确定为', { kind: 'cue', cue: 'assert' }],
    ['最终', { kind: 'cue', cue: 'assert' }],
    ['综上', { kind: 'cue', cue: 'assert' }],
    ['综合', { kind: 'cue', cue: 'assert' }],
    ['整体上', { kind: 'cue', cue: 'assert' }],
    ['总体上', { kind: 'cue', cue: 'assert' }],
    ['总的来说', { kind: 'cue', cue: 'assert' }],
    ['因此', { kind: 'cue', cue: 'assert' }],
    ['所以', { kind: 'cue', cue: 'assert' }],
    ['但', { kind: 'cue', cue: 'assert' }],
    ['更像', { kind: 'cue', cue: 'assert' }],
    ['更可能', { kind: 'cue', cue: 'assert' }],
    ['最可能', { kind: 'cue', cue: 'assert' }],
    ['本曲', { kind: 'cue', cue: 'subject' }],
    ['该曲', { kind: 'cue', cue: 'subject' }],
    ['此曲', { kind: 'cue', cue: 'subject' }],
    ['这首', { kind: 'cue', cue: 'subject' }],
    ['这段', { kind: 'cue', cue: 'subject' }],
    ['全曲', { kind: 'cue', cue: 'subject' }],
    ['可能', { kind: 'cue', cue: 'hedge' }],
    ['也许', { kind: 'cue', cue: 'hedge' }],
    ['或许', { kind: 'cue', cue: 'hedge' }],
    ['大概', { kind: 'cue', cue: 'hedge' }],
    ['似乎', { kind: 'cue', cue: 'hedge' }],
    ['像', { kind: 'cue', cue: 'hedge' }],
    ['或者', { kind: 'cue', cue: 'alt' }],
    ['还是', { kind: 'cue', cue: 'alt' }],
    ['或', { kind: 'cue', cue: 'alt' }],
  ] as const satisfies ReadonlyArray<readonly [string, TokenBody]>
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length)

/** English and pinyin words, lower-cased. Multi-word cues are handled in `latinCue`. */
const LATIN_WORDS: Readonly<Record<string, TokenBody>> = {
  gong: { kind: 'pattern', pattern: 'gong', text: 'gong', latin: true },
  shang: { kind: 'pattern', pattern: 'shang', text: 'shang', latin: true },
  jue: { kind: 'pattern', pattern: 'jue', text: 'jue', latin: true },
  // 角 is also read jiǎo; people write both.
  jiao: { kind: 'pattern', pattern: 'jue', text: 'jiao', latin: true },
  zhi: { kind: 'pattern', pattern: 'zhi', text: 'zhi', latin: true },
  yu: { kind: 'pattern', pattern: 'yu', text: 'yu', latin: true },
  mode: { kind: 'mode', text: 'mode' },
  modes: { kind: 'mode', text: 'mode' },
  scale: { kind: 'mode', text: 'scale' },
  diao: { kind: 'mode', text: 'diao' },
  diaoshi: { kind: 'mode', text: 'diaoshi' },
  system: { kind: 'system' },
  tonic: { kind: 'tonic' },
  pentatonic: { kind: 'count', n: 5 },
  hexatonic: { kind: 'count', n: 6 },
  heptatonic: { kind: 'count', n: 7 },
  wusheng: { kind: 'count', n: 5 },
  liusheng: { kind: 'count', n: 6 },
  qisheng: { kind: 'count', n: 7 },
  qingjue: { kind: 'extra', id: 'qingjue' },
  bianzhi: { kind: 'extra', id: 'bianzhi' },
  biangong: { kind: 'extra', id: 'biangong' },
  yayue: { kind: 'yue', type: 'heptatonic-yayue' },
  qingyue: { kind: 'yue', type: 'heptatonic-qingyue' },
  yanyue: { kind: 'yue', type: 'heptatonic-yanyue' },
  with: { kind: 'glue' },
  plus: { kind: 'glue' },
  added: { kind: 'glue' },
  add: { kind: 'glue' },
  not: { kind: 'cue', cue: 'neg' },
  no: { kind: 'cue', cue: 'neg' },
  never: { kind: 'cue', cue: 'neg' },
  neither: { kind: 'cue', cue: 'neg' },
  nor: { kind: 'cue', cue: 'neg' },
  unlike: { kind: 'cue', cue: 'neg' },
  but: { kind: 'cue', cue: 'assert' },
  actually: { kind: 'cue', cue: 'assert' },
  instead: { kind: 'cue', cue: 'assert' },
  rather: { kind: 'cue', cue: 'assert' },
  answer: { kind: 'cue', cue: 'assert' },
  therefore: { kind: 'cue', cue: 'assert' },
  thus: { kind: 'cue', cue: 'assert' },
  hence: { kind: 'cue', cue: 'assert' },
  so: { kind: 'cue', cue: 'assert' },
  overall: { kind: 'cue', cue: 'assert' },
  conclusion: { kind: 'cue', cue: 'assert' },
  final: { kind: 'cue', cue: 'assert' },
  piece: { kind: 'cue', cue: 'subject' },
  melody: { kind: 'cue', cue: 'subject' },
  music: { kind: 'cue', cue: 'subject' },
  excerpt: { kind: 'cue', cue: 'subject' },
  clip: { kind: 'cue', cue: 'subject' },
  relative: { kind: 'cue', cue: 'relation' },
  related: { kind: 'cue', cue: 'relation' },
  share: { kind: 'cue', cue: 'relation' },
  shares: { kind: 'cue', cue: 'relation' },
  sharing: { kind: 'cue', cue: 'relation' },
  same: { kind: 'cue', cue: 'relation' },
  parallel: { kind: 'cue', cue: 'relation' },
  compared: { kind: 'cue', cue: 'relation' },
  maybe: { kind: 'cue', cue: 'hedge' },
  perhaps: { kind: 'cue', cue: 'hedge' },
  possibly: { kind: 'cue', cue: 'hedge' },
  might: { kind: 'cue', cue: 'hedge' },
  could: { kind: 'cue', cue: 'hedge' },
  probably: { kind: 'cue', cue: 'hedge' },
  like: { kind: 'cue', cue: 'hedge' },
  or: { kind: 'cue', cue: 'alt' },
  either: { kind: 'cue', cue: 'alt' },
}

/** Two-word English cues: the first word, the second, and the cue they make together. */
const LATIN_PAIRS: ReadonlyArray<readonly [string, string, Cue]> = [
  ['rather', 'than', 'neg'],
  ['instead', 'of', 'neg'],
  ['most', 'likely', 'assert'],
]

/** Matches `re` (sticky) at offset `i` without copying the rest of the text: long replies stay linear. */
function matchAt(re: RegExp, text: string, i: number): RegExpExecArray | null {
  re.lastIndex = i
  return re.exec(text)
}

/** Chinese words by first character, so the scanner tries only the few that can start here. */
const HAN_BY_FIRST: ReadonlyMap<string, ReadonlyArray<readonly [string, TokenBody]>> = (() => {
  const map = new Map<string, Array<readonly [string, TokenBody]>>()
  for (const entry of HAN_WORDS) map.set(entry[0][0], [...(map.get(entry[0][0]) ?? []), entry])
  return map
})()

const hanWordAt = (text: string, i: number) => HAN_BY_FIRST.get(text[i])?.find(([w]) => text.startsWith(w, i))

// A note name as a whole word: CNPM's prefix form (#C, bD) or the usual suffix form (C#, Db, a, Bbb).
const NOTE_WORD = /^(?:[#b]{1,2}[A-G]|[A-Ga-g](?:#{1,2}|b{1,2})?)$/
const LATIN_WORD = /[A-Za-z#]+(?:'[A-Za-z]+)?[1-5]?/y
const HAN = /\p{Script=Han}/u

interface Scanner {
  readonly text: string
  readonly out: Token[]
  depth: number
}

function push(s: Scanner, start: number, end: number, body: TokenBody): void {
  s.out.push({ ...body, start, end, depth: s.depth } as Token)
}

/** Reads a note at `i` (with `/` alternatives such as `#C/bD` or `C#/Db`), or null. */
function readNote(text: string, i: number): { pc: PitchClass; end: number; word: string } | null {
  const m = matchAt(/[A-Za-z#]+/y, text, i)
  if (!m || !NOTE_WORD.test(m[0])) return null
  const pc = parsePitchClass(m[0])
  if (pc === null) return null
  let end = i + m[0].length
  // `#C/bD` or `C#/Db`: the second spelling must name the same pitch class, else it is not a note pair.
  const alt = matchAt(/\/([A-Za-z#]+)/y, text, end)
  if (alt && NOTE_WORD.test(alt[1]) && parsePitchClass(alt[1]) === pc) end += alt[0].length
  // `A flat`, `C-sharp`.
  const acc = matchAt(/[ -](sharp|flat)\b/iy, text, end)
  if (acc && m[0].length === 1) {
    return {
      pc: mod12(pc + (acc[1].toLowerCase() === 'sharp' ? 1 : -1)),
      end: end + acc[0].length,
      word: m[0],
    }
  }
  return { pc, end, word: m[0] }
}

function pushNote(s: Scanner, start: number, note: { pc: PitchClass; end: number; word: string }): number {
  const single = note.word.length === 1 && note.end - start === 1
  push(s, start, note.end, {
    kind: 'note',
    pc: note.pc,
    bare: single && note.word.toLowerCase() === 'a',
    lower: note.word === note.word.toLowerCase() && !note.word.startsWith('b'),
  })
  return note.end
}

function scanLatin(s: Scanner, i: number): number {
  const { text } = s
  const note = readNote(text, i)
  if (note && !/^[A-Za-z]/.test(text.slice(note.end))) return pushNote(s, i, note)
  const m = matchAt(LATIN_WORD, text, i)!
  let word = m[0].toLowerCase()
  const end = i + m[0].length
  // Possessive ("gong's relative") keeps the word; "n't" is a negation.
  if (word.endsWith("'s")) word = word.slice(0, -2)
  if (/n't$/.test(word)) {
    push(s, i, end, { kind: 'cue', cue: 'neg' })
    return end
  }
  const bare = word.replace(/[1-5]$/, '')
  const next = matchAt(/[\s-]+([a-z]+)/iy, text, end)
  const pair = next && LATIN_PAIRS.find(([a, b]) => a === bare && b === next[1].toLowerCase())
  if (pair) {
    const pairEnd = end + next[0].length
    push(s, i, pairEnd, { kind: 'cue', cue: pair[2] })
    return pairEnd
  }
  push(s, i, end, LATIN_WORDS[bare] ?? { kind: 'word', text: word })
  return end
}

function scanHan(s: Scanner, i: number): number {
  const { text } = s
  const c = text[i]
  // 升C / 降B: a Chinese accidental before a note name.
  if (c === '升' || c === '降') {
    const note = readNote(text, i + 1)
    if (note && note.word.length === 1)
      return pushNote(s, i, { ...note, pc: mod12(note.pc + (c === '升' ? 1 : -1)), word: '#' + note.word })
  }
  const pattern = PATTERN_HANZI[c]
  if (pattern && !(i + 1 < text.length && NOT_A_TONE_BEFORE[c].includes(text[i + 1]))) {
    // 变宫, 清角, 同宫: the longer word wins over the single tone, so check words that start here first
    if (!hanWordAt(text, i)) {
      push(s, i, i + 1, { kind: 'pattern', pattern, text: c, latin: false })
      return i + 1
    }
  }
  if (c === '调' && text[i + 1] !== '式') {
    const isMode = !NOT_MODE_AFTER_DIAO.includes(text[i + 1] ?? '-')
    push(s, i, i + 1, isMode ? { kind: 'mode', text: '调' } : { kind: 'han', text: c })
    return i + 1
  }
  if (c === '系' && text[i + 1] !== '统' && text[i - 1] === '宫') {
    push(s, i, i + 1, { kind: 'system' })
    return i + 1
  }
  const word = hanWordAt(text, i)
  if (word) {
    push(s, i, i + word[0].length, word[1])
    return i + word[0].length
  }
  // Ordinary characters go as one run (fewer tokens on long replies); those the grammar reads stay single.
  let end = i + 1
  if (!GRAMMAR_HAN.includes(c))
    while (end < text.length && HAN.test(text[end]) && !startsSomething(text, end)) end++
  push(s, i, end, { kind: 'han', text: text.slice(i, end) })
  return end
}

/** Characters the grammar reads one by one: 为/是/在/以/的 in statements and type phrases. */
const GRAMMAR_HAN = '为是在以的'

/** Whether the character at `i` may start a token of its own (a tone, a word, 调, 系, 升/降, 吗). */
function startsSomething(text: string, i: number): boolean {
  const c = text[i]
  return c in PATTERN_HANZI || HAN_BY_FIRST.has(c) || '调系升降吗'.includes(c) || GRAMMAR_HAN.includes(c)
}

function scanPunct(s: Scanner, i: number): number {
  const c = s.text[i]
  if ('([{【《'.includes(c)) {
    push(s, i, i + 1, { kind: 'open' })
    s.depth++
  } else if (')]}】》'.includes(c)) {
    s.depth = Math.max(0, s.depth - 1)
    push(s, i, i + 1, { kind: 'close' })
  } else if (',;:、'.includes(c)) push(s, i, i + 1, { kind: 'clause' })
  else if ('。.!?\n'.includes(c)) push(s, i, i + 1, { kind: 'stop', question: c === '?' })
  else if (c === '+') push(s, i, i + 1, { kind: 'glue' })
  else if (c === '=') push(s, i, i + 1, { kind: 'eq' })
  else if (/\d/.test(c)) {
    const m = matchAt(/\d+/y, s.text, i)!
    push(s, i, i + m[0].length, { kind: 'num', text: m[0] })
    return i + m[0].length
  }
  // Anything else (spaces, quotes, dashes, markdown stars) separates words and carries no meaning.
  return i + 1
}

/**
 * Splits text into tokens (after `normalizeText`).
 * @example tokenize('A羽调式').map((t) => t.kind) → ['note', 'pattern', 'mode']
 */
export function tokenize(text: string): Token[] {
  const s: Scanner = { text: normalizeText(text), out: [], depth: 0 }
  let i = 0
  while (i < s.text.length) {
    const c = s.text[i]
    if (/[A-Za-z#]/.test(c)) i = scanLatin(s, i)
    else if (c === '吗') {
      // A sentence-final 吗 turns the sentence into a question.
      push(s, i, i + 1, { kind: 'stop', question: true })
      i++
    } else if (HAN.test(c)) i = scanHan(s, i)
    else i = scanPunct(s, i)
  }
  return s.out
}

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

/** Everything the scanner found in a text. */
export interface Scan {
  readonly text: string
  readonly tokens: readonly Token[]
  readonly mentions: readonly Mention[]
  readonly statements: readonly Statement[]
  readonly types: readonly TypePhrase[]
}

export interface ScanOptions {
  /**
   * The text is one label, not prose: a lower-case `a` before a tone (`a yu`) is the note A, not an article.
   * Default false.
   */
  readonly label?: boolean
}

const isKind = <K extends Token['kind']>(t: Token | undefined, kind: K): t is Extract<Token, { kind: K }> =>
  t?.kind === kind
const isHan = (t: Token | undefined, chars: string): boolean => isKind(t, 'han') && chars.includes(t.text)
const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  isKind(t, 'word') && words.includes(t.text)
const ends = (t: Token | undefined): boolean =>
  t === undefined || ['stop', 'clause', 'open', 'close'].includes(t.kind)

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
function findStatements(
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
function findTypes(tokens: readonly Token[], text: string): TypePhrase[] {
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
