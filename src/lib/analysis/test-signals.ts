import { midiToHz, mod12 } from '../theory/pitch-class.ts'
import { scaleSteps, type Label } from '../theory/label.ts'
import type { Cents, Hz, Midi, Seconds } from '../theory/units.ts'
import { mulberry32 } from '../theory/random.ts'

/** A note to synthesise; midi NaN is a rest. */
export interface SynthNote {
  readonly midi: Midi
  readonly dur: Seconds
}

/** How to render test melodies. */
export interface SynthOptions {
  readonly sampleRate: Hz
  readonly tuning: Cents
  /** Vibrato depth in cents (peak) and rate. */
  readonly vibratoCents: Cents
  readonly vibratoHz: Hz
  /** Number of harmonics (1 = sine). */
  readonly harmonics: number
  /** White noise level, linear RMS. */
  readonly noise: number
  /** Seed for the noise. */
  readonly seed: number
}

const DEFAULT_SYNTH: SynthOptions = {
  sampleRate: 16000,
  tuning: 0,
  vibratoCents: 0,
  vibratoHz: 5.5,
  harmonics: 4,
  noise: 0,
  seed: 1,
}

/** Renders notes with a phase-continuous oscillator, short attack/release ramps and 1/k harmonics. */
export function synthesize(notes: readonly SynthNote[], opts: Partial<SynthOptions> = {}): Float32Array {
  const o = { ...DEFAULT_SYNTH, ...opts }
  const total = notes.reduce((a, n) => a + n.dur, 0)
  const out = new Float32Array(Math.ceil(total * o.sampleRate))
  const rand = mulberry32(o.seed)
  let i0 = 0
  for (const n of notes) {
    const len = Math.round(n.dur * o.sampleRate)
    if (!Number.isNaN(n.midi)) {
      const hz = midiToHz(n.midi + o.tuning / 100)
      const ramp = Math.min(0.02 * o.sampleRate, len / 4)
      let phase = 0
      for (let i = 0; i < len && i0 + i < out.length; i++) {
        // Vibrato runs on the clip's clock, as a player's does, so short notes do not all start on its upswing.
        const t = (i0 + i) / o.sampleRate
        const f = hz * 2 ** ((o.vibratoCents / 1200) * Math.sin(2 * Math.PI * o.vibratoHz * t))
        phase += (2 * Math.PI * f) / o.sampleRate
        let v = 0
        for (let k = 1; k <= o.harmonics; k++) if (k * f < o.sampleRate / 2) v += Math.sin(k * phase) / k
        const env = Math.min(1, i / ramp, (len - i) / ramp)
        out[i0 + i] = 0.3 * env * v
      }
    }
    i0 += len
  }
  if (o.noise > 0) for (let i = 0; i < out.length; i++) out[i] += o.noise * Math.sqrt(3) * (2 * rand() - 1)
  return out
}

/** A small deterministic PRNG for reproducible noise. */
export { mulberry32 }

/** MIDI of the i-th step of the label's scale from the first tonic at or above `low` (i may leave the octave). */
function step(label: Label, i: number, low: Midi): Midi {
  const steps = scaleSteps(label)
  const n = steps.length
  const oct = Math.floor(i / n)
  const s = steps[((i % n) + n) % n]
  return low + mod12(label.tonic - low) + s.aboveTonic + 12 * oct
}

/** The label's scale up from the tonic to its octave, the octave held. */
export function scaleNotes(label: Label, base: Midi = 60, dur: Seconds = 0.35): SynthNote[] {
  const n = scaleSteps(label).length
  return Array.from({ length: n + 1 }, (_, i) => ({
    midi: step(label, i, base),
    dur: i === n ? 3 * dur : dur,
  }))
}

/** A two-phrase folk-like melody in the label's pentatonic steps, each phrase closing on the tonic. */
export function melodyNotes(label: Label, base: Midi = 60, beat: Seconds = 0.3): SynthNote[] {
  const phrase1 = [
    [2, 1],
    [1, 0.5],
    [2, 0.5],
    [4, 1],
    [3, 1],
    [2, 0.5],
    [1, 0.5],
    [0, 2],
  ] as const
  const phrase2 = [
    [4, 1],
    [5, 0.5],
    [4, 0.5],
    [3, 1],
    [1, 1],
    [2, 0.5],
    [1, 0.5],
    [-1, 1],
    [0, 3],
  ] as const
  const out: SynthNote[] = []
  for (const [i, d] of phrase1) out.push({ midi: step(label, i, base), dur: d * beat })
  out.push({ midi: NaN, dur: beat })
  for (const [i, d] of phrase2) out.push({ midi: step(label, i, base), dur: d * beat })
  return out
}
