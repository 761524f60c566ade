/// <reference types="node" />
import { describe, expect, it } from 'vitest'
import { rms } from './effects.ts'
import { varyLine } from './heterophony.ts'
import { DEFAULT_RENDER_OPTIONS, renderDuration, renderMelody, type RenderableMelody } from './render.ts'
import { TIMBRES } from './voices.ts'

const SR = 16000
/** One held A4 (two seconds at 60 bpm). */
const HELD_A4: RenderableMelody = { tempo: 60, notes: [{ midi: 69, start: 0, duration: 2, velocity: 0.8 }] }
const LINE: RenderableMelody = {
  tempo: 120,
  notes: [60, 62, 64, 67, 69, 67, 64, 62, 60].map((midi, i) => ({
    midi,
    start: i,
    duration: 1,
    velocity: 0.7,
    ornament: i === 4 ? ('vibrato' as const) : i === 3 ? ('glide' as const) : undefined,
  })),
}

/** Fundamental by autocorrelation with parabolic interpolation, over a window in the middle of a note. */
function estimateHz(x: Float32Array, from: number, length: number, minHz = 200): number {
  const seg = x.subarray(from, from + length)
  let best = 0
  let bestLag = 0
  const corr = (lag: number): number => {
    let s = 0
    for (let i = 0; i + lag < seg.length; i++) s += seg[i] * seg[i + lag]
    return s
  }
  for (let lag = Math.floor(SR / 1000); lag <= Math.ceil(SR / minHz); lag++) {
    const c = corr(lag)
    if (c > best) [best, bestLag] = [c, lag]
  }
  const [a, b, c] = [corr(bestLag - 1), best, corr(bestLag + 1)]
  return SR / (bestLag + (0.5 * (a - c)) / (a - 2 * b + c))
}

const cents = (hz: number, ref: number): number => 1200 * Math.log2(hz / ref)

describe('renderMelody', () => {
  it('plays each timbre at the written pitch, and shifts it by the tuning offset', () => {
    for (const timbre of TIMBRES) {
      for (const tuning of [0, 35]) {
        const x = renderMelody(HELD_A4, SR, { timbre, tuning, vibratoDepth: 0, intonation: 0, seed: 3 })
        const hz = estimateHz(x, Math.round(0.6 * SR), 2048)
        expect(Math.abs(cents(hz, 440) - tuning)).toBeLessThan(5)
      }
    }
  })

  it('is deterministic from its seed, and the length follows the score', () => {
    const a = renderMelody(LINE, SR, { seed: 9, timbre: 'bowed', reverb: { mix: 0.3, decay: 1.2 }, snr: 20 })
    const b = renderMelody(LINE, SR, { seed: 9, timbre: 'bowed', reverb: { mix: 0.3, decay: 1.2 }, snr: 20 })
    const c = renderMelody(LINE, SR, { seed: 10, timbre: 'bowed', reverb: { mix: 0.3, decay: 1.2 }, snr: 20 })
    const same = (x: Float32Array, y: Float32Array): boolean =>
      Buffer.from(x.buffer).equals(Buffer.from(y.buffer))
    expect(same(a, b)).toBe(true)
    expect(same(a, c)).toBe(false)
    expect(a.length).toBe(Math.ceil(renderDuration(LINE) * SR))
    expect(renderDuration(LINE)).toBeCloseTo(
      DEFAULT_RENDER_OPTIONS.leadIn + 4.5 + DEFAULT_RENDER_OPTIONS.tail,
      9,
    )
  })

  it('adds background noise at the asked signal-to-noise ratio', () => {
    const clean = renderMelody(LINE, SR, { seed: 4, timbre: 'blown' })
    const noisy = renderMelody(LINE, SR, { seed: 4, timbre: 'blown', snr: 10, noise: 'white' })
    // Both are peak-normalised: project the noisy render on the clean one to find the noise.
    let dot = 0
    let energy = 0
    for (let i = 0; i < clean.length; i++) [dot, energy] = [dot + noisy[i] * clean[i], energy + clean[i] ** 2]
    const k = dot / energy
    const residual = noisy.map((v, i) => v - k * clean[i])
    expect(20 * Math.log10((k * rms(clean)) / rms(residual))).toBeCloseTo(10, 0)
  })

  it('lets a reverb tail ring after the last note, and a plucked note decay', () => {
    const dry = renderMelody(LINE, SR, { seed: 2, timbre: 'blown' })
    const wet = renderMelody(LINE, SR, { seed: 2, timbre: 'blown', reverb: { mix: 0.4, decay: 2 } })
    const tail = (x: Float32Array): number => rms(x.subarray(Math.round(4.85 * SR)))
    expect(tail(wet)).toBeGreaterThan(5 * tail(dry))
    const pluck = renderMelody(HELD_A4, SR, { timbre: 'plucked', seed: 1 })
    expect(rms(pluck.subarray(Math.round(1.9 * SR), Math.round(2.1 * SR)))).toBeLessThan(
      0.5 * rms(pluck.subarray(Math.round(0.25 * SR), Math.round(0.45 * SR))),
    )
  })

  it('starts silent, keeps the peak, and sounds a drone under the line', () => {
    const x = renderMelody(LINE, SR, {
      seed: 1,
      drone: { midi: [48], level: -6, timbre: 'bowed' },
      peak: 0.5,
    })
    expect(Math.max(...x.map(Math.abs))).toBeCloseTo(0.5, 6)
    expect(rms(x.subarray(0, Math.round(0.04 * SR)))).toBe(0)
    // The drone's C3 (130.8 Hz) sounds in the tail, after the line has stopped.
    expect(Math.abs(cents(estimateHz(x, Math.round(4.8 * SR), 2048, 100), 130.81))).toBeLessThan(10)
    const plain = renderMelody(LINE, SR, { seed: 1, peak: 0.5 })
    expect(rms(x.subarray(Math.round(4.8 * SR)))).toBeGreaterThan(
      3 * rms(plain.subarray(Math.round(4.8 * SR))),
    )
  })

  it('refuses a nonsensical sample rate', () => {
    expect(() => renderMelody(LINE, 0, {})).toThrow(RangeError)
  })
})

describe('varyLine', () => {
  it('keeps the line pitches and its length, transposed by the octave asked', () => {
    let r = 0.5
    const random = (): number => (r = (r * 9301 + 49297) % 233280) / 233280
    const pitches = new Set(LINE.notes.map((n) => n.midi + 12))
    const varied = varyLine(LINE.notes, random, 12)
    for (const n of varied) expect(pitches.has(n.midi)).toBe(true)
    const end = (ns: readonly { start: number; duration: number }[]): number =>
      ns.at(-1)!.start + ns.at(-1)!.duration
    expect(end(varied)).toBe(end(LINE.notes))
    expect(varied.map((n) => n.midi - 12)).not.toEqual(LINE.notes.map((n) => n.midi))
  })
})
