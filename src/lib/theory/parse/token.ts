import type { PitchClass } from '../pitch-class.ts'
import type { ScaleType } from '../scale-types.ts'
import type { ExtraToneId, Pattern } from '../tones.ts'

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

export type TokenBody = Token extends infer T ? (T extends At ? Omit<T, keyof At> : never) : never

export interface ScanOptions {
  /**
   * The text is one label, not prose: a lower-case `a` before a tone (`a yu`) is the note A, not an article.
   * Default false.
   */
  readonly label?: boolean
}

export const isKind = <K extends Token['kind']>(
  t: Token | undefined,
  kind: K,
): t is Extract<Token, { kind: K }> => t?.kind === kind
export const isHan = (t: Token | undefined, chars: string): boolean =>
  isKind(t, 'han') && chars.includes(t.text)
export const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  isKind(t, 'word') && words.includes(t.text)
export const ends = (t: Token | undefined): boolean =>
  t === undefined || ['stop', 'clause', 'open', 'close'].includes(t.kind)
