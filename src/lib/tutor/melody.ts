import type { Label } from '../theory/label.ts'
import { collectionPitchClasses } from '../theory/label.ts'
import { mod12, pitchClassName, type PitchClass } from '../theory/pitch-class.ts'
import { extraTones, SCALE_TYPE_INFO, SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import type { Pattern } from '../theory/tones.ts'
import type { Midi, Seconds } from '../theory/units.ts'
import TABLES from './melody-tables.json'
import { chance, deriveSeed, mulberry32, pick, pickWeighted, randInt, type Rng } from './random.ts'

/** A duration or position in beats (quarter notes). */
export type Beats = number

/** A performance ornament the renderer realises: a grace note, a glide into the note, or vibrato. */
export type Ornament = 'grace' | 'glide' | 'vibrato'

/** One note of a generated melody. */
export interface MelodyNote {
  readonly midi: Midi
  readonly start: Beats
  readonly duration: Beats
  /** Loudness, 0..1: downbeats and cadences are stressed. */
  readonly velocity: number
  readonly ornament?: Ornament
  /** For `grace`: the pitch of the grace note (always one of the five tones). */
  readonly graceMidi?: Midi
}

/** A phrase's span in beats, end exclusive. */
export interface Phrase {
  readonly start: Beats
  readonly end: Beats
}

/** A folk-style melody in a labelled mode, deterministic from its seed. */
export interface Melody {
  readonly label: Label
  readonly notes: readonly MelodyNote[]
  /** Beats per minute. */
  readonly tempo: number
  readonly beatsPerBar: 2 | 4
  readonly phrases: readonly Phrase[]
  readonly seed: number
}

export interface MelodyOptions {
  readonly seed: number
  /**
   * Length in four-beat bars, at least 4 (default 8): the melody lasts `4 × bars` beats whatever its metre, so a
   * 2/4 melody has twice as many bars of its own.
   */
  readonly bars?: number
  /** Beats per minute (default: 66–96 from the seed). */
  readonly tempo?: number
  /** 2/4 or 4/4 (default: from the seed, 2/4 about nine times in ten, as in Han folk songs). */
  readonly beatsPerBar?: 2 | 4
  /** The tonic's MIDI note, which is the final note (default: G3..F#4 from the label, so the range stays singable). */
  readonly tonicMidi?: Midi
  /** For 六声/七声: wanted share of notes that are each extra tone (default: the Han songs' rate). */
  readonly extraToneRate?: number
}

/** The outcome of {@link checkMelody}: the melody carries its label, or the first reason it does not. */
export type MelodyCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** The generator's tables, fitted on Han folk songs by bench/fit-melody.ts. */
interface MelodyTables {
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
type MoveBucket = 'link' | 'open' | 'body' | 'approach' | 'cadence'

const T = TABLES as unknown as MelodyTables
const EPS = 1e-9
/** The pentatonic degrees above 宫: a note's place on the ladder of its system is 5 per octave plus its degree. */
const PENTA = [0, 2, 4, 7, 9] as const
const MAX_MOVE = 5
/** Offset of `firstNote` indices (ladder steps from the final tonic). */
const FIRST_OFFSET = 5
/** The shortest melody, in four-beat bars: room for five tones, two extra tones and a cadence. */
const MIN_BARS = 4
/** Draws before the safe fallback. */
const MAX_ATTEMPTS = 60
/** An extra tone of the label must sound less than this share of any other reading's extra tones. */
const READING_RATIO = 0.5
/** At most this share of the profile may be extra tones: 六声, 七声. */
const MAX_EXTRA_SHARE = { 6: 0.12, 7: 0.2 } as const
/** Each extra tone must hold this share of the profile, or a listener hears the simpler type. */
const MIN_EXTRA_SHARE = 0.04
/** 宫 and 角 must each hold this share, so the third that fixes the system is heard. */
const MIN_GONG_JUE_SHARE = 0.04

/**
 * True when a position falls on a strong beat: the downbeat, and beat 3 in 4/4. Extra tones never do.
 * @example isStrongBeat(2, 4) → true; isStrongBeat(1, 4) → false; isStrongBeat(4.5, 4) → false
 */
export function isStrongBeat(start: Beats, beatsPerBar: number): boolean {
  const pos = ((start % beatsPerBar) + beatsPerBar) % beatsPerBar
  if (Math.abs(pos - Math.round(pos)) > EPS) return false
  const beat = Math.round(pos) % beatsPerBar
  return beat === 0 || (beatsPerBar === 4 && beat === 2)
}

/** The melody's length in seconds (to the end of its last note). */
export function melodyDuration(melody: Pick<Melody, 'notes' | 'tempo'>): Seconds {
  const end = melody.notes.reduce((m, n) => Math.max(m, n.start + n.duration), 0)
  return (end * 60) / melody.tempo
}

/** The default tonic register: G3..F#4, so the fitted range (a fifth below to an octave and more above) stays singable. */
export function defaultTonicMidi(tonic: PitchClass): Midi {
  return tonic >= 7 ? 48 + tonic : 60 + tonic
}

/**
 * A folk-style melody in the label's mode, deterministic from the seed, that carries its label as heard (see
 * {@link checkMelody}). Phrase lengths, bar rhythms, moves between degrees by place in the phrase, phrase endings
 * and final cadences are drawn from tables fitted on Han folk songs; each phrase is a walk conditioned to reach its
 * cadence. 六声/七声 extra tones go on weak beats and short notes. A draw that fails the check is redrawn (from a
 * seed derived from the same seed), so every caller gets the same checked melody for a seed. Throws a RangeError
 * for a `tonicMidi` that is not the label's tonic.
 * @example generateMelody(labelFromTonic(9, 'yu'), { seed: 1 }).notes.at(-1).midi % 12 → 9
 */
export function generateMelody(label: Label, opts: MelodyOptions): Melody {
  if (opts.tonicMidi !== undefined && mod12(opts.tonicMidi) !== label.tonic)
    throw new RangeError(`tonicMidi ${opts.tonicMidi} is not the tonic ${pitchClassName(label.tonic)}`)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const m = draftMelody(label, opts, deriveSeed(opts.seed >>> 0, attempt))
    if (m && checkMelody(m).ok) return m
  }
  return fallbackMelody(label, opts)
}

/**
 * Whether a melody carries its label as heard: only the label's tones sound; it ends on the tonic, on a strong
 * beat, on the longest note of its last phrase, after a core tone; the tonic is the strongest tone of rest; all
 * five tones sound, 宫 and 角 clearly; each extra tone sounds, only on weak beats and short notes; the extra tones
 * stay a small share, and sound less than half as much as the tones any other reading of the same notes would
 * call extra instead.
 * @example checkMelody(generateMelody(label, { seed: 3 })) → { ok: true }
 */
export function checkMelody(m: Pick<Melody, 'label' | 'notes' | 'tempo' | 'beatsPerBar'>): MelodyCheck {
  const fail = (reason: string): MelodyCheck => ({ ok: false, reason })
  const { label, notes } = m
  if (notes.length < 4) return fail(`only ${notes.length} notes`)
  const name = (pc: PitchClass) => pitchClassName(pc)
  const collection = new Set(collectionPitchClasses(label.system, label.type))
  for (const n of notes) {
    if (!(n.duration > 0)) return fail(`a note at beat ${n.start} has no duration`)
    if (!collection.has(mod12(n.midi))) return fail(`${name(mod12(n.midi))} is not in the collection`)
    if (n.graceMidi !== undefined && !collection.has(mod12(n.graceMidi)))
      return fail(`grace note ${name(mod12(n.graceMidi))} is not in the collection`)
  }
  const last = notes[notes.length - 1]
  const end = last.start + last.duration
  if (mod12(last.midi) !== label.tonic) return fail(`ends on ${name(mod12(last.midi))}, not the tonic`)
  if (!isStrongBeat(last.start, m.beatsPerBar)) return fail('the final note is not on a strong beat')
  if (last.duration < 1) return fail('the final note is short')
  const tail = notes.filter((n) => n.start >= end - 8 - EPS)
  if (tail.some((n) => n.duration > last.duration + EPS))
    return fail('a note near the end outlasts the final')
  const core = collectionPitchClasses(label.system, 'pentatonic')
  const penult = notes[notes.length - 2]
  if (!core.includes(mod12(penult.midi)) || Math.abs(penult.midi - last.midi) > 7)
    return fail('the final note does not follow a cadence (a core tone within a fifth)')

  const profile = heardProfile(notes, m.tempo)
  for (const pc of core) if (profile[pc] <= 0) return fail(`${name(pc)} (one of the five tones) never sounds`)
  for (const s of [0, 4])
    if (profile[mod12(label.system + s)] < MIN_GONG_JUE_SHARE)
      return fail(`${s === 0 ? '宫' : '角'} sounds too little for the 宫–角 third to be heard`)
  const rest = restWeights(notes, m.tempo, profile)
  for (let pc = 0; pc < 12; pc++)
    if (pc !== label.tonic && rest[pc] >= rest[label.tonic])
      return fail(`${name(pc)} rests as much as the tonic`)

  const extras = extraTones(label.type).map((s) => mod12(label.system + s))
  for (const pc of extras) {
    if (profile[pc] <= 0) return fail(`its extra tone ${name(pc)} never sounds`)
    if (profile[pc] < MIN_EXTRA_SHARE) return fail(`its extra tone ${name(pc)} sounds too little to be heard`)
  }
  for (const n of notes)
    if (extras.includes(mod12(n.midi)) && (isStrongBeat(n.start, m.beatsPerBar) || n.duration > 1 + EPS))
      return fail(`extra tone ${name(mod12(n.midi))} on a strong beat or a long note (beat ${n.start})`)
  if (extras.length > 0) {
    const own = extras.reduce((a, pc) => a + profile[pc], 0)
    const max = MAX_EXTRA_SHARE[extras.length === 1 ? 6 : 7]
    if (own > max) return fail(`the extra tones hold ${pct(own)} of the melody (at most ${pct(max)})`)
    // Tones both readings call extra weigh the same on both sides: compare the others.
    for (const other of otherReadings(label)) {
      const mine = extras.filter((pc) => !other.extras.includes(pc)).reduce((a, pc) => a + profile[pc], 0)
      const theirs = other.extras.filter((pc) => !extras.includes(pc)).reduce((a, pc) => a + profile[pc], 0)
      if (mine >= READING_RATIO * theirs)
        return fail(`the notes read as well as ${name(other.system)}宫 ${SCALE_TYPE_INFO[other.type].zh}`)
    }
  }
  return { ok: true }
}

/** The other (system, type) readings of the label's collection with as many tones, and their extra tones. */
function otherReadings(label: Label): readonly Reading[] {
  const key = `${label.system}/${label.type}`
  let out = READINGS.get(key)
  if (!out) READINGS.set(key, (out = findReadings(label)))
  return out
}

interface Reading {
  readonly system: PitchClass
  readonly type: ScaleType
  readonly extras: readonly PitchClass[]
}

/** Memo of {@link otherReadings} per system and type (72 entries at most). */
const READINGS = new Map<string, readonly Reading[]>()

function findReadings(label: Label): Reading[] {
  const own = collectionPitchClasses(label.system, label.type)
  const key = (pcs: readonly number[]) => [...pcs].sort((a, b) => a - b).join(',')
  const out: Reading[] = []
  for (const type of SCALE_TYPES)
    for (let system = 0; system < 12; system++) {
      if (system === label.system && type === label.type) continue
      const pcs = collectionPitchClasses(system, type)
      if (pcs.length !== own.length || key(pcs) !== key(own)) continue
      out.push({ system, type, extras: extraTones(type).map((s) => mod12(system + s)) })
    }
  return out
}

/**
 * The 12-bin profile a listener (and the analyzer) hears: a blend of time (a note's span, capped at 1.5 s) and
 * note counts (so short extra tones count), summing to 1.
 */
function heardProfile(notes: readonly Pick<MelodyNote, 'midi' | 'duration'>[], tempo: number): number[] {
  const time = new Array<number>(12).fill(0)
  const count = new Array<number>(12).fill(0)
  for (const n of notes) {
    time[mod12(n.midi)] += Math.min(1.5, (n.duration * 60) / tempo)
    count[mod12(n.midi)] += 1
  }
  const tt = time.reduce((a, b) => a + b, 0)
  return time.map((t, pc) => 0.6 * (t / tt) + 0.4 * (count[pc] / notes.length))
}

/**
 * How strongly each pitch class is heard as the tone of rest: the final note half, notes held well beyond the
 * typical span (phrase endings) three tenths, the profile the rest.
 */
function restWeights(notes: readonly MelodyNote[], tempo: number, profile: readonly number[]): number[] {
  const w = profile.map((p) => 0.2 * p)
  w[mod12(notes[notes.length - 1].midi)] += 0.5
  const spans = notes.slice(0, -1).map((n) => (n.duration * 60) / tempo)
  const typical = [...spans].sort((a, b) => a - b)[Math.floor(spans.length / 2)]
  const held = spans.map((s, i) => ({ pc: mod12(notes[i].midi), s })).filter((x) => x.s >= 1.8 * typical)
  const total = held.reduce((a, x) => a + x.s, 0)
  for (const x of held) w[x.pc] += (0.3 * x.s) / total
  if (total === 0) for (let pc = 0; pc < 12; pc++) w[pc] += 0.3 * profile[pc]
  return w
}

interface Draft {
  midi: Midi
  start: Beats
  duration: Beats
  velocity: number
  ornament?: Ornament
  graceMidi?: Midi
  extra: boolean
  phraseEnd: boolean
  phraseStart: boolean
}

/** One draw of the generator from one seed, or null when its constraints could not be met. */
function draftMelody(label: Label, opts: MelodyOptions, seed: number): Melody | null {
  const rng = mulberry32(seed)
  const pattern = label.pattern
  const beatsPerBar: 2 | 4 =
    opts.beatsPerBar ?? (chance(rng, T.metres['4'] / (T.metres['2'] + T.metres['4'])) ? 4 : 2)
  const beats = 4 * Math.max(MIN_BARS, Math.floor(opts.bars ?? 8))
  const tempo = opts.tempo ?? randInt(rng, 66, 96)
  const tonicMidi = opts.tonicMidi ?? defaultTonicMidi(label.tonic)
  const tonicStep = ladderOf(tonicMidi, label.system)
  // The states of the walk: the five tones from the fitted low to high end of the range around the final tonic.
  const [lo, hi] = T.range
  const states = Array.from({ length: hi - lo + 1 }, (_, s) => midiOf(tonicStep + lo + s, label.system))
  const degree = (s: number) => mod5(tonicStep + lo + s)
  const above = (s: number) => mod5(lo + s) // steps above the tonic, 0..4
  const tonicState = -lo

  const phraseBars = splitPhrases(rng, beats / beatsPerBar, beatsPerBar)
  const drafts: Draft[] = []
  const phrases: Phrase[] = []
  let bar = 0
  let prev: number | null = null
  for (let p = 0; p < phraseBars.length; p++) {
    const final = p === phraseBars.length - 1
    const rhythm = phraseRhythm(rng, beatsPerBar, bar, phraseBars[p], final)
    const n = rhythm.length
    const allowed: (Uint8Array | null)[] = new Array(n).fill(null)
    const only = (keep: (s: number) => boolean) => Uint8Array.from(states, (_, s) => (keep(s) ? 1 : 0))
    if (final) {
      const [a, b] = drawRow(rng, T.finalCadences[pattern])
      const tailSteps = [a, b, 0].slice(Math.max(0, 4 - n))
      tailSteps.forEach((step, k) => {
        const want = tonicState + step
        allowed[n - tailSteps.length + k] = only((s) => s === want)
      })
    } else {
      const end = pickWeighted(
        rng,
        T.phraseEnds[pattern].map((w, d) => [d, w] as const),
      )
      allowed[n - 1] = only((s) => above(s) === end)
    }
    const buckets: MoveBucket[] = rhythm.map((_, j) =>
      j === 0 ? 'link' : j === n - 1 ? 'cadence' : j === n - 2 ? 'approach' : j === 1 ? 'open' : 'body',
    )
    const walk = conditionedWalk(rng, pattern, degree(0), states.length, buckets, allowed, prev, (s) => {
      const i = s - tonicState + FIRST_OFFSET
      return T.firstNote[pattern][i] ?? 0
    })
    if (!walk) return null
    rhythm.forEach((r, j) =>
      drafts.push({
        midi: states[walk[j]],
        start: r.start,
        duration: r.duration,
        velocity: 0,
        extra: false,
        phraseStart: j === 0,
        phraseEnd: j === n - 1,
      }),
    )
    prev = walk[n - 1]
    phrases.push({ start: bar * beatsPerBar, end: (bar + phraseBars[p]) * beatsPerBar })
    bar += phraseBars[p]
  }
  addExtraTones(rng, drafts, label, beatsPerBar, tempo, opts.extraToneRate ?? T.extraRate)
  addOrnaments(rng, drafts, states, beatsPerBar)
  for (const d of drafts) d.velocity = stress(rng, d, beatsPerBar)
  // The final tonic is played out: a quiet last note could pass for a tail rather than the tone of rest.
  drafts[drafts.length - 1].velocity = 1
  return { label, notes: drafts.map(toNote), tempo, beatsPerBar, phrases, seed: opts.seed }
}

/** Transition matrices (row `from`, column `to`, over `count` states) per pattern, first degree and bucket. */
const MOVE_MATRICES = new Map<string, Float64Array>()

/** The fitted moves as a matrix over the walk's states; the lowest state is `degree0` steps above 宫. */
function moveMatrix(pattern: Pattern, degree0: number, count: number, bucket: MoveBucket): Float64Array {
  const key = `${pattern}/${degree0}/${count}/${bucket}`
  let m = MOVE_MATRICES.get(key)
  if (m) return m
  m = new Float64Array(count * count)
  for (let from = 0; from < count; from++) {
    const row = T.moves[pattern][bucket][mod5(degree0 + from)]
    for (let to = Math.max(0, from - MAX_MOVE); to <= Math.min(count - 1, from + MAX_MOVE); to++)
      m[from * count + to] = (row[to - from + MAX_MOVE] ?? 0) + 1e-4 // never quite impossible
  }
  MOVE_MATRICES.set(key, m)
  return m
}

/**
 * A walk over `count` states (places on the pentatonic ladder) with the fitted moves, conditioned on the
 * constraints (`allowed[j]`: the states note j may take, or null for any): backward messages give, for each note
 * and state, the chance of meeting every later constraint, and the forward draw weighs each move by it. Null
 * when the constraints cannot be met.
 */
function conditionedWalk(
  rng: Rng,
  pattern: Pattern,
  degree0: number,
  count: number,
  buckets: readonly MoveBucket[],
  allowed: readonly (Uint8Array | null)[],
  prev: number | null,
  first: (s: number) => number,
): number[] | null {
  const n = buckets.length
  const byBucket = new Map<MoveBucket, Float64Array>()
  const mats = buckets.map((b) => {
    let m = byBucket.get(b)
    if (!m) byBucket.set(b, (m = moveMatrix(pattern, degree0, count, b)))
    return m
  })
  const beta: Float64Array[] = new Array(n)
  beta[n - 1] = new Float64Array(count).fill(1)
  if (allowed[n - 1]) for (let s = 0; s < count; s++) beta[n - 1][s] = allowed[n - 1]![s]
  for (let j = n - 2; j >= 0; j--) {
    const next = beta[j + 1]
    const m = mats[j + 1]
    const out = new Float64Array(count)
    let max = 0
    for (let s = 0; s < count; s++) {
      if (allowed[j] && !allowed[j]![s]) continue
      let sum = 0
      const hi = Math.min(count - 1, s + MAX_MOVE)
      for (let t = Math.max(0, s - MAX_MOVE); t <= hi; t++) sum += m[s * count + t] * next[t]
      out[s] = sum
      if (sum > max) max = sum
    }
    // Keep the messages in range on long phrases.
    if (max > 0) for (let s = 0; s < count; s++) out[s] /= max
    beta[j] = out
  }
  const walk: number[] = []
  const w = new Float64Array(count)
  for (let j = 0; j < n; j++) {
    const from = j === 0 ? prev : walk[j - 1]
    let total = 0
    for (let s = 0; s < count; s++) {
      w[s] = (from === null ? first(s) : mats[j][from * count + s]) * beta[j][s]
      total += w[s]
    }
    if (!(total > 0)) return null
    let r = rng() * total
    let pickS = count - 1
    for (let s = 0; s < count; s++) {
      r -= w[s]
      if (r < 0 && w[s] > 0) {
        pickS = s
        break
      }
    }
    while (w[pickS] <= 0) pickS-- // rounding at the top end
    walk.push(pickS)
  }
  return walk
}

/** Bars per phrase, drawn from the fitted lengths: every phrase at least four beats, the bars filled exactly. */
function splitPhrases(rng: Rng, bars: number, beatsPerBar: 2 | 4): number[] {
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
function phraseRhythm(
  rng: Rng,
  beatsPerBar: 2 | 4,
  firstBar: number,
  bars: number,
  final: boolean,
): { start: Beats; duration: Beats }[] {
  const table = T.rhythms[beatsPerBar === 2 ? '2' : '4']
  const out: { start: Beats; duration: Beats }[] = []
  for (let b = 0; b < bars; b++) {
    // A short phrase (four beats) closes with the rhythms short phrases close with in the songs.
    const cadence = bars * beatsPerBar <= 4 && table.cadenceShort.length ? table.cadenceShort : table.cadence
    const kind = b < bars - 1 ? table.body : final ? FINAL_BARS[beatsPerBar] : cadence
    let t = (firstBar + b) * beatsPerBar
    for (const d of drawRow(rng, kind)) {
      out.push({ start: t, duration: d })
      t += d
    }
  }
  return out
}

/** Totals of the fitted weight tables, computed once each (the rhythm tables are drawn from for every bar). */
const TOTALS = new WeakMap<object, number>()

/** {@link pickWeighted} over a fixed table, without summing its weights every time. */
function drawRow<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
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

/**
 * Turns some notes into the type's extra tones, only as passing or neighbour tones inside a phrase (never the note
 * before a cadence): a weak-beat note of half a beat to a beat next to the extra tone, between notes a step or so
 * from it; or, failing that, the off-beat second half of a one-beat note.
 */
function addExtraTones(
  rng: Rng,
  drafts: Draft[],
  label: Label,
  beatsPerBar: number,
  tempo: number,
  rate: number,
): void {
  const extras = extraTones(label.type).map((s) => mod12(label.system + s))
  // The tones another reading of these notes would call extra must keep sounding: do not replace them.
  const rivals = new Set(otherReadings(label).flatMap((r) => r.extras.filter((pc) => !extras.includes(pc))))
  for (const pc of extras) {
    // The Han songs' rate, and more until a listener hears it (the check's share, with a margin).
    const least = Math.max(1, Math.round(rate * drafts.length))
    for (let k = 0; k < least + 6; k++) {
      if (k >= least && heardProfile(drafts, tempo)[pc] >= MIN_EXTRA_SHARE + 0.01) break
      const swaps: { index: number; midi: Midi }[] = []
      const splits: { index: number; midi: Midi }[] = []
      // Sixteenths only when nothing longer will do: the shortest notes are the easiest to miss.
      const shorts: { index: number; midi: Midi }[] = []
      for (let i = 1; i < drafts.length - 1; i++) {
        const [p, d, nx] = [drafts[i - 1], drafts[i], drafts[i + 1]]
        if (d.extra || p.extra || nx.extra || d.phraseEnd || d.phraseStart || nx.phraseEnd) continue
        const e = d.midi + ((((pc - d.midi) % 12) + 18) % 12) - 6
        // A neighbour of the extra tone, or a note a third from it between two notes a step from it.
        const between = Math.abs(p.midi - e) <= 2 && Math.abs(nx.midi - e) <= 2
        if (Math.abs(e - d.midi) > (between ? 4 : 2) || Math.abs(nx.midi - e) > 5) continue
        const weak = !isStrongBeat(d.start, beatsPerBar)
        const swap = weak && d.duration <= 1 && Math.abs(p.midi - e) <= 5
        // A rival keeps most of its note when split, but would lose all of it in a swap.
        if (swap && !rivals.has(mod12(d.midi)))
          (d.duration >= 0.5 ? swaps : shorts).push({ index: i, midi: e })
        else if (d.duration >= 1 && !isStrongBeat(d.start + d.duration - 0.5, beatsPerBar))
          splits.push({ index: i, midi: e })
      }
      if (swaps.length || (!splits.length && shorts.length)) {
        const c = pick(rng, swaps.length ? swaps : shorts)
        drafts[c.index].midi = c.midi
        drafts[c.index].extra = true
      } else if (splits.length) {
        const c = pick(rng, splits)
        const d = drafts[c.index]
        d.duration -= 0.5
        drafts.splice(c.index + 1, 0, {
          ...d,
          midi: c.midi,
          start: d.start + d.duration,
          duration: 0.5,
          extra: true,
          phraseStart: false,
          phraseEnd: false,
        })
      } else break
    }
  }
}

/**
 * The melody used when no draw passes the check (rare: see the tests): the five tones rising from the tonic and
 * falling back, over and over, each extra tone once a round as a short passing note, then a long final tonic.
 * Exported for its test.
 */
export function fallbackMelody(label: Label, opts: MelodyOptions): Melody {
  const beatsPerBar = opts.beatsPerBar ?? 2
  const tempo = opts.tempo ?? 80
  const beats = 4 * Math.max(MIN_BARS, Math.floor(opts.bars ?? 8))
  const tonicMidi = opts.tonicMidi ?? defaultTonicMidi(label.tonic)
  const step = ladderOf(tonicMidi, label.system)
  const round = [0, 1, 2, 3, 4, 5, 4, 3, 2, 1].map((k) => midiOf(step + k, label.system))
  const extras = extraTones(label.type).map((s) => mod12(label.system + s))
  const finalLength = beatsPerBar === 4 ? 4 : 2
  const notes: MelodyNote[] = []
  let t = 0
  const push = (midi: Midi, duration: Beats, velocity: number) => {
    notes.push({ midi, start: t, duration, velocity })
    t += duration
  }
  // Each extra tone hangs on a core tone a step away that no other reading would call extra (it keeps sounding).
  const rivals = new Set(otherReadings(label).flatMap((r) => r.extras))
  const core = collectionPitchClasses(label.system, 'pentatonic').filter((pc) => !rivals.has(pc))
  const hosts = extras.map((e) => {
    const d = (pc: PitchClass) => Math.min(mod12(pc - e), mod12(e - pc))
    return core.filter((pc) => d(pc) <= 2).sort((a, b) => d(a) - d(b))[0]
  })
  for (let r = 0; t < beats - finalLength - 1; r++) {
    // Extra tones in the first round and in whole rounds only, so the tones around them keep sounding more.
    const placed = new Set<number>(r > 0 && t + round.length > beats - finalLength - 1 ? hosts.keys() : [])
    for (const m of round) {
      if (t >= beats - finalLength - 1) break
      const k = hosts.findIndex((h, i) => h === mod12(m) && !placed.has(i))
      if (k >= 0 && notes.length > 0) {
        // The extra tone on the host's second half, on the off-beat.
        placed.add(k)
        push(m, 0.5, 0.75)
        push(m + ((((extras[k] - m) % 12) + 18) % 12) - 6, 0.5, 0.55)
      } else push(m, 1, 0.75)
    }
  }
  while (t < beats - finalLength) push(midiOf(step + 1, label.system), 1, 0.7)
  push(tonicMidi, finalLength, 0.9)
  return { label, notes, tempo, beatsPerBar, phrases: [{ start: 0, end: beats }], seed: opts.seed }
}

function toNote(d: Draft): MelodyNote {
  const n: MelodyNote = { midi: d.midi, start: d.start, duration: d.duration, velocity: d.velocity }
  if (d.ornament === 'grace') return { ...n, ornament: 'grace', graceMidi: d.graceMidi }
  return d.ornament ? { ...n, ornament: d.ornament } : n
}

/** A note's place on the pentatonic ladder of the system (5 per octave); a non-pentatonic note rounds down. */
function ladderOf(midi: Midi, system: PitchClass): number {
  const above = midi - system
  const within = mod12(above)
  let deg = 0
  for (let i = 0; i < 5; i++) if (PENTA[i] <= within) deg = i
  return 5 * Math.floor(above / 12) + deg
}

function midiOf(step: number, system: PitchClass): Midi {
  return system + 12 * Math.floor(step / 5) + PENTA[mod5(step)]
}

function mod5(n: number): number {
  return ((n % 5) + 5) % 5
}

function pct(x: number): string {
  return `${Math.round(100 * x)}%`
}

/** Vibrato on long notes, glides into leaps, grace notes (from the tone above) on some stressed notes. */
function addOrnaments(rng: Rng, drafts: Draft[], core: readonly Midi[], beatsPerBar: number): void {
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]
    if (d.extra) continue
    const leap = i > 0 ? Math.abs(d.midi - drafts[i - 1].midi) : 0
    if (d.duration >= 1.5 && chance(rng, 0.7)) d.ornament = 'vibrato'
    else if (leap >= 3 && d.duration >= 0.5 && chance(rng, 0.35)) d.ornament = 'glide'
    else if (isStrongBeat(d.start, beatsPerBar) && d.duration >= 1 && chance(rng, 0.2)) {
      const above = core.find((m) => m > d.midi)
      const below = [...core].reverse().find((m) => m < d.midi)
      const grace = above ?? below
      if (grace !== undefined) {
        d.ornament = 'grace'
        d.graceMidi = grace
      }
    }
  }
  const last = drafts[drafts.length - 1]
  if (!last.ornament) last.ornament = 'vibrato'
}

/** Velocity from metre and phrasing: downbeats and cadences louder, extra tones softer, a little jitter. */
function stress(rng: Rng, d: Draft, beatsPerBar: number): number {
  const pos = d.start % beatsPerBar
  let v = 0.68
  if (Math.abs(pos) < EPS) v += 0.15
  else if (isStrongBeat(d.start, beatsPerBar)) v += 0.07
  if (d.phraseEnd) v += 0.08
  if (d.extra) v -= 0.1
  return Math.max(0.05, Math.min(1, v + 0.05 * (rng() * 2 - 1)))
}
