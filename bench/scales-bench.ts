/**
 * The reference-scale benchmark: every one of the 360 labels played as Practice plays it (the player's
 * scaleNotes: tonic to its octave, equal notes at 80 bpm sounding 0.9 of a beat, the last held two beats),
 * up only and up-and-down, rendered with simple harmonic tones, identified by analyze().
 *
 *   npx tsx bench/scales-bench.ts [--rate 16000]
 *
 * A 六声 or 七声 scale is ambiguous by nature: C D E F G A B from D is D商清乐 (宫 C), D羽雅乐 (宫 F) and
 * D徵燕乐 (宫 G) alike. So beside "exact" the bench prints the best any listener can do (1/k for k labels with
 * the same tonic and notes), whether the truth is among the analyzer's consistent answers, and the mean
 * confidence, which should come near that ceiling rather than near 1.
 */
import { analyze } from '../src/lib/analysis/analyze.ts'
import { synthesize, type SynthNote } from '../src/lib/analysis/test-signals.ts'
import { allLabels, collectionPitchClasses, scaleSteps, type Label } from '../src/lib/theory/label.ts'
import type { ScaleType } from '../src/lib/theory/scale-types.ts'
import { renderMelody, type RenderableMelody } from '../src/lib/synth/render.ts'

type Direction = 'up' | 'updown'

/** How a scale is sounded: simple harmonic tones, or the benchmark synth with a realistic condition. */
interface Rendering {
  readonly name: string
  readonly direction: Direction
  readonly render: (label: Label, rate: number) => Float32Array
}

const TEMPO = 80

/** The player's scale as MIDI notes. */
function scaleMidis(label: Label, direction: Direction): number[] {
  const tonicMidi = 60 + label.tonic
  const up = [...scaleSteps(label).map((s) => tonicMidi + s.aboveTonic), tonicMidi + 12]
  return direction === 'up' ? up : [...up, ...[...up].reverse().slice(1)]
}

/** The same scale for the realistic renderer, in beats. */
function renderable(label: Label, direction: Direction): RenderableMelody {
  const midis = scaleMidis(label, direction)
  return {
    tempo: TEMPO,
    notes: midis.map((midi, i) => ({
      midi,
      start: i,
      duration: i === midis.length - 1 ? 2 : 0.9,
      velocity: 0.8,
    })),
  }
}

const RENDERINGS: readonly Rendering[] = [
  {
    name: 'simple tones, up',
    direction: 'up',
    render: (l, rate) => synthesize(playedScale(l, 'up'), { sampleRate: rate, harmonics: 6 }),
  },
  {
    name: 'simple tones, up and down',
    direction: 'updown',
    render: (l, rate) => synthesize(playedScale(l, 'updown'), { sampleRate: rate, harmonics: 6 }),
  },
  {
    name: 'plucked, +30 cents, reverb, up and down',
    direction: 'updown',
    render: (l, rate) =>
      renderMelody(renderable(l, 'updown'), rate, {
        seed: l.tonic * 97 + l.system,
        timbre: 'plucked',
        tuning: 30,
        reverb: { mix: 0.3, decay: 1.5 },
      }),
  },
  {
    name: 'bowed, -20 cents, pink noise 15 dB, up and down',
    direction: 'updown',
    render: (l, rate) =>
      renderMelody(renderable(l, 'updown'), rate, {
        seed: l.tonic * 89 + l.system,
        timbre: 'bowed',
        tuning: -20,
        snr: 15,
        noise: 'pink',
      }),
  },
]

/** The player's scale (src/lib/audio/player.ts scaleNotes + timeScale) as synth notes with rests. */
function playedScale(label: Label, direction: Direction): SynthNote[] {
  const beat = 60 / TEMPO
  const midis = scaleMidis(label, direction)
  return midis.flatMap((midi, i) =>
    i === midis.length - 1
      ? [{ midi, dur: 2 * beat }]
      : [
          { midi, dur: 0.9 * beat },
          { midi: NaN, dur: 0.1 * beat },
        ],
  )
}

const setKey = (l: Label): string =>
  [...collectionPitchClasses(l.system, l.type)].sort((a, b) => a - b).join(',')

/** How many labels share this label's tonic and notes: the listener's best is 1 in that many. */
function ambiguity(label: Label, all: readonly Label[]): number {
  const key = setKey(label)
  return all.filter((l) => l.tonic === label.tonic && setKey(l) === key).length
}

interface Row {
  n: number
  tonic: number
  exact: number
  full: number
  consistent: number
  ceiling: number
  confidence: number
  patternConfidence: number
}

function main(): void {
  const argv = process.argv.slice(2)
  const i = argv.indexOf('--rate')
  const rate = i >= 0 ? Number(argv[i + 1]) : 16000
  const all = allLabels()
  for (const rendering of RENDERINGS) {
    const rows = new Map<ScaleType | 'all', Row>()
    const row = (k: ScaleType | 'all'): Row => {
      if (!rows.has(k))
        rows.set(k, {
          n: 0,
          tonic: 0,
          exact: 0,
          full: 0,
          consistent: 0,
          ceiling: 0,
          confidence: 0,
          patternConfidence: 0,
        })
      return rows.get(k)!
    }
    for (const label of all) {
      const r = analyze(rendering.render(label, rate), rate)
      const p = r.ok ? r.label : null
      const k = ambiguity(label, all)
      for (const x of [row(label.type), row('all')]) {
        x.n++
        x.ceiling += 1 / k
        if (!p || !r.ok) continue
        const exact = p.tonic === label.tonic && p.pattern === label.pattern
        x.tonic += +(p.tonic === label.tonic)
        x.exact += +exact
        x.full += +(exact && p.type === label.type)
        // The answer names the same tonic and the same notes: right up to the scale's own ambiguity.
        x.consistent += +(p.tonic === label.tonic && setKey(p) === setKey(label))
        x.confidence += r.confidence
        x.patternConfidence += r.patternConfidence ?? r.confidence
      }
    }
    console.log(`\nscales, ${rendering.name}: ${all.length} labels, ${rate} Hz`)
    console.log(
      'type                 n   tonic  exact  label  same-notes  ceiling(label)  mean conf  mean patternConf',
    )
    for (const [k, x] of rows) {
      const f = (v: number): string => (v / x.n).toFixed(3)
      console.log(
        `${k.padEnd(20)}${String(x.n).padStart(3)}   ${f(x.tonic)}  ${f(x.exact)}  ${f(x.full)}  ${f(x.consistent)}       ${f(x.ceiling)}           ${f(x.confidence)}      ${f(x.patternConfidence)}`,
      )
    }
  }
}

main()
