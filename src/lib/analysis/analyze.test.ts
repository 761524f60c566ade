import { describe, expect, it } from 'vitest'
import { allLabels, labelFromTonic, scaleSteps, type Label } from '../theory/label.ts'
import { hzToMidi, pitchClassName } from '../theory/pitch-class.ts'
import { analyze } from './analyze.ts'
import { decimate } from './resample.ts'
import { trackPitch } from './pitch-track.ts'
import { melodyNotes, mulberry32, scaleNotes, synthesize } from './test-signals.ts'

const SR = 16000
const name = (l: Label) => `${pitchClassName(l.tonic)} ${l.pattern} (宫 ${pitchClassName(l.system)})`

describe('pitch tracking', () => {
  it.each([110, 261.63, 440, 987.77])('tracks a sine at %f Hz within 5 cents', (hz) => {
    const x = new Float32Array(SR).map((_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / SR))
    const low = decimate(x, SR)
    const frames = trackPitch(low.samples, low.sampleRate).filter((f) => f.hz > 0)
    expect(frames.length).toBeGreaterThan(30)
    for (const f of frames.slice(2, -2)) expect(Math.abs(1200 * Math.log2(f.hz / hz))).toBeLessThan(5)
  })
})

describe('analyze: the 60 pentatonic modes', () => {
  const labels = allLabels(['pentatonic'])
  it('names each mode from its clean scale', () => {
    const wrong = labels.filter((l) => {
      const r = analyze(synthesize(scaleNotes(l, 57 + (l.tonic % 6))), SR)
      return !(r.ok && r.label.tonic === l.tonic && r.label.pattern === l.pattern && r.label.type === l.type)
    })
    expect(wrong.map(name)).toEqual([])
  })
  it('names each mode from a short melody ending on the tonic', () => {
    const wrong = labels.filter((l) => {
      const r = analyze(synthesize(melodyNotes(l, 55 + (l.system % 7)), { vibratoCents: 25 }), SR)
      return !(r.ok && r.label.tonic === l.tonic && r.label.pattern === l.pattern && r.label.type === l.type)
    })
    expect(wrong.map(name)).toEqual([])
  })
})

