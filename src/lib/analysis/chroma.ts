import { hzToMidi, mod12 } from '../theory/pitch-class.ts'
import type { Cents, Hz, Seconds } from '../theory/units.ts'
import { RealFFT } from './fft.ts'
import type { NoteEvent } from './types.ts'

/** Options of {@link chromagram}. */
export interface ChromaOptions {
  /** STFT size at the analysis rate (~4 kHz): 2048 resolves 2 Hz, a semitone apart at 36 Hz. A power of two. */
  readonly fftSize: number
  readonly hop: Seconds
  /** Lowest and highest fundamentals considered. */
  readonly minHz: Hz
  readonly maxHz: Hz
  /** Spectral peaks below this fraction of the frame's strongest are ignored (sidelobes, noise). */
  readonly peakFloor: number
  /** At most this many fundamentals are taken per frame (melody + a few accompanying voices). */
  readonly maxVoices: number
  /** A further fundamental counts only with at least this share of the first one's salience. */
  readonly voiceFloor: number
}

export const DEFAULT_CHROMA_OPTIONS: ChromaOptions = Object.freeze({
  fftSize: 2048,
  hop: 0.256,
  minHz: 40,
  maxHz: 2000,
  peakFloor: 0.02,
  maxVoices: 3,
  voiceFloor: 0.15,
})

/** A chromagram: per frame, the salience of each of the 12 tuning-corrected pitch classes. */
export interface Chromagram {
  readonly hop: Seconds
  /** Frame centre times. */
  readonly times: readonly Seconds[]
  /** 12 values per frame, summing to 1 (all zero in a silent frame): which pitch classes sound. */
  readonly chroma: readonly Float64Array[]
  /** Frame energy (mean square of the windowed frame): how much the frame counts. */
  readonly energy: readonly number[]
  /** Per frame, how many fundamentals were found (≥ 2: voices compete). */
  readonly voices: readonly number[]
}

/** Harmonic numbers read by the salience and their semitone offsets from the fundamental (7 is 31 cents off; left out). */
const HARMONICS = [1, 2, 3, 4, 5, 6, 8] as const
const OFFSETS = HARMONICS.map((h) => Math.round(12 * Math.log2(h)))
/** Weight of each harmonic: a fundamental explains its low partials best. */
const WEIGHTS = HARMONICS.map((h) => 0.8 ** (h - 1))
/** Semitone grid: MIDI 24 (C1) … 24 + GRID - 1. */
const GRID_LOW = 24
const GRID = 84

/**
 * Pitch-class salience per frame from a Hann-windowed STFT: spectral peaks (tuning-corrected, on a semitone
 * grid) are explained by up to `maxVoices` fundamentals found one at a time by harmonic summation, each
 * removing its partials before the next (estimate and cancel), so a note's fifth and third partials are not
 * heard as notes of their own. Works with chords and accompaniment, where a monophonic tracker jumps
 * between voices.
 * @example chromagram(cMajorTriad, 4000, 0).chroma[10] → peaks at 0, 4 and 7
 */
