/**
 * The benchmark's labelled set: deterministic generated folk melodies in every mode and type, each with a
 * random mix of realism conditions. Shared by the benchmark and the calibration fit.
 */
import { allLabels, type Label } from '../src/lib/theory/label.ts'
import { mod12 } from '../src/lib/theory/pitch-class.ts'
import { SCALE_TYPES } from '../src/lib/theory/scale-types.ts'
import { generateMelody, type Melody } from '../src/lib/tutor/melody.ts'
import {
  chance,
  deriveSeed,
  mulberry32,
  pick,
  randInt,
  randRange,
  type Rng,
} from '../src/lib/tutor/random.ts'
import { renderMelody, type RenderOptions } from '../src/lib/analysis/synth/render.ts'
import { TIMBRES } from '../src/lib/analysis/synth/voices.ts'

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
] as const
export type Condition = (typeof CONDITIONS)[number]

/** One labelled clip of the set, before rendering. */
export interface Clip {
  readonly index: number
  readonly label: Label
  readonly melody: Melody
  readonly render: Partial<RenderOptions>
  readonly conditions: readonly Condition[]
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

/** A random mix of the realism conditions for one clip. */
function chooseConditions(
  rng: Rng,
  label: Label,
  melody: Melody,
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

export function makeClip(index: number, seed: number): Clip {
  const clipSeed = deriveSeed(seed, index)
  const rng = mulberry32(clipSeed)
  const label = chooseLabel(index, seed)
  const melody = generateMelody(label, {
    seed: clipSeed,
    bars: randInt(rng, 8, 10),
    tempo: randInt(rng, 66, 100),
  })
  const { render, conditions } = chooseConditions(rng, label, melody)
  return { index, label, melody, render: { ...render, seed: deriveSeed(clipSeed, 1) }, conditions }
}

/** Renders a clip and returns the product's default region: its last 30 s. */
export function renderClip(clip: Clip, sampleRate: number): Float32Array {
  const samples = renderMelody(clip.melody, sampleRate, clip.render)
  return samples.subarray(Math.max(0, samples.length - 30 * sampleRate))
}
