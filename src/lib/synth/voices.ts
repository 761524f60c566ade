import type { Cents, Hz, Midi, Seconds } from '../theory/units.ts'
import type { Rng } from '../theory/random.ts'

/**
 * Plucked (guzheng/pipa: Karplus–Strong), bowed (erhu: bright sawtooth-like with bow noise), blown (dizi:
 * breathy), sung (a voice: vowel formants, consonants, scoops into notes, breaths between phrases).
 */
export type Timbre = 'plucked' | 'bowed' | 'blown' | 'sung'

/** An instrument: every timbre but the voice. */
export type Instrument = Exclude<Timbre, 'sung'>

/** The instruments (the generated bench draws from these; the voice is a condition of its own). */
export const TIMBRES: readonly Instrument[] = ['plucked', 'bowed', 'blown']

/** A note as the renderer reads it: positions in beats (the tutor's MelodyNote fits this shape). */
export interface RenderNote {
  readonly midi: Midi
  readonly start: number
  readonly duration: number
  readonly velocity: number
  readonly ornament?: 'grace' | 'glide' | 'vibrato'
  readonly graceMidi?: Midi
  /** The first note of a phrase (a singer breathes before it). */
  readonly phraseStart?: boolean
}

/** A note placed in time, with what it needs to shape its pitch. */
export interface PerformedNote {
  readonly t0: Seconds
  readonly t1: Seconds
  readonly midi: Midi
  /** The pitch it glides from, when it glides. */
  readonly from?: Midi
  readonly graceMidi?: Midi
  readonly velocity: number
  /** Vibrato depth for this note. */
  readonly vibratoDepth: Cents
  /** This note's own intonation error. */
  readonly detune: Cents
  /** A breath of this length before the note (sung phrases). */
  readonly breath?: Seconds
}

/** How the performer shapes pitch: global tuning, vibrato rate, glide and grace lengths. */
export interface PitchShaping {
  readonly tuning: Cents
  readonly vibratoRate: Hz
  readonly glideTime: Seconds
  readonly graceTime: Seconds
}

const TWO_PI = 2 * Math.PI
const TABLE_SIZE = 2048
/** Samples between updates of the pitch curve (0.5 ms at 16 kHz: far finer than any vibrato or glide). */
const CONTROL_STEP = 8

/** The sounding pitch (fractional MIDI, tuning included) `t` seconds into a note. */
export function pitchAt(note: PerformedNote, t: Seconds, shaping: PitchShaping, vibPhase: number): Midi {
  const dur = note.t1 - note.t0
  let m = note.midi
  if (note.from !== undefined) {
    const gt = Math.min(shaping.glideTime, 0.5 * dur)
    if (t < gt) m = note.from + (note.midi - note.from) * (0.5 - 0.5 * Math.cos((Math.PI * t) / gt))
  } else if (note.graceMidi !== undefined) {
    const gr = Math.min(shaping.graceTime, 0.3 * dur)
    const slide = 0.025
    if (t < gr) m = note.graceMidi
    else if (t < gr + slide) m = note.graceMidi + (note.midi - note.graceMidi) * ((t - gr) / slide)
  }
  // Vibrato fades in after the attack, as players do.
  const ramp = Math.min(1, Math.max(0, (t - 0.12) / 0.25))
  const vib = note.vibratoDepth * ramp * Math.sin(TWO_PI * shaping.vibratoRate * t + vibPhase)
  return m + (shaping.tuning + note.detune + vib) / 100
}

function midiToHz(m: Midi): Hz {
  return 440 * Math.exp(((m - 69) * Math.LN2) / 12)
}

/** Harmonic amplitudes of the sustained timbres (index 0 = fundamental). */
function harmonicAmplitudes(timbre: 'bowed' | 'blown', count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const k = i + 1
    // Erhu: a sawtooth-like 1/k spectrum with the python-skin body's lift around harmonics 3–6.
    if (timbre === 'bowed') return (1 / k) * (k >= 3 && k <= 6 ? 1.6 : 1)
    // Dizi: mostly fundamental and octave, with the membrane (笛膜) adding a thin buzz high up.
    return k === 1 ? 1 : k === 2 ? 0.45 : k === 3 ? 0.2 : 0.06 / (k - 3)
  })
}

/** Band-limited single-cycle tables, cached by timbre and harmonic count for one render. */
export class WavetableCache {
  readonly #tables = new Map<string, Float32Array>()

  /** The table for a timbre with as many harmonics as fit below Nyquist at the highest frequency `fMax`. */
  get(timbre: 'bowed' | 'blown', fMax: Hz, sampleRate: number): Float32Array {
    const count = Math.max(1, Math.min(timbre === 'bowed' ? 24 : 10, Math.floor((0.45 * sampleRate) / fMax)))
    const key = `${timbre}:${count}`
    let table = this.#tables.get(key)
    if (!table) {
      table = new Float32Array(TABLE_SIZE + 1)
      const amps = harmonicAmplitudes(timbre, count)
      for (let i = 0; i <= TABLE_SIZE; i++) {
        let s = 0
        for (let k = 0; k < count; k++) s += amps[k] * Math.sin((TWO_PI * (k + 1) * i) / TABLE_SIZE)
        table[i] = s
      }
      const peak = table.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
      for (let i = 0; i <= TABLE_SIZE; i++) table[i] /= peak
      this.#tables.set(key, table)
    }
    return table
  }
}

