import type { Cents, Decibels, Hz, Midi, Seconds } from '../theory/units.ts'
import { addNoise, applyReverb, normalizePeak, rms, type NoiseColour, type ReverbOptions } from './effects.ts'
import { varyLine } from './heterophony.ts'
import { renderBreath, renderSung, sungOnset } from './sung.ts'
import { mulberry32 } from '../theory/random.ts'
import {
  renderPlucked,
  renderSustained,
  WavetableCache,
  type PerformedNote,
  type PitchShaping,
  type RenderNote,
  type Timbre,
} from './voices.ts'

/** What the renderer needs of a melody (the tutor's Melody fits this shape). */
export interface RenderableMelody {
  readonly notes: readonly RenderNote[]
  /** Beats per minute. */
  readonly tempo: number
}

/** A second voice playing a varied version of the line (heterophony, 支声). */
export interface HeterophonyOptions {
  readonly timbre: Timbre
  /** Level relative to the lead, in dB (e.g. −4). */
  readonly level: Decibels
  /** Transposition of the second voice in semitones: 0, 12 or −12. */
  readonly octave: number
}

/** A held drone (e.g. on 宫 or 徵). */
export interface DroneOptions {
  /** The drone's pitches (a single note, or 宫 + 徵 as a fifth). */
  readonly midi: readonly Midi[]
  /** Level relative to the lead, in dB (e.g. −8). */
  readonly level: Decibels
  readonly timbre: 'bowed' | 'blown'
}

export interface RenderOptions {
  /** Seeds every random choice (intonation, noise, variation): the same seed renders the same samples. */
  readonly seed: number
  readonly timbre: Timbre
  /** Global tuning offset from A440 (traditional instruments are often 20–50 cents off). */
  readonly tuning: Cents
  readonly vibratoRate: Hz
  /** Depth (peak) of the vibrato on notes marked `vibrato`; other long sustained notes get a third of it. */
  readonly vibratoDepth: Cents
  readonly glideTime: Seconds
  readonly graceTime: Seconds
  /** Standard deviation of each note's intonation error. */
  readonly intonation: Cents
  /** Standard deviation of each onset's timing error. */
  readonly humanize: Seconds
  readonly reverb: ReverbOptions | null
  /** Signal-to-noise ratio of added background noise, or null for none. */
  readonly snr: Decibels | null
  readonly noise: NoiseColour
  readonly heterophony: HeterophonyOptions | null
  readonly drone: DroneOptions | null
  /** Silence before the first note and after the last. */
  readonly leadIn: Seconds
  readonly tail: Seconds
  /** Peak magnitude of the output. */
  readonly peak: number
}

/** A clean, dry, plucked performance in tune. */
export const DEFAULT_RENDER_OPTIONS: RenderOptions = Object.freeze({
  seed: 1,
  timbre: 'plucked',
  tuning: 0,
  vibratoRate: 5.5,
  vibratoDepth: 25,
  glideTime: 0.12,
  graceTime: 0.07,
  intonation: 4,
  humanize: 0.012,
  reverb: null,
  snr: null,
  noise: 'pink',
  heterophony: null,
  drone: null,
  leadIn: 0.2,
  tail: 0.6,
  peak: 0.8,
})

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random())
}

/** The rendered length in seconds of a melody with these options. */
export function renderDuration(melody: RenderableMelody, opts: Partial<RenderOptions> = {}): Seconds {
  const o = { ...DEFAULT_RENDER_OPTIONS, ...opts }
  const beats = melody.notes.reduce((m, n) => Math.max(m, n.start + n.duration), 0)
  return o.leadIn + (beats * 60) / melody.tempo + o.tail
}

/**
 * Renders a melody to mono samples with a performer's realism: tuning offset, vibrato, glides, grace notes,
 * plucked/bowed/blown timbres, heterophony, drone, reverb and background noise. Pure and deterministic.
 * @example renderMelody(generateMelody(label, { seed: 1 }), 16000, { timbre: 'bowed', tuning: 30 })
 */
