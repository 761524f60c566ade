import * as tables from './tables.ts'

export type Locale = 'zh' | 'en'
export type Messages = Record<string, { readonly zh: string; readonly en: string }>

type Tables = typeof tables
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never
type AllMessages = UnionToIntersection<Tables[keyof Tables]>

/**
 * Every UI string, zh and en. Each feature keeps its own table (messages-<feature>.ts, listed in tables.ts),
 * so that two features never edit the same file; a unit test refuses a key defined in two tables.
 */
export const MESSAGES = Object.assign({}, ...Object.values(tables)) as AllMessages
export type MessageKey = keyof AllMessages & string

/** True when a string is a known message key (for error kinds that arrive at run time). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key)
}
