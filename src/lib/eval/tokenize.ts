/**
 * BLEU's tokens, exactly as LLaMA-Factory's evaluation makes them: `list(text)` in Python, one token per Unicode
 * code point (spaces and Latin letters included).
 * @example bleuTokens('A羽 调') → ['A', '羽', ' ', '调']
 */
export function bleuTokens(text: string): string[] {
  return Array.from(text)
}

// One Han character, or a run of letters/digits that are not Han, or any other single non-space character.
const ROUGE_TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+|\S/gu

/**
 * ROUGE's tokens. LLaMA-Factory segments with jieba (Chinese words); jieba is not available here, so Chinese is
 * cut per character, as the issue asks, while Latin words, numbers and note names stay whole and punctuation is
 * its own token (as jieba does). Scores are therefore not identical to jieba's on multi-character words.
 * @example rougeTokens('C宫系统 A羽调式.') → ['C', '宫', '系', '统', 'A', '羽', '调', '式', '.']
 */
export function rougeTokens(text: string): string[] {
  return text.match(ROUGE_TOKEN) ?? []
}
