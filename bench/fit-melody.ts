/**
 * Fits the practice melody generator's tables on real Han folk songs, and measures how close generated melodies
 * come to songs held out of the fit.
 *
 *   npx tsx bench/fit-melody.ts [--write] [--per-song 4] [--bars 8]
 *
 * Reads ../shared/melodies/essen-han.jsonl (Essen Folksong Collection, © CCARH: research use only, never copied
 * into the repository). Songs are split by id: every fifth (by a hash of the id) is held out. `--write` fits the
 * tables on the other four fifths and writes src/lib/tutor/melody-tables.json (counts turned into weights; no
 * melody is stored). Without it, only the measurement runs, against the generator as it is.
 *
 * The measurement compares pooled distributions of held-out songs with melodies generated for the same labels
 * (`--per-song` seeds each, `--bars` 4-beat bars long): melodic intervals in semitones, transitions between
 * tonic-relative pitch classes, and notes per phrase; as total-variation (TV) and Jensen–Shannon (JS, bits)
 * distances. The fit songs against the held-out songs give the floor: how far two samples of real songs are.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { labelFromTonic, type Label } from '../src/lib/theory/label.ts'
import { mod12, parsePitchClass } from '../src/lib/theory/pitch-class.ts'
import { PATTERNS, type Pattern } from '../src/lib/theory/tones.ts'
import { isScaleType, type ScaleType } from '../src/lib/theory/scale-types.ts'
import { generateMelody } from '../src/lib/tutor/melody.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const DATA = join(HERE, '../../shared/melodies/essen-han.jsonl')
const TABLES = join(HERE, '../src/lib/tutor/melody-tables.json')

type Note = [number | null, number, number]
interface Song {
  readonly id: string
  readonly label: Label
  readonly meter: string | null
  readonly notes: readonly Note[]
  readonly bars: readonly number[]
}

/** The pentatonic degrees above 宫, in order. */
const PENTA = [0, 2, 4, 7, 9]
/** Largest move, in pentatonic steps, that the tables keep (an octave). */
const MAX_MOVE = 5
export const BUCKETS = ['link', 'open', 'body', 'approach', 'cadence'] as const
type Bucket = (typeof BUCKETS)[number]

