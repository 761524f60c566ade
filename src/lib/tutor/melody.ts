import type { Label } from '../theory/label.ts'
import { collectionPitchClasses } from '../theory/label.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { extraTones } from '../theory/scale-types.ts'
import type { Midi, Seconds } from '../theory/units.ts'
import { chance, gaussian, mulberry32, pick, pickWeighted, randInt, type Rng } from './random.ts'

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
  /** For `grace`: the pitch of the grace note (always a tone of the collection). */
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
  /** Number of bars, ≥ 1 (default 8: four two-bar phrases, 起承转合). */
  readonly bars?: number
  /** Beats per minute (default: 66–96 from the seed). */
  readonly tempo?: number
  /** 4/4 (default) or 2/4, the common folk-song metres. */
  readonly beatsPerBar?: 2 | 4
  /** The tonic's MIDI note (default: G3..F#4 from the label, so the range stays singable). */
  readonly tonicMidi?: Midi
  /** For 六声/七声: wanted share of notes that are each extra tone (default 0.06). */
  readonly extraToneRate?: number
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

const EPS = 1e-9

/** Bar rhythms in beats; weights favour the plain quarter/eighth figures of folk tunes. */
const RHYTHMS: Record<
  2 | 4,
  { body: [number[], number][]; cadence: [number[], number][]; final: [number[], number][] }
> = {
  4: {
    body: [
      [[1, 1, 1, 1], 3],
      [[0.5, 0.5, 1, 1, 1], 3],
      [[1, 0.5, 0.5, 1, 1], 3],
      [[1.5, 0.5, 1, 1], 3],
      [[1, 1, 0.5, 0.5, 1], 2],
      [[0.5, 0.5, 0.5, 0.5, 1, 1], 2],
      [[2, 1, 1], 2],
      [[0.75, 0.25, 1, 1, 1], 1],
    ],
    cadence: [
      [[1, 1, 2], 3],
      [[0.5, 0.5, 1, 2], 3],
      [[1, 3], 1],
      [[2, 2], 1],
    ],
    final: [
      [[1, 3], 2],
      [[0.5, 0.5, 3], 2],
      [[2, 2], 1],
    ],
  },
  2: {
    body: [
      [[1, 1], 3],
      [[0.5, 0.5, 1], 3],
      [[1, 0.5, 0.5], 2],
      [[0.5, 0.5, 0.5, 0.5], 2],
      [[1.5, 0.5], 2],
      [[0.75, 0.25, 1], 1],
    ],
    cadence: [
      [[2], 2],
      [[0.5, 0.5, 1], 1],
    ],
    final: [[[2], 1]],
  },
}

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

/** The default tonic register: G3..F#4, so a range from a fourth below to a ninth above stays singable. */
export function defaultTonicMidi(tonic: PitchClass): Midi {
  return tonic >= 7 ? 48 + tonic : 60 + tonic
}

/**
 * A folk-style melody in the label's mode, deterministic from the seed: four phrases (起承转合) of mostly
 * stepwise motion, cadences on long notes, the tonic stressed on downbeats and at the 承 cadence, and a long
 * final tonic. For 六声/七声 the extra tones appear only as short passing or neighbour tones on weak beats.
 * @example generateMelody(labelFromTonic(9, 'yu'), { seed: 1 }).notes.at(-1).midi % 12 → 9
 */
export function generateMelody(label: Label, opts: MelodyOptions): Melody {
  const rng = mulberry32(opts.seed)
  const beatsPerBar = opts.beatsPerBar ?? 4
  const bars = Math.max(1, Math.floor(opts.bars ?? 8))
  const tempo = opts.tempo ?? randInt(rng, 66, 96)
  const tonicMidi = opts.tonicMidi ?? defaultTonicMidi(label.tonic)
  const core = corePitches(label, tonicMidi)
  const phraseBars = splitPhrases(bars, beatsPerBar)
  const cadencePcs = cadenceTargets(label, phraseBars.length, rng)

  const drafts: Draft[] = []
  const phrases: Phrase[] = []
  let bar = 0
  let idx = nearestIndex(core, tonicMidi)
  for (let p = 0; p < phraseBars.length; p++) {
    const last = p === phraseBars.length - 1
    const target = last ? core.indexOf(tonicMidi) : nearestIndexOfPc(core, cadencePcs[p], core[idx])
    const start = bar * beatsPerBar
    const phraseNotes = phraseRhythm(rng, beatsPerBar, bar, phraseBars[p], last)
    // The first phrase opens on or near the tonic; later ones pick up near where the last one cadenced.
    const open =
      p === 0 && chance(rng, 0.5) ? core.indexOf(tonicMidi) : clampIndex(core, idx + randInt(rng, -2, 2))
    const pitches = phraseContour(
      rng,
      core,
      { open, target, tonic: label.tonic },
      phraseNotes,
      beatsPerBar,
      p,
    )
    phraseNotes.forEach((n, j) =>
      drafts.push({
        midi: core[pitches[j]],
        start: n.start,
        duration: n.duration,
        velocity: 0,
        extra: false,
        phraseStart: j === 0,
        phraseEnd: j === phraseNotes.length - 1,
      }),
    )
    idx = pitches[pitches.length - 1]
    bar += phraseBars[p]
    phrases.push({ start, end: bar * beatsPerBar })
  }

  addExtraTones(rng, drafts, label, beatsPerBar, opts.extraToneRate ?? 0.06)
  addOrnaments(rng, drafts, core, beatsPerBar)
  for (const d of drafts) d.velocity = stress(rng, d, beatsPerBar)

  const notes: MelodyNote[] = drafts.map((d) => {
    const n: MelodyNote = { midi: d.midi, start: d.start, duration: d.duration, velocity: d.velocity }
    if (d.ornament === 'grace') return { ...n, ornament: 'grace', graceMidi: d.graceMidi }
    return d.ornament ? { ...n, ornament: d.ornament } : n
  })
  return { label, notes, tempo, beatsPerBar, phrases, seed: opts.seed }
}

