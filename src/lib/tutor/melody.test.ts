import { describe, expect, it } from 'vitest'
import { allLabels, collectionPitchClasses, labelFromTonic } from '../theory/label.ts'
import { mod12 } from '../theory/pitch-class.ts'
import { extraTones } from '../theory/scale-types.ts'
import { generateMelody, isStrongBeat, melodyDuration, type Melody } from './melody.ts'
import { mulberry32 } from './random.ts'

// Every label in three lengths: 1,080 melodies, a few milliseconds in all.
const MELODIES: Melody[] = allLabels().flatMap((label, i) => [
  generateMelody(label, { seed: i * 7919 + 1 }),
  generateMelody(label, { seed: i * 104729 + 3, bars: 4, beatsPerBar: 2 }),
  generateMelody(label, { seed: i * 15485863 + 5, bars: 2 }),
])

describe('generateMelody', () => {
  it('keeps every note within the label collection', () => {
    for (const m of MELODIES) {
      const pcs = new Set(collectionPitchClasses(m.label.system, m.label.type))
      for (const n of m.notes) expect(pcs.has(mod12(n.midi))).toBe(true)
      for (const n of m.notes) if (n.graceMidi !== undefined) expect(pcs.has(mod12(n.graceMidi))).toBe(true)
    }
  })

  it('places extra tones only on weak beats and short notes, and sounds each of them', () => {
    for (const m of MELODIES) {
      const extras = extraTones(m.label.type).map((s) => mod12(m.label.system + s))
      for (const n of m.notes.filter((x) => extras.includes(mod12(x.midi)))) {
        expect(isStrongBeat(n.start, m.beatsPerBar)).toBe(false)
        expect(n.duration).toBeLessThanOrEqual(1)
      }
      for (const pc of extras) expect(m.notes.some((n) => mod12(n.midi) === pc)).toBe(true)
    }
  })

  it('ends on the tonic with the longest note of the last phrase', () => {
    for (const m of MELODIES) {
      const last = m.notes[m.notes.length - 1]
      expect(mod12(last.midi)).toBe(m.label.tonic)
      const lastPhrase = m.notes.filter((n) => n.start >= m.phrases[m.phrases.length - 1].start)
      expect(Math.max(...lastPhrase.map((n) => n.duration))).toBe(last.duration)
      expect(last.duration).toBeGreaterThanOrEqual(2)
    }
  })

  it('is the same melody for the same seed, and another for another seed', () => {
    const label = labelFromTonic(2, 'shang', 'heptatonic-yanyue')
    expect(generateMelody(label, { seed: 42 })).toEqual(generateMelody(label, { seed: 42 }))
    expect(generateMelody(label, { seed: 42 }).notes).not.toEqual(generateMelody(label, { seed: 43 }).notes)
  })

  it('writes four gapless phrases that fill the bars, in about an octave and a half', () => {
    for (const m of MELODIES) {
      const bars = m.phrases[m.phrases.length - 1].end / m.beatsPerBar
      expect(m.phrases).toHaveLength(Math.max(1, Math.min(4, Math.floor((bars * m.beatsPerBar) / 8))))
      for (let i = 1; i < m.notes.length; i++)
        expect(m.notes[i].start).toBeCloseTo(m.notes[i - 1].start + m.notes[i - 1].duration, 9)
      const midis = m.notes.map((n) => n.midi)
      expect(Math.max(...midis) - Math.min(...midis)).toBeLessThanOrEqual(21)
      expect(m.notes[m.notes.length - 1].start + m.notes[m.notes.length - 1].duration).toBe(
        bars * m.beatsPerBar,
      )
    }
  })

  it('moves mostly by step and stresses the tonic beyond the final note', () => {
    let steps = 0
    let moves = 0
    let tonicCadences = 0
    for (const m of MELODIES.filter((x) => x.phrases.length === 4)) {
      for (let i = 1; i < m.notes.length; i++) {
        const d = Math.abs(m.notes[i].midi - m.notes[i - 1].midi)
        moves++
        if (d <= 3) steps++
      }
      // Phrase cadences on the tonic other than the last one (the 承 phrase usually rests on it).
      const ends = m.phrases.slice(0, -1).map((p) => m.notes.filter((n) => n.start < p.end).at(-1)!)
      if (ends.some((n) => mod12(n.midi) === m.label.tonic)) tonicCadences++
    }
    expect(steps / moves).toBeGreaterThan(0.75)
    expect(tonicCadences / MELODIES.filter((x) => x.phrases.length === 4).length).toBeGreaterThan(0.4)
  })

  it('honours the tempo and tonic register options', () => {
    const m = generateMelody(labelFromTonic(9, 'yu'), { seed: 5, tempo: 120, bars: 4, tonicMidi: 69 })
    expect(m.tempo).toBe(120)
    expect(melodyDuration(m)).toBeCloseTo(8, 9)
    expect(m.notes[m.notes.length - 1].midi).toBe(69)
  })
})

describe('isStrongBeat', () => {
  it('marks beats 1 and 3 of 4/4 and beat 1 of 2/4', () => {
    expect([0, 1, 2, 3, 4, 2.5].map((b) => isStrongBeat(b, 4))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ])
    expect([0, 1, 2, 0.5].map((b) => isStrongBeat(b, 2))).toEqual([true, false, true, false])
  })
})

describe('mulberry32', () => {
  it('is deterministic and spread over [0, 1)', () => {
    const a = mulberry32(9)
    const b = mulberry32(9)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()))
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1)
  })
})
