import { midiToHz } from '../theory/pitch-class.ts'
import type { Hz, Seconds } from '../theory/units.ts'
import type { Rng } from '../theory/random.ts'
import { pitchAt, type PerformedNote, type PitchShaping } from './voices.ts'

/** Formant frequencies and bandwidths (F1–F3) of a sung vowel. */
interface Vowel {
  readonly f: readonly [Hz, Hz, Hz]
  readonly bw: readonly [Hz, Hz, Hz]
  readonly gain: readonly [number, number, number]
}

/** The vowels of sung Mandarin syllables (a, o, e, i, u, ü), roughly a mid-range singer's formants. */
const VOWELS: readonly Vowel[] = [
  { f: [800, 1200, 2800], bw: [80, 90, 120], gain: [1, 0.5, 0.18] }, // a
  { f: [500, 850, 2800], bw: [70, 80, 120], gain: [1, 0.45, 0.12] }, // o
  { f: [480, 1150, 2600], bw: [70, 90, 120], gain: [1, 0.4, 0.15] }, // e (Mandarin ɤ)
  { f: [300, 2250, 3000], bw: [60, 100, 130], gain: [1, 0.3, 0.2] }, // i
  { f: [330, 750, 2500], bw: [60, 80, 120], gain: [1, 0.35, 0.08] }, // u
  { f: [300, 1900, 2500], bw: [60, 100, 120], gain: [1, 0.3, 0.15] }, // ü
]

/** A two-pole resonator (constant peak gain), one per formant. */
class Resonator {
  #y1 = 0
  #y2 = 0
  readonly #a1: number
  readonly #a2: number
  readonly #g: number
  constructor(f: Hz, bw: Hz, sampleRate: number, gain: number) {
    const r = Math.exp((-Math.PI * bw) / sampleRate)
    const theta = (2 * Math.PI * Math.min(f, 0.45 * sampleRate)) / sampleRate
    this.#a1 = 2 * r * Math.cos(theta)
    this.#a2 = -r * r
    this.#g = gain * (1 - r)
  }
  step(x: number): number {
    const y = this.#g * x + this.#a1 * this.#y1 + this.#a2 * this.#y2
    this.#y2 = this.#y1
    this.#y1 = y
    return y
  }
}

/** How a sung note begins: a consonant (fricative or plosive noise) before the vowel, or legato (same syllable). */
export interface SungOnset {
  /** Index into the vowel table. */
  readonly vowel: number
  /** Consonant noise length (0 for a melisma: the note continues the previous syllable). */
  readonly consonant: Seconds
  /** 0..1: low (a plosive's burst) to high (s, sh, x). */
  readonly brightness: number
}

/** Chooses a syllable onset for a note: a new syllable most of the time, a melisma sometimes. */
export function sungOnset(random: Rng, melisma: boolean): SungOnset {
  return {
    vowel: Math.floor(random() * VOWELS.length),
    consonant: melisma ? 0 : 0.02 + 0.06 * random(),
    brightness: random(),
  }
}

const TWO_PI = 2 * Math.PI
const TABLE_SIZE = 2048
const sourceTables = new Map<number, Float32Array>()

/**
 * A single cycle of the glottal source with `count` harmonics (a −4.5 dB/octave tilt; the formants add the
 * rest), built once per harmonic count.
 */
function sourceTable(count: number): Float32Array {
  let t = sourceTables.get(count)
  if (!t) {
    t = new Float32Array(TABLE_SIZE + 1)
    for (let i = 0; i <= TABLE_SIZE; i++) {
      let s = 0
      for (let k = 1; k <= count; k++) s += Math.sin((TWO_PI * k * i) / TABLE_SIZE) / (k * Math.sqrt(k))
      t[i] = s
    }
    sourceTables.set(count, t)
  }
  return t
}

/**
 * Adds one sung note into `out`: a glottal source (a band-limited pulse train whose brightness follows the
 * loudness) through three vowel formants, a consonant's noise before the vowel, a little breathiness and
 * amplitude shimmer. Pitch follows the performer's curve (scoops, vibrato) like the instruments'.
 */
export function renderSung(
  out: Float32Array,
  sampleRate: number,
  note: PerformedNote,
  onset: SungOnset,
  shaping: PitchShaping,
  random: Rng,
): void {
  const v = VOWELS[onset.vowel % VOWELS.length]
  const res = v.f.map((f, k) => new Resonator(f, v.bw[k], sampleRate, v.gain[k]))
  const attack = 0.05
  const release = 0.08
  const c = onset.consonant
  const s0 = Math.max(0, Math.round((note.t0 - c) * sampleRate))
  const v0 = Math.max(0, Math.round(note.t0 * sampleRate))
  const s1 = Math.min(out.length, Math.round((note.t1 + release) * sampleRate))
  const dur = note.t1 - note.t0
  const vibPhase = random() * TWO_PI
  // Fricatives are high noise, plosives a short low burst: a one-pole high-pass at a brightness-dependent pole.
  const hp = 0.3 + 0.65 * onset.brightness
  let prevNoise = 0
  let noiseLp = 0
  for (let i = s0; i < v0 && i < s1; i++) {
    const t = (i - s0) / sampleRate
    const n = random() * 2 - 1
    const high = n - hp * prevNoise
    prevNoise = n
    const env = Math.sin((Math.PI * t) / Math.max(c, 1e-3))
    out[i] += 0.12 * note.velocity * env * high
  }
  // Band-limited at the highest pitch the note reaches (its vibrato and intonation included).
  const top = midiToHz(note.midi + 1 + (shaping.tuning + note.detune) / 100)
  const table = sourceTable(Math.max(1, Math.min(30, Math.floor((0.45 * sampleRate) / top))))
  let phase = random()
  let inc = 0
  for (let i = v0; i < s1; i++) {
    const t = (i - v0) / sampleRate
    if ((i - v0) % 8 === 0)
      inc = (440 * Math.exp(((pitchAt(note, t, shaping, vibPhase) - 69) * Math.LN2) / 12)) / sampleRate
    phase += inc
    phase -= Math.floor(phase)
    const xi = phase * TABLE_SIZE
    const j = xi | 0
    const src = table[j] + (table[j + 1] - table[j]) * (xi - j)
    noiseLp += 0.5 * (random() * 2 - 1 - noiseLp)
    const x = src + 0.08 * noiseLp
    const y = res[0].step(x) + res[1].step(x) + res[2].step(x)
    const env =
      t < attack
        ? t / attack
        : t < dur
          ? 1 - 0.2 * (t / Math.max(dur, 1e-3)) + 0.03 * Math.sin(TWO_PI * 4.7 * t)
          : Math.max(0, 1 - (t - dur) / release)
    out[i] += 0.5 * note.velocity * env * y
  }
}

/** A breath between phrases: low, soft noise of about `length` seconds ending at `end`. */
export function renderBreath(
  out: Float32Array,
  sampleRate: number,
  end: Seconds,
  length: Seconds,
  random: Rng,
): void {
  const s0 = Math.max(0, Math.round((end - length) * sampleRate))
  const s1 = Math.min(out.length, Math.round(end * sampleRate))
  let lp = 0
  for (let i = s0; i < s1; i++) {
    const t = (i - s0) / Math.max(1, s1 - s0)
    lp += 0.2 * (random() * 2 - 1 - lp)
    out[i] += 0.05 * Math.sin(Math.PI * t) * lp
  }
}
