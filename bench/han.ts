/**
 * The Han development set (../shared/melodies/essen-han.jsonl, read in place: its licence keeps the melodies
 * and audio rendered from them out of the repository) as labelled clips in five conditions, rendered by the
 * project's synth. Shared by the benchmark and the fitting scripts.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { labelFromSystem, type Label } from '../src/lib/theory/label.ts'
import { mod12, parsePitchClass } from '../src/lib/theory/pitch-class.ts'
import type { ScaleType } from '../src/lib/theory/scale-types.ts'
import type { Pattern } from '../src/lib/theory/tones.ts'
import { chance, deriveSeed, mulberry32, randInt, randRange, type Rng } from '../src/lib/tutor/random.ts'
import { renderMelody, type RenderOptions } from '../src/lib/synth/render.ts'
import type { RenderNote } from '../src/lib/synth/voices.ts'
import { chooseConditions } from './clips.ts'

export const HAN_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../shared/melodies/essen-han.jsonl')

/** One labelled song as the file gives it. */
export interface HanSong {
  readonly id: string
  readonly label: Label
  readonly meter: string | null
  /** [midi or null for a rest, quarters, 1 on a phrase's last note] */
  readonly notes: readonly (readonly [number | null, number, number])[]
  readonly bars: readonly number[]
}

export const HAN_CONDITIONS = ['clean', 'realistic', 'sung', 'hexatonic', 'excerpt'] as const
export type HanCondition = (typeof HAN_CONDITIONS)[number]

/** The labelled songs, or null when the file is not there. */
export function loadHanSongs(file = HAN_FILE): HanSong[] | null {
  if (!existsSync(file)) return null
  const out: HanSong[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const r = JSON.parse(line) as {
      id: string
      label: { system: string; tonic: string; pattern: Pattern; type: ScaleType } | null
      meter: string | null
      notes: [number | null, number, number][]
      bars: number[]
    }
    if (!r.label) continue
    const system = parsePitchClass(r.label.system)
    if (system === null) throw new Error(`${r.id}: bad system ${r.label.system}`)
    out.push({
      id: r.id,
      label: labelFromSystem(system, r.label.pattern, r.label.type),
      meter: r.meter,
      notes: r.notes,
      bars: r.bars,
    })
  }
  return out
}

/** A stable fold 0..9 from the song's id: the split is by song, never by clip. */
export function songFold(id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return (h >>> 0) % 10
}

/** Songs the shipped weights are fitted on (folds 0–6); folds 7–9 are held out and reported. */
export const isFitSong = (id: string): boolean => songFold(id) < 7

/** One clip of the set, before rendering. */
export interface HanClip {
  readonly id: string
  readonly condition: HanCondition
  readonly label: Label
  readonly notes: readonly RenderNote[]
  readonly tempo: number
  readonly render: Partial<RenderOptions>
  /** Seconds of the render to keep: the last 30 s, or an excerpt window. */
  readonly window: 'last30' | { readonly start: number; readonly end: number }
}

/** The song's notes in beats (quarters), transposed, with metric stress and phrase starts; rests are gaps. */
function songNotes(song: HanSong, transpose: number): RenderNote[] {
  const bars = new Set(song.bars.map((b) => Math.round(b * 1000)))
  const out: RenderNote[] = []
  let t = 0
  let phraseStart = true
  for (const [midi, q, end] of song.notes) {
    if (midi !== null) {
      const onBar = t === 0 || bars.has(Math.round(t * 1000))
      const onBeat = Math.abs(t - Math.round(t)) < 1e-6
      out.push({
        midi: midi + transpose,
        start: t,
        duration: q,
        velocity: onBar ? 1 : onBeat ? 0.75 : 0.55,
        ...(phraseStart ? { phraseStart: true } : {}),
      })
      phraseStart = false
    }
    if (end) phraseStart = true
    t += q
  }
  return out
}

/** Where the song's last phrase starts, in beats (the start of the song if it has one phrase). */
function lastPhraseStart(song: HanSong): number {
  let t = 0
  let start = 0
  song.notes.forEach(([, q, end], i) => {
    t += q
    if (end && i < song.notes.length - 1) start = t
  })
  return start
}

/** Performance ornaments a player adds: glides, grace notes from the tones above, vibrato on long notes. */
function ornament(rng: Rng, notes: RenderNote[], label: Label): RenderNote[] {
  const pcs = new Set(notes.map((n) => mod12(n.midi)))
  return notes.map((n, i) => {
    if (i > 0 && Math.abs(n.midi - notes[i - 1].midi) <= 5 && chance(rng, 0.1))
      return { ...n, ornament: 'glide' }
    if (chance(rng, 0.08)) {
      for (let up = 1; up <= 5; up++)
        if (pcs.has(mod12(n.midi + up)) && mod12(n.midi + up - label.system) !== 5)
          return { ...n, ornament: 'grace', graceMidi: n.midi + up }
    }
    if (n.duration >= 1.5 && chance(rng, 0.5)) return { ...n, ornament: 'vibrato' }
    return n
  })
}