export function chromagram(
  samples: Float32Array,
  sampleRate: Hz,
  tuning: Cents,
  opts: Partial<ChromaOptions> = {},
): Chromagram {
  const o = { ...DEFAULT_CHROMA_OPTIONS, ...opts }
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`)
  if (!(o.hop > 0)) throw new RangeError(`hop must be > 0, got ${o.hop}`)
  const size = o.fftSize
  const fft = new RealFFT(size)
  const hop = Math.max(1, Math.round(o.hop * sampleRate))
  const window = new Float64Array(size)
  for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size)
  const frame = new Float64Array(size)
  const re = new Float64Array(size / 2 + 1)
  const im = new Float64Array(size / 2 + 1)
  const mag = new Float64Array(size / 2 + 1)
  const grid = new Float64Array(GRID + 36)
  const binHz = sampleRate / size
  const kLow = Math.max(2, Math.floor(o.minHz / binHz))
  const kHigh = Math.min(
    size / 2 - 1,
    Math.ceil((8 * o.maxHz) / binHz),
    Math.floor((0.45 * sampleRate) / binHz),
  )
  const sLow = Math.max(0, Math.round(hzToMidi(o.minHz) - GRID_LOW))
  const sHigh = Math.min(GRID - 1, Math.round(hzToMidi(o.maxHz) - GRID_LOW))
  const times: Seconds[] = []
  const chroma: Float64Array[] = []
  const energy: number[] = []
  const voices: number[] = []
  // Frames centred from the first full window; short clips give no frames.
  for (let start = 0; start + size <= samples.length; start += hop) {
    let e = 0
    for (let i = 0; i < size; i++) {
      const v = samples[start + i] * window[i]
      frame[i] = v
      e += v * v
    }
    times.push((start + size / 2) / sampleRate)
    energy.push(e / size)
    const c = new Float64Array(12)
    chroma.push(c)
    if (e === 0) {
      voices.push(0)
      continue
    }
    fft.forward(frame, re, im)
    let max = 0
    for (let k = kLow - 1; k <= kHigh + 1; k++) {
      mag[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k])
      if (k >= kLow && k <= kHigh && mag[k] > max) max = mag[k]
    }
    grid.fill(0)
    const floor = o.peakFloor * max
    for (let k = kLow; k <= kHigh; k++) {
      const m = mag[k]
      if (m < floor || m < mag[k - 1] || m <= mag[k + 1]) continue
      // Parabolic interpolation of the peak on log magnitude: the bin's true frequency to a few cents.
      const a = Math.log(mag[k - 1] + 1e-12)
      const b = Math.log(m)
      const g = Math.log(mag[k + 1] + 1e-12)
      const den = a - 2 * b + g
      const delta = den < 0 ? (0.5 * (a - g)) / den : 0
      const s = Math.round(hzToMidi((k + delta) * binHz) - tuning / 100) - GRID_LOW
      // Compressed amplitude, so a loud bass partial does not drown the melody's.
      if (s >= 0 && s < grid.length) grid[s] = Math.max(grid[s], Math.sqrt(m / max))
    }
    voices.push(explain(grid, c, sLow, sHigh, o))
  }
  return { hop: hop / sampleRate, times, chroma, energy, voices }
}

/** Estimate-and-cancel over the semitone grid: fills `c` with the found fundamentals' salience, returns how many. */
function explain(grid: Float64Array, c: Float64Array, sLow: number, sHigh: number, o: ChromaOptions): number {
  let first = 0
  let found = 0
  for (let v = 0; v < o.maxVoices; v++) {
    let best = -1
    let bestSal = 0
    for (let s = sLow; s <= sHigh; s++) {
      if (grid[s] === 0) continue // a fundamental must itself sound (no missing-fundamental ghosts)
      let sal = 0
      for (let h = 0; h < OFFSETS.length; h++) sal += WEIGHTS[h] * grid[s + OFFSETS[h]]
      if (sal > bestSal) [best, bestSal] = [s, sal]
    }
    if (best < 0 || bestSal < o.voiceFloor * first) break
    if (v === 0) first = bestSal
    c[mod12(best + GRID_LOW)] += bestSal
    found++
    for (let h = 0; h < OFFSETS.length; h++) grid[best + OFFSETS[h]] = 0
  }
  const total = c.reduce((a, x) => a + x, 0)
  if (total > 0) for (let i = 0; i < 12; i++) c[i] /= total
  return found
}

/** Energy-weighted mean chroma of frames [from, to), summing to 1 (all zero when silent). */
export function chromaProfile(g: Chromagram, from = 0, to = g.chroma.length): number[] {
  const p = new Array<number>(12).fill(0)
  for (let f = Math.max(0, from); f < Math.min(to, g.chroma.length); f++) {
    // sqrt of energy: loud frames count more, but a loud attack does not outweigh a held phrase.
    const w = Math.sqrt(g.energy[f])
    for (let i = 0; i < 12; i++) p[i] += w * g.chroma[f][i]
  }
  const total = p.reduce((a, b) => a + b, 0)
  return total > 0 ? p.map((x) => x / total) : p
}

/**
 * The chroma of the clip's ending: the last `span` seconds before the final silence (frames under a tenth
 * of the loud level). Where a piece comes to rest, the tonic sounds in the melody and in the bass.
 */
export function finalChroma(g: Chromagram, span: Seconds = 2): number[] {
  if (g.energy.length === 0) return new Array<number>(12).fill(0)
  const sorted = [...g.energy].sort((a, b) => a - b)
  const loud = sorted[Math.floor(0.9 * (sorted.length - 1))]
  let last = g.energy.length - 1
  // Energy is a mean square: a tenth of the level is a hundredth of the energy.
  while (last > 0 && g.energy[last] < 0.01 * loud) last--
  return chromaProfile(g, last + 1 - Math.round(span / g.hop), last + 1)
}

/**
 * How much of the chroma, while a tracked note sounds, lies on pitch classes other than that note's and the
 * note's before it (a reverb tail), energy-weighted, 0..1. A second voice in unison or a reverb keeps it low;
 * chords under the melody put their other tones there.
 */
export function offNoteShare(g: Chromagram, notes: readonly NoteEvent[]): number {
  let off = 0
  let total = 0
  let j = 0
  for (let k = 0; k < g.times.length; k++) {
    const t = g.times[k]
    while (j < notes.length && notes[j].end < t) j++
    if (j >= notes.length || notes[j].start > t) continue
    const cur = notes[j].pitchClass
    const prev = j > 0 ? notes[j - 1].pitchClass : cur
    const w = Math.sqrt(g.energy[k])
    let o = 0
    for (let pc = 0; pc < 12; pc++) if (pc !== cur && pc !== prev) o += g.chroma[k][pc]
    off += w * o
    total += w
  }
  return total > 0 ? off / total : 0
}
