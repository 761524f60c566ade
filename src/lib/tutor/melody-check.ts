// The generator's self-check: notes in, "carries its label as heard" or the first reason it does not.
import type { Label } from '../theory/label.ts'
import { collectionPitchClasses } from '../theory/label.ts'
import { mod12, pitchClassName, type PitchClass } from '../theory/pitch-class.ts'
import { extraTones, SCALE_TYPE_INFO, SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import {
  isStrongBeat,
  LATEST_MELODY_RULES,
  type Melody,
  type MelodyCheck,
  type MelodyNote,
  type MelodyRules,
} from './melody-types.ts'

const EPS = 1e-9
/** An extra tone of the label must sound less than this share of any other reading's extra tones. */
const READING_RATIO = 0.5
/** At most this share of the profile may be extra tones: 六声, 七声. */
const MAX_EXTRA_SHARE = { 6: 0.12, 7: 0.2 } as const
/** Each extra tone must hold this share of the profile, or a listener hears the simpler type. */
export const MIN_EXTRA_SHARE = 0.04
/** 宫 and 角 must each hold this share, so the third that fixes the system is heard. */
const MIN_GONG_JUE_SHARE = 0.04
/** …and this share of the melody's time (the analyzer hears time, so a few sixteenths are not enough). */
const MIN_GONG_JUE_TIME = 0.05
/**
 * The shortest note a melody may have, in seconds: shorter ones blur at fast tempos, and the analyzer's pitch
 * tracker drops them (a sixteenth at 84 bpm lasts 0.18 s; at 160 bpm 0.09 s). The rhythms are drawn from those
 * whose every note lasts this long at the melody's tempo.
 */
export const MIN_NOTE_SECONDS = 0.12
/** Each extra tone must sound this long in all, in seconds, or it passes unheard at a fast tempo. */
const MIN_EXTRA_SECONDS = 0.3

/**
 * Whether a melody carries its label as heard: only the label's tones sound; it ends on the tonic, on a strong
 * beat, on the longest note of its last phrase, after a core tone; the tonic is the strongest tone of rest; all
 * five tones sound, 宫 and 角 clearly; each extra tone sounds, only on weak beats and short notes; the extra tones
 * stay a small share, and sound less than half as much as the tones any other reading of the same notes would
 * call extra instead.
 * @example checkMelody(generateMelody(label, { seed: 3 })) → { ok: true }
 */
export function checkMelody(
  m: Pick<Melody, 'label' | 'notes' | 'tempo' | 'beatsPerBar'>,
  rules: MelodyRules = LATEST_MELODY_RULES,
): MelodyCheck {
  const audible = rules >= 2
  const fail = (reason: string): MelodyCheck => ({ ok: false, reason })
  const { label, notes } = m
  if (notes.length < 4) return fail(`only ${notes.length} notes`)
  const name = (pc: PitchClass) => pitchClassName(pc)
  const collection = new Set(collectionPitchClasses(label.system, label.type))
  const shortest = audible ? (MIN_NOTE_SECONDS * m.tempo) / 60 : 0
  for (const n of notes) {
    if (!(n.duration > 0)) return fail(`a note at beat ${n.start} has no duration`)
    if (n.duration < shortest - EPS)
      return fail(`a note at beat ${n.start} is too short to be heard at ${m.tempo} bpm`)
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
  const time = timeProfile(notes, m.tempo)
  for (const s of [0, 4])
    if (
      profile[mod12(label.system + s)] < MIN_GONG_JUE_SHARE ||
      (audible && time[mod12(label.system + s)] < MIN_GONG_JUE_TIME)
    )
      return fail(`${s === 0 ? '宫' : '角'} sounds too little for the 宫–角 third to be heard`)
  const rest = restWeights(notes, m.tempo, profile)
  for (let pc = 0; pc < 12; pc++)
    if (pc !== label.tonic && rest[pc] >= rest[label.tonic])
      return fail(`${name(pc)} rests as much as the tonic`)

  const extras = extraTones(label.type).map((s) => mod12(label.system + s))
  for (const pc of extras) {
    if (profile[pc] <= 0) return fail(`its extra tone ${name(pc)} never sounds`)
    if (profile[pc] < MIN_EXTRA_SHARE) return fail(`its extra tone ${name(pc)} sounds too little to be heard`)
    const seconds = notes.reduce((a, n) => a + (mod12(n.midi) === pc ? (n.duration * 60) / m.tempo : 0), 0)
    if (audible && seconds < MIN_EXTRA_SECONDS)
      return fail(`its extra tone ${name(pc)} sounds for ${seconds.toFixed(2)} s, too briefly to be heard`)
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
export function otherReadings(label: Label): readonly Reading[] {
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
export function heardProfile(
  notes: readonly Pick<MelodyNote, 'midi' | 'duration'>[],
  tempo: number,
): number[] {
  const count = new Array<number>(12).fill(0)
  for (const n of notes) count[mod12(n.midi)] += 1
  return timeProfile(notes, tempo).map((t, pc) => 0.6 * t + 0.4 * (count[pc] / notes.length))
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

function pct(x: number): string {
  return `${Math.round(100 * x)}%`
}

/** The share of the melody's sounding time per pitch class (each note's span capped at 1.5 s), summing to 1. */
function timeProfile(notes: readonly Pick<MelodyNote, 'midi' | 'duration'>[], tempo: number): number[] {
  const time = new Array<number>(12).fill(0)
  for (const n of notes) time[mod12(n.midi)] += Math.min(1.5, (n.duration * 60) / tempo)
  const total = time.reduce((a, b) => a + b, 0)
  return time.map((t) => t / total)
}