describe('analyze: evidence and robustness', () => {
  it('estimates a +40 cent tuning offset and still names the mode', () => {
    const aYu = labelFromTonic(9, 'yu')
    const r = analyze(synthesize(melodyNotes(aYu), { tuning: 40, vibratoCents: 30 }), SR)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.evidence.tuningOffset).toBeGreaterThan(35)
    expect(r.evidence.tuningOffset).toBeLessThan(45)
    expect(r.label).toMatchObject({ system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic' })
  })
  it('returns evidence the UI can draw', () => {
    const dShang = labelFromTonic(2, 'shang')
    const r = analyze(synthesize(melodyNotes(dShang), { noise: 0.01 }), SR)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const ev = r.evidence
    expect(ev.pitchClassProfile.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(ev.majorThird).toEqual([0, 4])
    expect(ev.cadences.at(-1)).toMatchObject({ pitchClass: 2, final: true })
    expect(ev.cadences.some((c) => !c.final && c.pitchClass === 2)).toBe(true)
    expect(ev.notes.length).toBeGreaterThanOrEqual(15)
    expect(r.confidence).toBeGreaterThan(0.5)
    expect(r.alternatives).toHaveLength(3)
    expect(r.alternatives[0].confidence).toBeLessThanOrEqual(r.confidence)
  })
  it('hears a hexatonic extra tone on short notes', () => {
    const gGong = labelFromTonic(7, 'gong', 'hexatonic-qingjue')
    // G gong with C (清角, 5 above 宫 G) as two short passing notes, B (角) held as usual.
    const notes = melodyNotes(labelFromTonic(7, 'gong')).flatMap((n, i) =>
      i === 4 || i === 13 ? [{ midi: 72, dur: 0.15 }, n] : [n],
    )
    const r = analyze(synthesize(notes), SR)
    expect(r.ok && r.label).toMatchObject({ system: gGong.system, tonic: 7, type: 'hexatonic-qingjue' })
    if (r.ok) expect(r.evidence.extraTones.find((e) => e.aboveGong === 5)?.times.length).toBeGreaterThan(1)
  })
  it('finds no mode in silence', () => {
    const r = analyze(new Float32Array(3 * SR), SR)
    expect(r).toMatchObject({ ok: false, reason: 'silence', measure: { kind: 'silent' } })
  })
  it('finds no mode in white noise', () => {
    const rand = mulberry32(7)
    const r = analyze(
      new Float32Array(3 * SR).map(() => 0.3 * (2 * rand() - 1)),
      SR,
    )
    expect(r).toMatchObject({ ok: false, reason: 'unpitched' })
  })
  it('finds no mode in a single held note, and says it has too few tones (not too little sound)', () => {
    const r = analyze(synthesize([{ midi: 69, dur: 10 }]), SR)
    expect(r).toMatchObject({ ok: false, reason: 'too-few-tones', measure: { kind: 'tones', tones: 1 } })
  })
  it('finds no mode in a chromatic scale', () => {
    const notes = Array.from({ length: 24 }, (_, i) => ({ midi: 60 + (i % 12), dur: 0.25 }))
    const r = analyze(synthesize(notes), SR)
    expect(r).toMatchObject({ ok: false, reason: 'too-chromatic', measure: { kind: 'coverage' } })
    // The measured share, as a number the UI can word in its own language.
    if (!r.ok && r.measure?.kind === 'coverage') expect(r.measure.percent).toBeLessThan(80)
  })
  it('reports progress and stops when aborted', () => {
    const seen: number[] = []
    const x = synthesize(melodyNotes(labelFromTonic(0, 'gong')))
    analyze(x, SR, { onProgress: (f) => seen.push(f) })
    expect(seen[0]).toBe(0)
    expect(seen.at(-1)).toBe(1)
    expect(() => analyze(x, SR, { signal: { aborted: true } })).toThrow(/abort/)
  })
  it('rejects a bad sample rate', () => {
    expect(() => analyze(new Float32Array(10), 0)).toThrow(RangeError)
  })
  it('keeps a melody at 44.1 kHz in tune', () => {
    const r = analyze(synthesize(melodyNotes(labelFromTonic(4, 'jue')), { sampleRate: 44100 }), 44100)
    expect(r.ok && r.label).toMatchObject({ tonic: 4, pattern: 'jue' })
    if (r.ok) expect(Math.abs(r.evidence.tuningOffset)).toBeLessThan(3)
    expect(hzToMidi(440)).toBe(69)
  })
})

describe('analyze: reference scales', () => {
  /** The scale as the player sounds it: tonic to its octave and back, equal notes, the last one held and let go. */
  const upAndDown = (l: Label) => {
    const up = [...scaleSteps(l).map((s) => 60 + l.tonic + s.aboveTonic), 72 + l.tonic]
    const midis = [...up, ...[...up].reverse().slice(1)]
    return [
      ...midis.map((midi, i) => ({ midi, dur: i === midis.length - 1 ? 1.5 : 0.7 })),
      { midi: NaN, dur: 0.6 },
    ]
  }
  it('names a pentatonic scale played up and down, sure of it', () => {
    const dShang = labelFromTonic(2, 'shang')
    const r = analyze(synthesize(upAndDown(dShang)), SR)
    expect(r.ok && r.label).toMatchObject({ system: 0, tonic: 2, pattern: 'shang', type: 'pentatonic' })
    if (r.ok) expect(r.patternConfidence).toBeGreaterThan(0.8)
  })
  it('hears the tonic of a 七声 scale but says its pattern is ambiguous, listing the other readings', () => {
    // C D E F G A B from D: D商清乐 (宫 C), D羽雅乐 (宫 F) and D徵燕乐 (宫 G) sound the same.
    const readings = [
      labelFromTonic(2, 'shang', 'heptatonic-qingyue'),
      labelFromTonic(2, 'yu', 'heptatonic-yayue'),
      labelFromTonic(2, 'zhi', 'heptatonic-yanyue'),
    ]
    const r = analyze(synthesize(upAndDown(readings[0])), SR)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.label.tonic).toBe(2)
    expect(r.patternConfidence).toBeLessThan(0.7)
    const named = [r.label, ...r.alternatives.map((a) => a.label)]
    for (const l of readings) expect(named).toContainEqual(l)
  })
})
