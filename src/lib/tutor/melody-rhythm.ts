// Rhythm for the generator: phrase lengths and bar rhythms drawn from the fitted tables.
import { pickWeighted, type Rng } from './random.ts'
import { T } from './melody-tables.ts'
import { isStrongBeat, type Beats } from './melody-types.ts'

const EPS = 1e-9

/** Bars per phrase, drawn from the fitted lengths: every phrase at least four beats, the bars filled exactly. */
export function splitPhrases(rng: Rng, bars: number, beatsPerBar: 2 | 4): number[] {
  const min = Math.ceil(4 / beatsPerBar)
  const lengths = T.phraseBars[beatsPerBar === 2 ? '2' : '4'].filter(([b]) => b >= min)
  const out: number[] = []
  let left = bars
  while (left > 0) {
    const fits = lengths.filter(([b]) => b === left || (b < left && left - b >= min))
    const b = fits.length ? pickWeighted(rng, fits) : left
    out.push(b)
    left -= b
  }
  return out
}

/** The rhythm of one phrase: fitted body bars, then a cadence bar (the final one ends on a long strong-beat note). */
export function phraseRhythm(
  rng: Rng,
  beatsPerBar: 2 | 4,
  firstBar: number,
  bars: number,
  final: boolean,
  shortest: Beats,
): { start: Beats; duration: Beats }[] {
  const table = T.rhythms[beatsPerBar === 2 ? '2' : '4']
  const out: { start: Beats; duration: Beats }[] = []
  for (let b = 0; b < bars; b++) {
    // A short phrase (four beats) closes with the rhythms short phrases close with in the songs.
    const cadence = bars * beatsPerBar <= 4 && table.cadenceShort.length ? table.cadenceShort : table.cadence
    const kind = b < bars - 1 ? table.body : final ? FINAL_BARS[beatsPerBar] : cadence
    let t = (firstBar + b) * beatsPerBar
    for (const d of drawRow(rng, playable(kind, shortest))) {
      out.push({ start: t, duration: d })
      t += d
    }
  }
  return out
}

/** Memo of {@link playable}: per table, per shortest note. */
const PLAYABLE = new WeakMap<object, Map<number, readonly (readonly [number[], number])[]>>()

/**
 * The rows of a rhythm table whose every note lasts at least `shortest` beats (the whole table when none does,
 * which the check then refuses). At ordinary tempos that is the table itself, so the draws do not change.
 */
function playable(
  table: readonly (readonly [number[], number])[],
  shortest: Beats,
): readonly (readonly [number[], number])[] {
  let byShortest = PLAYABLE.get(table)
  if (!byShortest) PLAYABLE.set(table, (byShortest = new Map()))
  let rows = byShortest.get(shortest)
  if (!rows) {
    const keep = table.filter(([durs]) => durs.every((d) => d >= shortest - EPS))
    byShortest.set(shortest, (rows = keep.length === table.length ? table : keep.length ? keep : table))
  }
  return rows
}

/** Totals of the fitted weight tables, computed once each (the rhythm tables are drawn from for every bar). */
const TOTALS = new WeakMap<object, number>()

/** {@link pickWeighted} over a fixed table, without summing its weights every time. */
export function drawRow<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let total = TOTALS.get(table)
  if (total === undefined) TOTALS.set(table, (total = table.reduce((a, [, w]) => a + w, 0)))
  let r = rng() * total
  for (const [item, w] of table) {
    r -= w
    if (r < 0) return item
  }
  return table[table.length - 1][0]
}

/** Final bars: the fitted final and cadence bars whose last note starts on a strong beat and lasts half the bar. */
const FINAL_BARS = {
  2: finalBars(2),
  4: finalBars(4),
} as const

function finalBars(beatsPerBar: 2 | 4): (readonly [number[], number])[] {
  const table = T.rhythms[beatsPerBar === 2 ? '2' : '4']
  return [...table.final, ...table.cadence].filter(([durs]) => {
    const lastStart = durs.slice(0, -1).reduce((a, d) => a + d, 0)
    return isStrongBeat(lastStart, beatsPerBar) && durs[durs.length - 1] >= beatsPerBar / 2
  })
}
