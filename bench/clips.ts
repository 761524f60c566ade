/**
 * The benchmark's labelled set: deterministic generated folk melodies in every mode and type, each with a
 * random mix of realism conditions. Shared by the benchmark and the calibration fit.
 */
import { allLabels, collectionPitchClasses, type Label } from '../src/lib/theory/label.ts'
import { mod12 } from '../src/lib/theory/pitch-class.ts'
import { SCALE_TYPES } from '../src/lib/theory/scale-types.ts'
import { generateMelody } from '../src/lib/tutor/melody.ts'
import type { Melody } from '../src/lib/tutor/melody-types.ts'
import {
  chance,
  deriveSeed,
  mulberry32,
  pick,
  randInt,
  randRange,
  type Rng,
} from '../src/lib/tutor/random.ts'
import { renderMelody, type RenderOptions } from '../src/lib/synth/render.ts'
import { addNoise, applyReverb, normalizePeak, rms } from '../src/lib/synth/effects.ts'
import { TIMBRES, type RenderNote, type Timbre } from '../src/lib/synth/voices.ts'

export const CONDITIONS = [
  'clean',
  'tuning',
  'noise',
  'reverb',
  'heterophony',
  'drone',
  'plucked',
  'bowed',
  'blown',
  'accompaniment',
] as const
export type Condition = (typeof CONDITIONS)[number]

/** One labelled clip of the set, before rendering. */
export interface Clip {
  readonly index: number
  readonly label: Label
  readonly melody: Melody
  readonly render: Partial<RenderOptions>
  readonly conditions: readonly Condition[]
  /** An ensemble under the melody (only with `makeClip(…, { accompaniment: true })`). */
  readonly accompaniment?: Accompaniment
}

/** Options of the set beyond the default mix. */
export interface ClipSetOptions {
  /** Put an accompaniment (sustained chords or arpeggios in the mode) under every melody. */
  readonly accompaniment?: boolean
}

/** Accompanying voices, each a line of notes in the melody's beats, mixed under it. */
export interface Accompaniment {
  readonly style: 'chords' | 'arpeggio'
  readonly voices: readonly { readonly notes: readonly RenderNote[]; readonly timbre: Timbre }[]
  /** Level of the whole accompaniment relative to the melody's RMS, in dB. */
  readonly level: number
}

/** Even clips walk through the 60 pentatonic modes in order; odd clips through the 300 others, shuffled. */
function chooseLabel(index: number, seed: number): Label {
  const penta = allLabels(['pentatonic'])
  if (index % 2 === 0) return penta[(index / 2) % penta.length]
  const others = allLabels(SCALE_TYPES.filter((t) => t !== 'pentatonic'))
  const rng = mulberry32(deriveSeed(seed, 0xbeef))
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[others[i], others[j]] = [others[j], others[i]]
  }
  return others[((index - 1) / 2) % others.length]
}

/** A random mix of the realism conditions for one clip (the Han bench's "realistic" condition uses it too). */
export function chooseConditions(
  rng: Rng,
  label: Label,
  melody: { readonly notes: readonly { readonly midi: number }[] },
): { render: Partial<RenderOptions>; conditions: Condition[] } {
  const timbre = pick(rng, TIMBRES)
  const conditions: Condition[] = [timbre]
  const render: Record<string, unknown> = {
    timbre,
    vibratoRate: randRange(rng, 4.5, 6.5),
    vibratoDepth: randRange(rng, 10, 40),
    intonation: randRange(rng, 2, 8),
  }
  if (chance(rng, 0.5)) {
    render.tuning = randRange(rng, -50, 50)
    conditions.push('tuning')
  }
  if (chance(rng, 0.35)) {
    render.reverb = { mix: randRange(rng, 0.15, 0.45), decay: randRange(rng, 0.8, 2.5) }
    conditions.push('reverb')
  }
  if (chance(rng, 0.35)) {
    render.snr = randRange(rng, 8, 25)
    render.noise = pick(rng, ['white', 'pink'] as const)
    conditions.push('noise')
  }
  if (chance(rng, 0.25)) {
    render.heterophony = {
      timbre: pick(
        rng,
        TIMBRES.filter((t) => t !== timbre),
      ),
      level: randRange(rng, -8, -3),
      octave: pick(rng, [0, 12, -12]),
    }
    conditions.push('heterophony')
  }
  if (chance(rng, 0.2)) {
    // A drone on 宫 or 徵, in the octave below the melody's lowest note.
    const lowest = Math.min(...melody.notes.map((n) => n.midi))
    const pc = chance(rng, 0.5) ? label.system : mod12(label.system + 7)
    const midi = lowest - 1 - mod12(lowest - 1 - pc)
    render.drone = {
      midi: [midi],
      level: randRange(rng, -14, -8),
      timbre: pick(rng, ['bowed', 'blown'] as const),
    }
    conditions.push('drone')
  }
  if (conditions.length === 1) conditions.push('clean')
  return { render: render as Partial<RenderOptions>, conditions }
}

/** The highest MIDI note of pitch class `pc` at or below `midi`. */
function atOrBelow(pc: number, midi: number): number {
  return midi - mod12(midi - pc)
}

/**
 * An ensemble under the melody, the way a folk band accompanies a tune: per bar a root from the five tones
 * (the tonic most often) and a second tone of the collection a fourth, fifth or third above it, either held
 * (two sustained voices) or broken into eighth-note arpeggios (one plucked voice), an octave or two below the
 * melody. The last bar rests on the tonic with the melody. Always inside the collection, so it adds no
 * wrong notes — only competing ones.
 */
