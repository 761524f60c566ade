// A check for English left in the Chinese UI (used by the catalogue test and by end-to-end walks).

/**
 * Three or more Latin-script words in a row (placeholders removed): an English phrase left in the Chinese UI.
 * Names of things the learner types or sees elsewhere (LLaMA-Factory API, backup.json, C#, A羽) stay allowed.
 */
export function latinSentence(text: string): string | null {
  const bare = text.replace(/\{\w+\}/g, ' ')
  const m = /[A-Za-z]{2,}(?:[,;:]?[ \t]+[A-Za-z]{2,}){2,}/.exec(bare)
  return m ? m[0] : null
}
