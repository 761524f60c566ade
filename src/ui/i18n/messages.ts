import { APP_MESSAGES } from './messages-app.ts'

export type Locale = 'zh' | 'en'
export type Messages = Record<string, { readonly zh: string; readonly en: string }>

/**
 * Every UI string, zh and en. Each feature keeps its own table (messages-<feature>.ts) merged here, so that
 * two features never edit the same file; a key defined twice is a type error.
 */
export const MESSAGES = { ...APP_MESSAGES } as const satisfies Messages
export type MessageKey = keyof typeof MESSAGES