/** The highest frequency a note reaches, for band-limiting. */
function maxHz(note: PerformedNote, shaping: PitchShaping): Hz {
  const top = Math.max(note.midi, note.from ?? -Infinity, note.graceMidi ?? -Infinity)
  return midiToHz(top + (shaping.tuning + note.detune + Math.abs(note.vibratoDepth)) / 100)
}

/**
 * Adds one sustained (bowed or blown) note into `out`: wavetable oscillator following the pitch curve, an
 * attack/release envelope, and filtered noise for bow hair or breath.
 */
export function renderSustained(
  out: Float32Array,
  sampleRate: number,
  note: PerformedNote,
  timbre: 'bowed' | 'blown',
  shaping: PitchShaping,
  tables: WavetableCache,
  random: Rng,
): void {
  const table = tables.get(timbre, maxHz(note, shaping), sampleRate)
  const attack = timbre === 'bowed' ? 0.07 : 0.04
  const release = 0.06
  const s0 = Math.max(0, Math.round(note.t0 * sampleRate))
  const s1 = Math.min(out.length, Math.round((note.t1 + release) * sampleRate))
  const dur = note.t1 - note.t0
  const noiseLevel = timbre === 'bowed' ? 0.05 : 0.07
  const vibPhase = random() * TWO_PI
  const swell = random() * TWO_PI
  let phase = random()
  let inc = 0
  let lp = 0
  for (let i = s0; i < s1; i++) {
    const t = (i - s0) / sampleRate
    if ((i - s0) % CONTROL_STEP === 0) inc = midiToHz(pitchAt(note, t, shaping, vibPhase)) / sampleRate
    phase += inc
    phase -= Math.floor(phase)
    const x = phase * TABLE_SIZE
    const j = x | 0
    const tone = table[j] + (table[j + 1] - table[j]) * (x - j)
    const env =
      t < attack
        ? t / attack
        : t < dur
          ? 1 - 0.15 * (t / Math.max(dur, 1e-3))
          : Math.max(0, 1 - (t - dur) / release)
    // Bow pressure wavers slowly; breath is strongest in the attack (the chiff of a flute).
    const bowOrBreath = timbre === 'bowed' ? 1 + 0.06 * Math.sin(TWO_PI * 1.3 * t + swell) : 1
    lp += 0.35 * (random() * 2 - 1 - lp)
    const noise = lp * noiseLevel * (timbre === 'blown' && t < 0.08 ? 3 : 1)
    out[i] += note.velocity * env * (tone * bowOrBreath + noise)
  }
}

/**
 * Adds one plucked note into `out`: Karplus–Strong with a fractional, time-varying delay so that glides,
 * grace bends and vibrato (按滑揉颤) bend the string, a decay that shortens with pitch, and a damped release.
 */
export function renderPlucked(
  out: Float32Array,
  sampleRate: number,
  note: PerformedNote,
  shaping: PitchShaping,
  random: Rng,
): void {
  const ring = 0.25
  const s0 = Math.max(0, Math.round(note.t0 * sampleRate))
  const s1 = Math.min(out.length, Math.round((note.t1 + ring) * sampleRate))
  const dur = note.t1 - note.t0
  const lowest = Math.min(note.midi, note.from ?? Infinity, note.graceMidi ?? Infinity) - 1
  const size = Math.ceil(sampleRate / midiToHz(lowest + shaping.tuning / 100)) + 4
  const buf = new Float32Array(size)
  const vibPhase = random() * TWO_PI
  const f0 = midiToHz(pitchAt(note, 0, shaping, vibPhase))
  const period = Math.max(2, Math.round(sampleRate / f0))
  const t60 = Math.min(3, 1.6 * (220 / f0) ** 0.5)
  // A softer pluck excites fewer high partials: a one-pole low-pass over the noise burst.
  const bright = 0.3 + 0.6 * note.velocity
  let lp = 0
  let w = 0
  let delay = 1
  let g = 0
  for (let i = s0; i < s1; i++) {
    const n = i - s0
    const t = n / sampleRate
    // The pitch curve moves slowly next to the sample rate: update it every CONTROL_STEP samples.
    if (n % CONTROL_STEP === 0) {
      const f = midiToHz(pitchAt(note, t, shaping, vibPhase))
      delay = Math.min(size - 2, Math.max(1, sampleRate / f - 0.5))
      g = 10 ** (-3 / (f * t60))
    }
    let r = w - delay
    if (r < 0) r += size
    const j = r | 0
    const frac = r - j
    const a = buf[j] + (buf[(j + 1) % size] - buf[j]) * frac
    const jb = (j - 1 + size) % size
    const b = buf[jb] + (buf[j] - buf[jb]) * frac
    let x = 0
    if (n < period) {
      lp += bright * (random() * 2 - 1 - lp)
      x = lp
    }
    const y = x + g * 0.5 * (a + b)
    buf[w] = y
    if (++w === size) w = 0
    const damp = t < dur ? 1 : Math.max(0, 1 - (t - dur) / ring)
    out[i] += note.velocity * y * damp
  }
}