function makeAccompaniment(rng: Rng, label: Label, melody: Melody): Accompaniment {
  const tones = collectionPitchClasses(label.system) // the five tones of its 宫 system
  const bar = melody.beatsPerBar
  const end = melody.notes.reduce((m, n) => Math.max(m, n.start + n.duration), 0)
  const bars = Math.ceil(end / bar - 1e-9)
  const lowest = Math.min(...melody.notes.map((n) => n.midi))
  // The bass sits one or two octaves under the melody's lowest note (no lower than G1-ish rumble).
  const ceiling = lowest - 1 - (chance(rng, 0.5) ? 0 : 12)
  const style = chance(rng, 0.5) ? 'chords' : 'arpeggio'
  const roots: number[] = []
  for (let b = 0; b < bars; b++)
    roots.push(b === bars - 1 || chance(rng, 0.3) ? label.tonic : pick(rng, tones))
  const upper = (root: number): number => {
    const above = [7, 5, 4, 3].filter((i) => tones.includes(mod12(root + i)))
    return root + (above.length ? pick(rng, above.slice(0, 2)) : 12)
  }
  const low: RenderNote[] = []
  const high: RenderNote[] = []
  const arp: RenderNote[] = []
  for (let b = 0; b < bars; b++) {
    const start = b * bar
    const duration = Math.min(bar, end - start)
    const rootMidi = Math.max(36, atOrBelow(roots[b], ceiling))
    const second = upper(rootMidi)
    if (style === 'chords') {
      low.push({ midi: rootMidi, start, duration, velocity: 0.6 })
      high.push({ midi: second, start, duration, velocity: 0.5 })
    } else {
      const cycle = [rootMidi, second, rootMidi + 12, second]
      for (let k = 0; k < 2 * duration; k++)
        arp.push({
          midi: cycle[k % 4],
          start: start + k / 2,
          duration: 0.5,
          velocity: k % 4 === 0 ? 0.7 : 0.5,
        })
    }
  }
  const sustained = pick(rng, ['bowed', 'blown'] as const)
  return {
    style,
    level: randRange(rng, -12, -6),
    voices:
      style === 'chords'
        ? [
            { notes: low, timbre: sustained },
            { notes: high, timbre: sustained },
          ]
        : [{ notes: arp, timbre: 'plucked' }],
  }
}

export function makeClip(index: number, seed: number, opts: ClipSetOptions = {}): Clip {
  const clipSeed = deriveSeed(seed, index)
  const rng = mulberry32(clipSeed)
  const label = chooseLabel(index, seed)
  const melody = generateMelody(label, {
    seed: clipSeed,
    bars: randInt(rng, 8, 10),
    tempo: randInt(rng, 66, 100),
  })
  const { render, conditions } = chooseConditions(rng, label, melody)
  const base = { index, label, melody, render: { ...render, seed: deriveSeed(clipSeed, 1) }, conditions }
  if (!opts.accompaniment) return base
  // Its own random stream, so the melody and its conditions are the same clips as without accompaniment.
  const accompaniment = makeAccompaniment(mulberry32(deriveSeed(clipSeed, 2)), label, melody)
  return { ...base, conditions: [...conditions, 'accompaniment'], accompaniment }
}

/** Renders a clip and returns the product's default region: its last 30 s. */
export function renderClip(clip: Clip, sampleRate: number): Float32Array {
  const samples = clip.accompaniment
    ? renderAccompanied(clip, clip.accompaniment, sampleRate)
    : renderMelody(clip.melody, sampleRate, clip.render)
  return samples.subarray(Math.max(0, samples.length - 30 * sampleRate))
}

/**
 * The melody with its accompaniment, in one room: the voices are rendered dry and noiseless at the melody's
 * tuning, mixed, and only then given the clip's reverb and background noise.
 */
function renderAccompanied(clip: Clip, acc: Accompaniment, sampleRate: number): Float32Array {
  const dry = { ...clip.render, reverb: null, snr: null }
  const mix = renderMelody(clip.melody, sampleRate, dry)
  const leadRms = rms(mix)
  const band = new Float32Array(mix.length)
  acc.voices.forEach((v, i) => {
    const line = renderMelody({ notes: v.notes, tempo: clip.melody.tempo }, sampleRate, {
      seed: deriveSeed(clip.render.seed ?? 1, 10 + i),
      timbre: v.timbre,
      tuning: clip.render.tuning ?? 0,
      vibratoDepth: 8,
      intonation: 3,
      peak: 0.5,
    })
    for (let j = 0; j < Math.min(band.length, line.length); j++) band[j] += line[j]
  })
  const r = rms(band)
  if (r > 0) {
    const k = (leadRms / r) * 10 ** (acc.level / 20)
    for (let j = 0; j < mix.length; j++) mix[j] += band[j] * k
  }
  if (clip.render.reverb) applyReverb(mix, sampleRate, clip.render.reverb)
  const random = mulberry32(deriveSeed(clip.render.seed ?? 1, 3))
  if (clip.render.snr != null) addNoise(mix, clip.render.snr, clip.render.noise ?? 'pink', random)
  normalizePeak(mix, clip.render.peak ?? 0.8)
  return mix
}
