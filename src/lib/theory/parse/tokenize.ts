import { mod12, parsePitchClass, type PitchClass } from '../pitch-class.ts'
import {
  GRAMMAR_HAN,
  HAN_BY_FIRST,
  hanWordAt,
  LATIN_PAIRS,
  LATIN_WORDS,
  NOT_A_TONE_BEFORE,
  NOT_MODE_AFTER_DIAO,
  PATTERN_HANZI,
} from './lexicon.ts'
import type { Token, TokenBody } from './token.ts'

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

/** Matches `re` (sticky) at offset `i` without copying the rest of the text: long replies stay linear. */
function matchAt(re: RegExp, text: string, i: number): RegExpExecArray | null {
  re.lastIndex = i
  return re.exec(text)
}

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