export function renderMelody(
  melody: RenderableMelody,
  sampleRate: number,
  opts: Partial<RenderOptions> = {},
): Float32Array {
  if (!(sampleRate >= 3000)) throw new RangeError(`sampleRate must be ≥ 3000 Hz, got ${sampleRate}`)
  if (!(melody.tempo > 0)) throw new RangeError(`tempo must be > 0, got ${melody.tempo}`)
  const o: RenderOptions = { ...DEFAULT_RENDER_OPTIONS, ...opts }
  const random = mulberry32(o.seed)
  const length = Math.ceil(renderDuration(melody, o) * sampleRate)
  const shaping: PitchShaping = {
    tuning: o.tuning,
    vibratoRate: o.vibratoRate,
    glideTime: o.glideTime,
    graceTime: o.graceTime,
  }
  const tables = new WavetableCache()

  const lead = new Float32Array(length)
  renderLine(
    lead,
    sampleRate,
    perform(melody.notes, melody.tempo, o, o.timbre, random),
    o.timbre,
    shaping,
    tables,
    random,
  )
  const mix = lead
  const leadRms = rms(lead)

  if (o.heterophony) {
    const h = o.heterophony
    const line = varyLine(melody.notes, random, h.octave)
    const second = new Float32Array(length)
    // The second player keeps their own time and ornaments less.
    const performed = perform(
      line,
      melody.tempo,
      { ...o, humanize: o.humanize * 2, vibratoDepth: o.vibratoDepth * 0.6 },
      h.timbre,
      random,
    )
    renderLine(
      second,
      sampleRate,
      performed,
      h.timbre,
      { ...shaping, tuning: o.tuning + gaussian(random) * 3 },
      tables,
      random,
    )
    mixAt(mix, second, leadRms, h.level)
  }
  if (o.drone) {
    const d = o.drone
    const drone = new Float32Array(length)
    const t1 = length / sampleRate - 0.1
    for (const midi of d.midi) {
      const note: PerformedNote = {
        t0: 0.05,
        t1,
        midi,
        velocity: 0.6,
        vibratoDepth: 0,
        detune: gaussian(random) * 2,
      }
      renderSustained(drone, sampleRate, note, d.timbre, shaping, tables, random)
    }
    fadeIn(drone, Math.round(0.6 * sampleRate))
    mixAt(mix, drone, leadRms, d.level)
  }
  if (o.reverb) applyReverb(mix, sampleRate, o.reverb)
  if (o.snr !== null) addNoise(mix, o.snr, o.noise, random)
  normalizePeak(mix, o.peak)
  return mix
}

/** Places notes in time (seconds), with timing and intonation errors, and decides glides and vibrato depth. */
function perform(
  notes: readonly RenderNote[],
  tempo: number,
  o: RenderOptions,
  timbre: Timbre,
  random: () => number,
): PerformedNote[] {
  const spb = 60 / tempo
  const jitter = (): Seconds => Math.max(-3, Math.min(3, gaussian(random))) * o.humanize
  const onsets = notes.map((n, i) => o.leadIn + n.start * spb + (i === 0 ? 0 : jitter()))
  const sung = timbre === 'sung'
  return notes.map((n, i) => {
    const t0 = onsets[i]
    // The note sounds until the next one starts, or to its written end when a rest follows.
    const written = o.leadIn + (n.start + n.duration) * spb
    const next = i + 1 < notes.length ? Math.min(onsets[i + 1], written + 0.05) : written
    // A singer takes a breath before a phrase: it comes out of the note before.
    const breath = sung && notes[i + 1]?.phraseStart ? Math.min(0.3, 0.35 * (next - t0)) : 0
    const end = next - breath
    // Bowed and blown notes are slightly detached; a plucked string rings on by itself.
    const t1 = Math.max(t0 + 0.03, end - (timbre === 'plucked' ? 0 : 0.02))
    const sustained = timbre !== 'plucked' && t1 - t0 > 0.4
    const vibratoDepth =
      n.ornament === 'vibrato' || (sung && t1 - t0 > 0.5)
        ? o.vibratoDepth * (0.8 + 0.4 * random())
        : sustained
          ? o.vibratoDepth / 3
          : 0
    const prev = notes[i - 1]
    // Singers scoop up into most notes from below (a quarter to a whole tone).
    const scoop = sung && n.ornament !== 'glide' && n.ornament !== 'grace' && random() < 0.6
    return {
      t0,
      t1,
      midi: n.midi,
      from: n.ornament === 'glide' && prev ? prev.midi : scoop ? n.midi - 0.5 - 1.5 * random() : undefined,
      graceMidi: n.ornament === 'grace' ? n.graceMidi : undefined,
      velocity: 0.35 + 0.65 * n.velocity,
      vibratoDepth,
      detune: gaussian(random) * o.intonation,
      ...(n.phraseStart && sung && i > 0 ? { breath: 0.25 } : {}),
    }
  })
}

function renderLine(
  out: Float32Array,
  sampleRate: number,
  notes: readonly PerformedNote[],
  timbre: Timbre,
  shaping: PitchShaping,
  tables: WavetableCache,
  random: () => number,
): void {
  for (let i = 0; i < notes.length; i++) {
    const note = notes[i]
    if (timbre === 'plucked') renderPlucked(out, sampleRate, note, shaping, random)
    else if (timbre === 'sung') {
      if (note.breath) renderBreath(out, sampleRate, note.t0 - 0.03, note.breath, random)
      // A note a step from the one before, tied within a phrase, is sometimes sung on the same syllable.
      const melisma = i > 0 && !note.breath && notes[i - 1].t1 > note.t0 - 0.05 && random() < 0.25
      renderSung(out, sampleRate, note, sungOnset(random, melisma), shaping, random)
    } else renderSustained(out, sampleRate, note, timbre, shaping, tables, random)
  }
}

/** Adds `voice` into `mix` at `level` dB relative to the lead's RMS. */
function mixAt(mix: Float32Array, voice: Float32Array, leadRms: number, level: Decibels): void {
  const r = rms(voice)
  if (r === 0) return
  const k = (leadRms / r) * 10 ** (level / 20)
  for (let i = 0; i < mix.length; i++) mix[i] += voice[i] * k
}

function fadeIn(signal: Float32Array, samples: number): void {
  for (let i = 0; i < Math.min(samples, signal.length); i++) signal[i] *= i / samples
}
