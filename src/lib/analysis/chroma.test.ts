import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { analyze } from './analyze.ts'
import { chromagram, chromaProfile, finalChroma, offNoteShare } from './chroma.ts'
import { DEFAULT_MODE_MODEL } from './mode.ts'
import { decimate } from './resample.ts'
import { melodyNotes, synthesize, type SynthNote } from './test-signals.ts'

const SR = 16000
const THRESHOLD = DEFAULT_MODE_MODEL.accompanimentThreshold ?? Infinity

/** Sums voices (each a list of notes) into one signal, each scaled by its gain. */
function mix(voices: readonly { notes: SynthNote[]; gain: number }[]): Float32Array {
  const parts = voices.map((v) => synthesize(v.notes, { sampleRate: SR }))
  const out = new Float32Array(Math.max(...parts.map((p) => p.length)))
  parts.forEach((p, i) => p.forEach((x, j) => (out[j] += voices[i].gain * x)))
  return out
}

/** The three strongest pitch classes of a profile, ascending. */
const top3 = (p: readonly number[]) =>
  p
    .map((v, pc) => [v, pc] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, pc]) => pc)
    .sort((a, b) => a - b)

/** The chroma of a signal at the analyzer's quarter rate. */
function chromaOf(x: Float32Array, tuning = 0) {
  const low = decimate(x, SR, 4000)
  return chromagram(low.samples, low.sampleRate, tuning)
}

describe('chromagram', () => {
  it('peaks at the three notes of a held chord, not at their partials', () => {
    // C major triad, C3 E3 G3, with four harmonics each: partials fall on G, B and D too.
    const chord = mix([48, 52, 55].map((midi) => ({ notes: [{ midi, dur: 2 }], gain: 1 })))
    expect(top3(chromaProfile(chromaOf(chord)))).toEqual([0, 4, 7])
  })

  it('reads an A minor triad 30 cents sharp when told the tuning', () => {
    const chord = mix([57, 60, 64].map((midi) => ({ notes: [{ midi: midi + 0.3, dur: 2 }], gain: 1 })))
    expect(top3(chromaProfile(chromaOf(chord, 30)))).toEqual([0, 4, 9])
  })

  it('hears the last chord in the ending chroma', () => {
    const chords = mix([
      {
        notes: [
          { midi: 50, dur: 2 },
          { midi: 45, dur: 2 },
        ],
        gain: 1,
      }, // D then A
      {
        notes: [
          { midi: 57, dur: 2 },
          { midi: 52, dur: 2 },
        ],
        gain: 1,
      },
    ])
    const f = finalChroma(chromaOf(chords), 1)
    expect(f.indexOf(Math.max(...f))).toBe(9)
  })
})

describe('accompaniment switch', () => {
  const label = labelFromTonic(2, 'shang') // D 商, C 宫 system
  const melody = [...melodyNotes(label, 62), ...melodyNotes(label, 62)]
  const length = melody.reduce((a, n) => a + n.dur, 0)

  it('does not fire on a clean melody', () => {
    const x = synthesize(melody, { sampleRate: SR, vibratoCents: 20 })
    const r = analyze(x, SR)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(offNoteShare(chromaOf(x), r.evidence.notes)).toBeLessThan(THRESHOLD)
    expect(r.evidence.accompaniment).toBeUndefined()
  })

  it('fires under held chords in the mode, and the mode is still named', () => {
    // Chords of the C 宫 collection held two seconds each, each voice 10 dB under the melody, ending on D–A.
    const roots = [
      [38, 45],
      [43, 50],
      [45, 52],
      [36, 43],
    ]
    const bars = Math.ceil(length / 2)
    const low = Array.from({ length: bars }, (_, i) => roots[i === bars - 1 ? 0 : i % roots.length])
    const chords = [0, 1].map((v) => ({ notes: low.map((r) => ({ midi: r[v], dur: 2 })), gain: 0.3 }))
    const x = mix([{ notes: melody, gain: 1 }, ...chords]).subarray(0, Math.round(length * SR))
    const r = analyze(x, SR)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.evidence.accompaniment?.offNoteShare).toBeGreaterThanOrEqual(THRESHOLD)
    expect([r.label.tonic, r.label.pattern, r.label.system]).toEqual([2, 'shang', 0])
  })
})
