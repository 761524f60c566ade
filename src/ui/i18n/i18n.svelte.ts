import { getContext, setContext } from 'svelte'
import { MESSAGES, type Locale, type MessageKey } from './messages.ts'

export type { Locale, MessageKey }
export const LOCALES: readonly Locale[] = ['zh', 'en']

/** The UI language, with a `t()` that reads the current locale reactively. */
export class I18n {
  locale = $state<Locale>('zh')

  constructor(initial: Locale = 'zh') {
    this.locale = initial
  }

  /** The message for a key in the current locale, with `{name}` placeholders filled in. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const entry = MESSAGES[key]
    let text: string = (entry as { zh: string; en: string })[this.locale]
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v))
    return text
  }
}

const KEY = Symbol('i18n')
export const setI18n = (i18n: I18n): I18n => setContext(KEY, i18n)
export const getI18n = (): I18n => getContext<I18n>(KEY)