function loadSongs(): Song[] {
  const out: Song[] = []
  for (const line of readFileSync(DATA, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const s = JSON.parse(line)
    if (!s.label || !isScaleType(s.label.type)) continue
    const tonic = parsePitchClass(s.label.tonic)
    if (tonic === null) continue
    out.push({
      id: s.id,
      label: labelFromTonic(tonic, s.label.pattern as Pattern, s.label.type as ScaleType),
      meter: s.meter,
      notes: s.notes,
      bars: s.bars,
    })
  }
  return out
}

/** FNV-1a of the id: a split by song that does not depend on file order. */
function heldOut(id: string): boolean {
  let h = 0x811c9dc5
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0
  return h % 5 === 0
}

/** A note's place on the pentatonic ladder of its system (5 per octave), or null for an extra tone. */
function ladder(midi: number, system: number): number | null {
  const above = midi - system
  const deg = PENTA.indexOf(mod12(above))
  return deg < 0 ? null : 5 * Math.floor(above / 12) + deg
}

/** Phrases of (midi, duration) notes, rests merged into the note before. */
function phrasesOf(song: Song): { midi: number; dur: number; onset: number }[][] {
  const phrases: { midi: number; dur: number; onset: number }[][] = []
  let cur: { midi: number; dur: number; onset: number }[] = []
  let t = 0
  for (const [midi, dur, end] of song.notes) {
    if (midi === null) {
      if (cur.length) cur[cur.length - 1].dur += dur
      else if (phrases.length) phrases[phrases.length - 1].at(-1)!.dur += dur
    } else cur.push({ midi, dur, onset: t })
    t += dur
    if (end && cur.length) {
      phrases.push(cur)
      cur = []
    }
  }
  if (cur.length) phrases.push(cur)
  return phrases
}

// ---------------------------------------------------------------------------------------------------------
// Measurement

type Hist = Map<string, number>
function add(h: Hist, k: string, w = 1): void {
  h.set(k, (h.get(k) ?? 0) + w)
}
function normalise(h: Hist): Hist {
  const total = [...h.values()].reduce((a, b) => a + b, 0)
  return new Map([...h].map(([k, v]) => [k, v / total]))
}
function tv(a: Hist, b: Hist): number {
  const [p, q] = [normalise(a), normalise(b)]
  let s = 0
  for (const k of new Set([...p.keys(), ...q.keys()])) s += Math.abs((p.get(k) ?? 0) - (q.get(k) ?? 0))
  return s / 2
}
function js(a: Hist, b: Hist): number {
  const [p, q] = [normalise(a), normalise(b)]
  const kl = (x: Hist, m: Hist) =>
    [...x].reduce((s, [k, v]) => (v > 0 ? s + v * Math.log2(v / m.get(k)!) : s), 0)
  const m: Hist = new Map()
  for (const k of new Set([...p.keys(), ...q.keys()])) m.set(k, ((p.get(k) ?? 0) + (q.get(k) ?? 0)) / 2)
  return (kl(p, m) + kl(q, m)) / 2
}

interface Stats {
  intervals: Hist
  transitions: Hist
  phraseLengths: Hist
}
const emptyStats = (): Stats => ({ intervals: new Map(), transitions: new Map(), phraseLengths: new Map() })

/** Adds one melody (phrases of MIDI notes) to the pooled statistics. */
function addMelody(s: Stats, tonic: number, phrases: readonly (readonly number[])[]): void {
  const all = phrases.flat()
  for (let i = 1; i < all.length; i++) {
    const d = Math.max(-12, Math.min(12, all[i] - all[i - 1]))
    add(s.intervals, String(d))
    add(s.transitions, `${mod12(all[i - 1] - tonic)}>${mod12(all[i] - tonic)}`)
  }
  for (const p of phrases) add(s.phraseLengths, String(Math.min(24, p.length)))
}

function songStats(songs: readonly Song[]): Stats {
  const s = emptyStats()
  for (const song of songs)
    addMelody(
      s,
      song.label.tonic,
      phrasesOf(song).map((p) => p.map((n) => n.midi)),
    )
  return s
}

function generatedStats(songs: readonly Song[], perSong: number, bars: number): Stats {
  const s = emptyStats()
  songs.forEach((song, i) => {
    for (let k = 0; k < perSong; k++) {
      const m = generateMelody(song.label, { seed: 1 + i * 7919 + k * 104729, bars })
      const phrases = m.phrases.map((p) =>
        m.notes.filter((n) => n.start >= p.start - 1e-9 && n.start < p.end - 1e-9).map((n) => n.midi),
      )
      addMelody(s, song.label.tonic, phrases)
    }
  })
  return s
}

function distances(a: Stats, b: Stats): Record<keyof Stats, { tv: number; js: number }> {
  const r = (k: keyof Stats) => ({ tv: round(tv(a[k], b[k])), js: round(js(a[k], b[k])) })
  return { intervals: r('intervals'), transitions: r('transitions'), phraseLengths: r('phraseLengths') }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

// ---------------------------------------------------------------------------------------------------------
// Fitting

type Counts = number[]
const zeros = (n: number): Counts => new Array<number>(n).fill(0)

/** Turns counts into weights rounded to 4 decimals (what the repository keeps), smoothed towards a prior. */
function weights(c: Counts, prior?: readonly number[], k = 0): number[] {
  const n = c.reduce((a, b) => a + b, 0)
  return c.map((x, i) => {
    const p = prior ? prior[i] : 0
    const denom = n + k
    return denom > 0 ? Math.round(((x + k * p) / denom) * 1e4) / 1e4 : 0
  })
}
function probs(c: Counts): number[] {
  const n = c.reduce((a, b) => a + b, 0)
  return c.map((x) => (n > 0 ? x / n : 1 / c.length))
}

interface Fitted {
  readonly songs: number
  readonly metres: Record<'2' | '4', number>
  readonly phraseBars: Record<'2' | '4', [number, number][]>
  /** Bar rhythms: inner bars, the last bar of a phrase (`cadenceShort`: of a phrase of at most 4 beats), the last. */
  readonly rhythms: Record<
    '2' | '4',
    Record<'body' | 'cadence' | 'cadenceShort' | 'final', [number[], number][]>
  >
  /** [pattern][bucket][degree above 宫 0..4][move + 5]: probability of a move in pentatonic steps. */
  readonly moves: Record<Pattern, Record<Bucket, number[][]>>
  /** [pattern]: weights of phrase-final degrees above the tonic (0..4, pentatonic steps), inner phrases. */
  readonly phraseEnds: Record<Pattern, number[]>
  /** [pattern]: the two notes before the final tonic, as ladder steps from it, with weights. */
  readonly finalCadences: Record<Pattern, [[number, number], number][]>
  /** [pattern]: weights of the first note, ladder steps from the final tonic + OPEN_OFFSET. */
  readonly firstNote: Record<Pattern, number[]>
  /** The ladder range around the final tonic (2nd and 98th percentile of all notes). */
  readonly range: [number, number]
  /** Share of notes that are the extra tone, in 六声 songs. */
  readonly extraRate: number
}

const OPEN_OFFSET = 5
const SMOOTH = 30

function fit(songs: readonly Song[]): Fitted {
  const metreCount = { '2': 0, '4': 0 }
  const phraseBars = { '2': new Map<number, number>(), '4': new Map<number, number>() }
  const rhythms = {
    '2': {
      body: new Map<string, number>(),
      cadence: new Map<string, number>(),
      cadenceShort: new Map<string, number>(),
      final: new Map<string, number>(),
    },
    '4': {
      body: new Map<string, number>(),
      cadence: new Map<string, number>(),
      cadenceShort: new Map<string, number>(),
      final: new Map<string, number>(),
    },
  }
  const moveCounts = new Map<string, Counts>() // `${pattern|all}/${bucket}/${deg}` → 11 counts
  const moveRow = (key: string) => {
    let r = moveCounts.get(key)
    if (!r) moveCounts.set(key, (r = zeros(2 * MAX_MOVE + 1)))
    return r
  }
  const phraseEnds = new Map<string, Counts>()
  const endRow = (k: string) => phraseEnds.get(k) ?? (phraseEnds.set(k, zeros(5)), phraseEnds.get(k)!)
  const finals = new Map<string, Map<string, number>>()
  const firsts = new Map<string, Counts>()
  const firstRow = (k: string) => firsts.get(k) ?? (firsts.set(k, zeros(OPEN_OFFSET + 13)), firsts.get(k)!)
  const offsets: number[] = []
  let extraNotes = 0
  let hexNotes = 0

  for (const song of songs) {
    const { system, tonic, pattern } = song.label
    const phrases = phrasesOf(song)
    const all = phrases.flat()
    const last = all.at(-1)!
    const lt = ladder(last.midi, system)
    if (lt === null) continue
    if (song.label.type !== 'pentatonic') {
      hexNotes += all.length
      extraNotes += all.filter((n) => ladder(n.midi, system) === null).length
    }
    // Moves between core tones (extra tones bridged), by the position of the note moved to.
    const core = phrases.map((p) => p.filter((n) => ladder(n.midi, system) !== null))
    let prev: number | null = null
    core.forEach((p, pi) => {
      p.forEach((n, j) => {
        const l = ladder(n.midi, system)!
        offsets.push(l - lt)
        if (prev !== null) {
          const move = l - prev
          const bucket: Bucket =
            j === 0
              ? 'link'
              : j === p.length - 1
                ? 'cadence'
                : j === p.length - 2
                  ? 'approach'
                  : j === 1
                    ? 'open'
                    : 'body'
          if (Math.abs(move) <= MAX_MOVE) {
            const deg = ((prev % 5) + 5) % 5
            for (const who of [pattern, 'all']) moveRow(`${who}/${bucket}/${deg}`)[move + MAX_MOVE]++
          }
        }
        prev = l
      })
      if (pi < core.length - 1 && p.length) {
        const d = (((ladder(p.at(-1)!.midi, system)! - lt) % 5) + 5) % 5
        for (const who of [pattern, 'all']) endRow(who)[d]++
      }
    })
    const flatCore = core.flat()
    if (flatCore.length >= 4) {
      const [a, b] = flatCore.slice(-3, -1).map((n) => ladder(n.midi, system)! - lt)
      if (Math.abs(a) <= 7 && Math.abs(b) <= 7)
        for (const who of [pattern, 'all']) {
          const m = finals.get(who) ?? (finals.set(who, new Map()), finals.get(who)!)
          add(m, `${a},${b}`)
        }
      const f = ladder(flatCore[0].midi, system)! - lt + OPEN_OFFSET
      if (f >= 0 && f < OPEN_OFFSET + 13) for (const who of [pattern, 'all']) firstRow(who)[f]++
    }
    void tonic

    // Metre, phrase lengths and bar rhythms: 2/4 and 4/4 songs.
    const metre = song.meter === '2/4' ? '2' : song.meter === '4/4' ? '4' : null
    if (!metre) continue
    const bpb = Number(metre)
    metreCount[metre]++
    for (const p of phrases) {
      const span = p.reduce((a, n) => a + n.dur, 0)
      const bars = Math.round(span / bpb)
      if (bars >= 1 && bars <= 8 && Math.abs(span - bars * bpb) < 1e-6)
        phraseBars[metre].set(bars, (phraseBars[metre].get(bars) ?? 0) + 1)
    }
    const lastIndex = all.length - 1
    const phraseEndAt = new Set<number>()
    const spanOf: number[] = []
    let idx = 0
    for (const p of phrases) {
      idx += p.length
      phraseEndAt.add(idx - 1)
      const span = p.reduce((a, n) => a + n.dur, 0)
      for (const _ of p) spanOf.push(span)
    }
    const barlines = [...song.bars]
    for (let k = 0; k + 1 < barlines.length; k++) {
      const [b0, b1] = [barlines[k], barlines[k + 1]]
      if (Math.abs(b1 - b0 - bpb) > 1e-6) continue
      const inBar = all
        .map((n, i) => ({ ...n, i }))
        .filter((n) => n.onset >= b0 - 1e-6 && n.onset < b1 - 1e-6)
      if (!inBar.length || Math.abs(inBar[0].onset - b0) > 1e-6) continue
      const lastInBar = inBar.at(-1)!
      const ends = inBar.filter((n) => phraseEndAt.has(n.i))
      let role: 'body' | 'cadence' | 'cadenceShort' | 'final' = 'body'
      if (ends.length) {
        if (ends.length > 1 || ends[0] !== lastInBar) continue
        role =
          lastInBar.i === lastIndex ? 'final' : spanOf[lastInBar.i] <= 4 + 1e-6 ? 'cadenceShort' : 'cadence'
      } else if (lastInBar.onset + lastInBar.dur > b1 + 1e-6) continue
      const durs = inBar.map((n, j) => (j === inBar.length - 1 ? b1 - n.onset : n.dur))
      if (durs.some((d) => Math.abs(d * 4 - Math.round(d * 4)) > 1e-6 || d <= 0)) continue
      add(rhythms[metre][role], durs.join(' '))
    }
  }

  const table = (m: Map<string, number>, min: number): [number[], number][] =>
    [...m]
      .filter(([, c]) => c >= min)
      .sort((a, b) => b[1] - a[1])
      .map(([k, c]) => [k.split(' ').map(Number), c])
  const moves = {} as Fitted['moves']
  const ends = {} as Fitted['phraseEnds']
  const fin = {} as Fitted['finalCadences']
  const first = {} as Fitted['firstNote']
  for (const pattern of PATTERNS) {
    moves[pattern] = {} as Record<Bucket, number[][]>
    for (const bucket of BUCKETS)
      moves[pattern][bucket] = [0, 1, 2, 3, 4].map((deg) => {
        const pooled = probs(moveRow(`all/${bucket}/${deg}`))
        return weights(moveRow(`${pattern}/${bucket}/${deg}`), pooled, SMOOTH)
      })
    ends[pattern] = weights(endRow(pattern), probs(endRow('all')), SMOOTH)
    first[pattern] = weights(firstRow(pattern), probs(firstRow('all')), SMOOTH)
    const all = finals.get('all')!
    const own = finals.get(pattern) ?? new Map()
    const totalAll = [...all.values()].reduce((a, b) => a + b, 0)
    const totalOwn = [...own.values()].reduce((a, b) => a + b, 0)
    fin[pattern] = [...all.keys()]
      .map((k): [[number, number], number] => {
        const w = ((own.get(k) ?? 0) + (SMOOTH * all.get(k)!) / totalAll) / (totalOwn + SMOOTH)
        return [k.split(',').map(Number) as [number, number], Math.round(w * 1e4) / 1e4]
      })
      .filter(([, w]) => w >= 0.005)
      .sort((a, b) => b[1] - a[1])
  }
  offsets.sort((a, b) => a - b)
  const q = (p: number) => offsets[Math.floor(p * (offsets.length - 1))]
  return {
    songs: songs.length,
    metres: metreCount,
    phraseBars: {
      '2': [...phraseBars['2']].sort((a, b) => a[0] - b[0]),
      '4': [...phraseBars['4']].sort((a, b) => a[0] - b[0]),
    },
    rhythms: {
      '2': {
        body: table(rhythms['2'].body, 3),
        cadence: table(rhythms['2'].cadence, 2),
        cadenceShort: table(rhythms['2'].cadenceShort, 2),
        final: table(rhythms['2'].final, 1),
      },
      '4': {
        body: table(rhythms['4'].body, 2),
        cadence: table(rhythms['4'].cadence, 1),
        cadenceShort: table(rhythms['4'].cadenceShort, 1),
        final: table(rhythms['4'].final, 1),
      },
    },
    moves,
    phraseEnds: ends,
    finalCadences: fin,
    firstNote: first,
    range: [q(0.02), q(0.98)],
    extraRate: Math.round((extraNotes / Math.max(1, hexNotes)) * 1e4) / 1e4,
  }
}

// ---------------------------------------------------------------------------------------------------------

function main(argv: readonly string[]): void {
  const arg = (name: string, d: number) => {
    const i = argv.indexOf(name)
    return i >= 0 ? Number(argv[i + 1]) : d
  }
  const perSong = arg('--per-song', 4)
  const bars = arg('--bars', 8)
  const songs = loadSongs()
  const fitSongs = songs.filter((s) => !heldOut(s.id))
  const testSongs = songs.filter((s) => heldOut(s.id))
  console.log(`${songs.length} labelled songs: ${fitSongs.length} to fit, ${testSongs.length} held out`)
  if (argv.includes('--write')) {
    const tables = fit(fitSongs)
    writeFileSync(
      TABLES,
      JSON.stringify({
        note: 'Fitted by bench/fit-melody.ts on Han songs of the Essen Folksong Collection (CCARH); weights only.',
        ...tables,
      }) + '\n',
    )
    console.log(`wrote ${TABLES} (fitted on ${tables.songs} songs)`)
  }
  const held = songStats(testSongs)
  const floor = distances(songStats(fitSongs), held)
  const gen = distances(generatedStats(testSongs, perSong, bars), held)
  console.log('distance to held-out songs (TV / JS bits):')
  for (const k of ['intervals', 'transitions', 'phraseLengths'] as const)
    console.log(
      `  ${k.padEnd(14)} generated ${gen[k].tv.toFixed(3)} / ${gen[k].js.toFixed(3)}   fit songs (floor) ${floor[k].tv.toFixed(3)} / ${floor[k].js.toFixed(3)}`,
    )
}

main(process.argv.slice(2))