/**
 * The notes that sound in [from, to] beats (plus the one before, which may ring into it), rebased so the
 * first starts at 0; `base` is where that was.
 */
function slice(
  notes: readonly RenderNote[],
  from: number,
  to: number,
): { notes: RenderNote[]; base: number } {
  let first = notes.findIndex((n) => n.start + n.duration > from)
  if (first < 0) return { notes: [], base: 0 }
  first = Math.max(0, first - 1)
  const base = notes[first].start
  return {
    notes: notes
      .slice(first)
      .filter((n) => n.start < to)
      .map((n) => ({ ...n, start: n.start - base })),
    base,
  }
}

/**
 * The clip of a song in a condition (deterministic from the seed): transposed to a random key in a singable
 * register, at 60–140 quarters a minute. Whole-song conditions keep the last 30 s; an excerpt is 10–20 s from
 * before the last phrase, cut wherever the window falls (mid-note as often as not). Null when the song cannot
 * make that clip (an excerpt from a song too short, a hexatonic clip of a five-tone song).
 */
export function makeHanClip(song: HanSong, condition: HanCondition, seed: number): HanClip | null {
  if (condition === 'hexatonic' && song.label.type === 'pentatonic') return null
  const rng = mulberry32(deriveSeed(seed, hashId(song.id) ^ HAN_CONDITIONS.indexOf(condition)))
  const pitches = song.notes.flatMap(([m]) => (m === null ? [] : [m]))
  const mid = pitches.slice().sort((a, b) => a - b)[pitches.length >> 1]
  let transpose = randInt(rng, -6, 5)
  const target = condition === 'sung' ? 62 : 67
  transpose += 12 * Math.round((target - (mid + transpose)) / 12)
  const label = labelFromSystem(mod12(song.label.system + transpose), song.label.pattern, song.label.type)
  const tempo = randInt(rng, 60, 140)
  let notes = songNotes(song, transpose)
  if (condition === 'realistic' || condition === 'sung') notes = ornament(rng, notes, label)
  const spb = 60 / tempo
  const total = notes.reduce((m, n) => Math.max(m, n.start + n.duration), 0)
  let render: Partial<RenderOptions> = { seed: deriveSeed(seed, hashId(song.id)) }
  if (condition === 'realistic') render = { ...render, ...chooseConditions(rng, label, { notes }).render }
  if (condition === 'sung')
    render = {
      ...render,
      timbre: 'sung',
      vibratoRate: randRange(rng, 4.8, 6.2),
      vibratoDepth: randRange(rng, 25, 60),
      intonation: randRange(rng, 5, 12),
      glideTime: 0.1,
      humanize: 0.02,
      reverb: { mix: randRange(rng, 0.12, 0.3), decay: randRange(rng, 0.5, 1.4) },
      ...(chance(rng, 0.5) ? { snr: randRange(rng, 20, 35), noise: 'pink' as const } : {}),
      ...(chance(rng, 0.4) ? { tuning: randRange(rng, -40, 40) } : {}),
    }
  if (condition === 'excerpt') {
    const before = lastPhraseStart(song) * spb
    if (before < 10) return null
    const length = Math.min(before, randRange(rng, 10, 20))
    const start = randRange(rng, 0, before - length)
    const from = start / spb
    const kept = slice(notes, Math.max(0, from - 4), (start + length) / spb)
    const at = 0.2 + start - kept.base * spb // renderMelody's default lead-in is 0.2 s
    return {
      id: song.id,
      condition,
      label,
      notes: kept.notes,
      tempo,
      render: { ...render, tail: 0.3 },
      window: { start: at, end: at + length },
    }
  }
  // Whole songs: only the part that reaches into the last 30 s needs rendering.
  const from = Math.max(0, total - 34 / spb)
  return {
    id: song.id,
    condition,
    label,
    notes: slice(notes, from, Infinity).notes,
    tempo,
    render,
    window: 'last30',
  }
}

function hashId(id: string): number {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) | 0
  return h >>> 0
}

/** Renders a clip and cuts its window. */
export function renderHanClip(clip: HanClip, sampleRate: number): Float32Array {
  const samples = renderMelody({ notes: clip.notes, tempo: clip.tempo }, sampleRate, clip.render)
  if (clip.window === 'last30') return samples.subarray(Math.max(0, samples.length - 30 * sampleRate))
  const a = Math.max(0, Math.round(clip.window.start * sampleRate))
  return samples.slice(a, Math.min(samples.length, Math.round(clip.window.end * sampleRate)))
}

/** A song's clips in every condition it can make. */
export function hanClips(songs: readonly HanSong[], seed: number, conditions = HAN_CONDITIONS): HanClip[] {
  const out: HanClip[] = []
  for (const c of conditions)
    for (const s of songs) {
      const clip = makeHanClip(s, c, seed)
      if (clip) out.push(clip)
    }
  return out
}
