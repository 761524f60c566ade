import type { Label } from '../theory/label.ts'
import { collectionPitchClasses } from '../theory/label.ts'
import { mod12, pitchClassName, type PitchClass } from '../theory/pitch-class.ts'
import { extraTones } from '../theory/scale-types.ts'
import type { Pattern } from '../theory/tones.ts'
import type { Midi } from '../theory/units.ts'
import { T, type MoveBucket } from './melody-tables.ts'
import { drawRow, phraseRhythm, splitPhrases } from './melody-rhythm.ts'
import {
  heardProfile,
  MIN_EXTRA_SHARE,
  MIN_NOTE_SECONDS,
  otherReadings,
  checkMelody,
} from './melody-check.ts'
import {
  defaultTonicMidi,
  isStrongBeat,
  LATEST_MELODY_RULES,
  type Beats,
  type Melody,
  type MelodyNote,
  type MelodyOptions,
  type MelodyRules,
  type Ornament,
  type Phrase,
} from './melody-types.ts'
import { chance, deriveSeed, mulberry32, pick, pickWeighted, randInt, type Rng } from './random.ts'

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
    if (m && checkMelody(m, opts.rules).ok) return m
  }
  return fallbackMelody(label, opts)
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
  const rules = opts.rules ?? LATEST_MELODY_RULES
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
    const rhythm = phraseRhythm(
      rng,
      beatsPerBar,
      bar,
      phraseBars[p],
      final,
      rules >= 2 ? (MIN_NOTE_SECONDS * tempo) / 60 : 0,
    )
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
  for (const d of drafts) d.velocity = stress(rng, d, beatsPerBar, rules)
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

/**
 * Velocity from metre and phrasing: downbeats and cadences louder, a little jitter. Since rules 2 extra tones are
 * not made softer: Practice's player sounds every note alike, and its analyzer must hear them as the learner does.
 */
function stress(rng: Rng, d: Draft, beatsPerBar: number, rules: MelodyRules): number {
  const pos = d.start % beatsPerBar
  let v = 0.68
  if (Math.abs(pos) < EPS) v += 0.15
  else if (isStrongBeat(d.start, beatsPerBar)) v += 0.07
  if (d.phraseEnd) v += 0.08
  if (rules < 2 && d.extra) v -= 0.1
  return Math.max(0.05, Math.min(1, v + 0.05 * (rng() * 2 - 1)))
}