/** The pentatonic tones from a fourth below the tonic to a ninth above: about an octave and a half. */
function corePitches(label: Label, tonicMidi: Midi): Midi[] {
  const pcs = new Set(collectionPitchClasses(label.system, 'pentatonic'))
  const out: Midi[] = []
  for (let m = tonicMidi - 5; m <= tonicMidi + 14; m++) if (pcs.has(mod12(m))) out.push(m)
  return out
}

/**
 * Bars per phrase: up to four phrases of at least eight beats each (so every phrase has a body before its
 * cadence), the remainder spread from the front.
 */
function splitPhrases(bars: number, beatsPerBar: number): number[] {
  const n = Math.max(1, Math.min(4, Math.floor((bars * beatsPerBar) / 8)))
  const base = Math.floor(bars / n)
  return Array.from({ length: n }, (_, i) => base + (i < bars % n ? 1 : 0))
}

/**
 * The pitch class each phrase cadences on. The mode's degrees from the tonic are d0..d4; 起 rests on a
 * tone away from the tonic, 承 usually on the tonic (or its upper fifth-ish d3), 转 on a contrast, 合 on the tonic.
 */
function cadenceTargets(label: Label, phrases: number, rng: Rng): PitchClass[] {
  const degrees = collectionPitchClasses(label.system, 'pentatonic')
    .map((pc) => mod12(pc - label.tonic))
    .sort((a, b) => a - b)
    .map((above) => mod12(label.tonic + above))
  const away = (): PitchClass =>
    pickWeighted(rng, [
      [degrees[3], 3],
      [degrees[1], 2],
      [degrees[2], 2],
      [degrees[4], 2],
    ])
  const out: PitchClass[] = []
  for (let p = 0; p < phrases; p++) {
    if (p === phrases - 1) out.push(label.tonic)
    else if (phrases === 4 && p === 1)
      out.push(
        pickWeighted(rng, [
          [degrees[0], 5],
          [degrees[3], 3],
          [degrees[2], 2],
        ]),
      )
    else out.push(away())
  }
  return out
}

/** The rhythm of one phrase: body bars, then a cadence bar ending on a long note (the final bar: longer). */
function phraseRhythm(
  rng: Rng,
  beatsPerBar: 2 | 4,
  firstBar: number,
  bars: number,
  final: boolean,
): { start: Beats; duration: Beats }[] {
  const table = RHYTHMS[beatsPerBar]
  const out: { start: Beats; duration: Beats }[] = []
  for (let b = 0; b < bars; b++) {
    const kind = b < bars - 1 ? table.body : final ? table.final : table.cadence
    let t = (firstBar + b) * beatsPerBar
    for (const d of pickWeighted(rng, kind)) {
      out.push({ start: t, duration: d })
      t += d
    }
  }
  return out
}

/**
 * Indices into `core` for each note of a phrase: a random walk drawn towards an arch (rise to a peak, fall
 * to the cadence), with steps of at most a few scale degrees, and the tonic snapped onto some downbeats.
 */
