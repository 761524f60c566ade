/** Cuts text into words, as `jieba.cut(text)` does (precise mode, HMM on): every character kept, spaces too. */
export type WordCutter = (text: string) => string[]

/**
 * BLEU's tokens, exactly as LLaMA-Factory's evaluation makes them: `list(text)` in Python, one token per Unicode
 * code point (spaces and Latin letters included).
 * @example bleuTokens('A羽 调') → ['A', '羽', ' ', '调']
 */
export function bleuTokens(text: string): string[] {
  return Array.from(text)
}

// Python's str.isspace(): what str.split() and str.rstrip() without arguments cut on (not the same set as JS \s:
// Python adds the information separators \x1c–\x1f and NEL \x85, and leaves out the BOM \ufeff).
const PY_SPACE =
  '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]'
const PY_SPACES = new RegExp(`${PY_SPACE}+`, 'u')
const PY_TRAILING = new RegExp(`${PY_SPACE}+$`, 'u')

/**
 * Python's `text.split()`: runs of whitespace separate, no empty strings.
 * @example pySplit('  a \n b ') → ['a', 'b']
 */
export function pySplit(text: string): string[] {
  return text.split(PY_SPACES).filter((w) => w !== '')
}

/** Python's `text.rstrip()`. */
export function pyRstrip(text: string): string {
  return text.replace(PY_TRAILING, '')
}

/**
 * rouge_chinese's `Rouge.cut_sent`: a line break after 。！？? (unless a closing quote follows), after six dots,
 * after two ellipses, after a sentence end plus closing quote; trailing space stripped; split on line breaks
 * (so a line break already in the text also ends a sentence).
 * @example cutSentences('好 。 再见') → ['好 。', ' 再见']
 */
export function cutSentences(para: string): string[] {
  let p = para.replace(/([。！？?])([^”’])/gu, '$1\n$2')
  p = p.replace(/(\.{6})([^”’])/gu, '$1\n$2')
  p = p.replace(/(…{2})([^”’])/gu, '$1\n$2')
  p = p.replace(/([。！？?][”’])([^，。！？?])/gu, '$1\n$2')
  return pyRstrip(p).split('\n')
}

/**
 * The sentences rouge_chinese scores for one side, from LLaMA-Factory's input (`" ".join(jieba.cut(text))`):
 * cut into sentences, empty ones dropped, whitespace collapsed to single spaces. Its words are then
 * `sentence.split(" ")` — a sentence of only spaces becomes one empty word, as in the original.
 * @example rougeSentences(['A', '羽', '。', '好']) → ['A 羽 。', '好']
 */
export function rougeSentences(words: readonly string[]): string[] {
  return cutSentences(words.join(' '))
    .filter((s) => s.length > 0)
    .map((s) => pySplit(s).join(' '))
}

/** rouge_chinese's `_split_into_words`: each sentence split on single spaces, flattened. */
export function rougeWords(sentences: readonly string[]): string[] {
  return sentences.flatMap((s) => s.split(' '))
}
