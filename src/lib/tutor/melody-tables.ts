// The generator's fitted tables (melody-tables.json, written by bench/fit-melody.ts), typed.
import type { Pattern } from '../theory/tones.ts'
import TABLES from './melody-tables.json'

/** The generator's tables, fitted on Han folk songs by bench/fit-melody.ts. */
export interface MelodyTables {
  readonly metres: Readonly<Record<'2' | '4', number>>
  readonly phraseBars: Readonly<Record<'2' | '4', readonly (readonly [number, number])[]>>
  readonly rhythms: Readonly<
    Record<
      '2' | '4',
      Readonly<
        Record<'body' | 'cadence' | 'cadenceShort' | 'final', readonly (readonly [number[], number])[]>
      >
    >
  >
  readonly moves: Readonly<Record<Pattern, Readonly<Record<MoveBucket, readonly (readonly number[])[]>>>>
  readonly phraseEnds: Readonly<Record<Pattern, readonly number[]>>
  readonly finalCadences: Readonly<Record<Pattern, readonly (readonly [readonly [number, number], number])[]>>
  readonly firstNote: Readonly<Record<Pattern, readonly number[]>>
  readonly range: readonly [number, number]
  readonly extraRate: number
}

/** Where a move lands in its phrase: the first note (from the last phrase), the second, the middle, the last two. */
export type MoveBucket = 'link' | 'open' | 'body' | 'approach' | 'cadence'

/** The fitted tables, typed. */
export const T = TABLES as unknown as MelodyTables