function phraseContour(
  rng: Rng,
  core: readonly Midi[],
  ends: { open: number; target: number; tonic: PitchClass },
  notes: readonly { start: Beats; duration: Beats }[],
  beatsPerBar: number,
  phraseIndex: number,
): number[] {
  const { open, target, tonic } = ends
  const n = notes.length
  // 转 (the third phrase) climbs higher: the contrast of the form.
  const rise = phraseIndex === 2 ? randInt(rng, 2, 4) : randInt(rng, 0, 3)
  const peak = clampIndex(core, Math.max(open, target) + rise)
  const peakAt = 0.3 + 0.3 * rng()
  const tonics = core.map((m, i) => (mod12(m) === tonic ? i : -1))
  const out: number[] = [open]
  let repeats = 0
  for (let j = 1; j < n; j++) {
    const u = j / Math.max(1, n - 1)
    const goal =
      u < peakAt
        ? open + (peak - open) * (u / peakAt)
        : peak + (target - peak) * ((u - peakAt) / (1 - peakAt))
    const prev = out[j - 1]
    const maxStep = pickWeighted(rng, [
      [1, 0.7],
      [2, 0.25],
      [3, 0.05],
    ])
    let step = Math.max(-maxStep, Math.min(maxStep, Math.round(goal - prev + 0.7 * gaussian(rng))))
    // Folk lines repeat a note now and then, but not three times running.
    if (step === 0 && repeats >= 1) step = goal >= prev ? 1 : -1
    let next = clampIndex(core, prev + step)
    if (j === n - 1) next = target
    else if (j === n - 2 && Math.abs(next - target) > 2) next = target + Math.sign(next - target) * 2
    else if (isStrongBeat(notes[j].start, beatsPerBar) && chance(rng, 0.35)) {
      const t = tonics.filter((i) => i >= 0 && Math.abs(i - next) <= 1)
      if (t.length) next = t[0]
    }
    repeats = next === prev ? repeats + 1 : 0
    out.push(clampIndex(core, next))
  }
  out[n - 1] = target
  if (n === 1) out[0] = target
  return out
}

/**
 * Turns some notes into the type's extra tones, only where they pass or neighbour by step and sit on a weak
 * beat with a short duration: either a weak short note between two steps, or the second half of a beat-long note.
 */
function addExtraTones(rng: Rng, drafts: Draft[], label: Label, beatsPerBar: number, rate: number): void {
  const extras = extraTones(label.type).map((s) => mod12(label.system + s))
  for (const pc of extras) {
    const want = Math.max(2, Math.round(rate * drafts.length))
    for (let k = 0; k < want; k++) {
      let candidates = extraToneCandidates(drafts, pc, beatsPerBar, false)
      // A labelled 六声/七声 melody must sound its extra tone at least once: relax to a neighbour of one side.
      if (!candidates.length && k === 0) candidates = extraToneCandidates(drafts, pc, beatsPerBar, true)
      if (!candidates.length && k === 0) candidates = extraToneCandidates(drafts, pc, beatsPerBar, 'any')
      if (!candidates.length) break
      const c = pick(rng, candidates)
      if (c.split) {
        const d = drafts[c.index]
        d.duration -= 0.5
        drafts.splice(c.index + 1, 0, {
          midi: c.midi,
          start: d.start + d.duration,
          duration: 0.5,
          velocity: 0,
          extra: true,
          phraseStart: false,
          phraseEnd: false,
        })
      } else {
        drafts[c.index].midi = c.midi
        drafts[c.index].extra = true
      }
    }
  }
}

/** Where an extra tone of pitch class `pc` could go without breaking stepwise motion or touching a strong beat. */
function extraToneCandidates(
  drafts: readonly Draft[],
  pc: PitchClass,
  beatsPerBar: number,
  relaxed: boolean | 'any',
): { index: number; midi: Midi; split: boolean }[] {
  const out: { index: number; midi: Midi; split: boolean }[] = []
  const near = (m: Midi): Midi => m + ((((pc - m) % 12) + 18) % 12) - 6
  for (let i = 1; i < drafts.length - 1; i++) {
    const [prev, d, next] = [drafts[i - 1], drafts[i], drafts[i + 1]]
    if (d.extra || d.phraseEnd || next.phraseStart) continue
    if (relaxed !== 'any' && (prev.extra || next.extra)) continue
    const e = near(d.midi)
    const byStep = (m: Midi): boolean => relaxed === 'any' || Math.abs(m - e) <= 2
    const weakShort = !isStrongBeat(d.start, beatsPerBar) && d.duration <= 1
    if (weakShort && (!d.phraseStart || relaxed === 'any') && byStep(prev.midi) && byStep(next.midi))
      out.push({ index: i, midi: e, split: false })
    // The second half of a one-beat note: an off-beat passing tone into the next note.
    const splitAt = d.start + d.duration - 0.5
    if (
      d.duration >= 1 &&
      !isStrongBeat(splitAt, beatsPerBar) &&
      byStep(d.midi) &&
      (relaxed || byStep(next.midi))
    )
      out.push({ index: i, midi: e, split: true })
  }
  return out
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

function clampIndex(core: readonly Midi[], i: number): number {
  return Math.max(0, Math.min(core.length - 1, i))
}

function nearestIndex(core: readonly Midi[], midi: Midi): number {
  let best = 0
  for (let i = 1; i < core.length; i++) if (Math.abs(core[i] - midi) < Math.abs(core[best] - midi)) best = i
  return best
}

function nearestIndexOfPc(core: readonly Midi[], pc: PitchClass, from: Midi): number {
  let best = -1
  for (let i = 0; i < core.length; i++)
    if (mod12(core[i]) === pc && (best < 0 || Math.abs(core[i] - from) < Math.abs(core[best] - from)))
      best = i
  return best
}
