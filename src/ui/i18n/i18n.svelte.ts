import { getContext, setContext } from 'svelte'
import { MESSAGES, type Locale, type MessageKey } from './messages.ts'

export type { Locale, MessageKey }
export const LOCALES: readonly Locale[] = ['zh', 'en']

/** The UI language, with a `t()` that reads the current locale reactively. */
export class I18n {
  locale = $state<Locale>('zh')
  readonly #persist: (locale: Locale) => void

  /** `persist` is told of every change (main.ts keeps the choice in localStorage). */
  constructor(initial: Locale = 'zh', persist: (locale: Locale) => void = () => {}) {
    this.locale = initial
    this.#persist = persist
  }

  setLocale(locale: Locale): void {
    this.locale = locale
    this.#persist(locale)
  }

  /** The message for a key in the current locale, with `{name}` placeholders filled in. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const entry = MESSAGES[key] as { zh: string; en: string }
    let text = entry[this.locale]
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v))
    return text
  }
}

/** The initial locale: the saved choice, else Chinese (the product's default language). */
export function initialLocale(saved: string | null): Locale {
  return saved === 'en' ? 'en' : 'zh'
}

const KEY = Symbol('i18n')
export const setI18n = (i18n: I18n): I18n => setContext(KEY, i18n)
export const getI18n = (): I18n => getContext<I18n>(KEY)
