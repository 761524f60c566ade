import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { midiToHz } from '../theory/pitch-class.ts'
import { analyze } from './analyze.ts'
import { findDrone, removeDrone } from './drone.ts'
import { melodyNotes, mulberry32, synthesize } from './test-signals.ts'

const SR = 8000

/** A steady harmonic tone (a drone) of the given length and level. */
function tone(hz: number, seconds: number, level: number, sampleRate = SR): Float32Array {
  return new Float32Array(Math.round(seconds * sampleRate)).map((_, i) => {
    let v = 0
    for (let k = 1; k <= 6; k++) v += Math.sin((2 * Math.PI * k * hz * i) / sampleRate) / k
    return level * v
  })
}

const mix = (a: Float32Array, b: Float32Array): Float32Array => a.map((x, i) => x + (b[i] ?? 0))
const rms = (x: Float32Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length)

describe('drones', () => {
  // G major-ish melody over C: a 宫 drone two octaves below C4's neighbourhood.
  const cGong = labelFromTonic(0, 'gong')
  const melody = synthesize(Array.from({ length: 4 }, () => melodyNotes(cGong, 60, 0.3)).flat(), {
    sampleRate: SR,
    vibratoCents: 20,
  })
  const drone = tone(midiToHz(43), melody.length / SR, 0.1)

  it('finds a steady drone under a melody, at its pitch', () => {
    const d = findDrone(mix(melody, drone), SR)
    expect(d).not.toBeNull()
    expect(Math.abs(1200 * Math.log2((d?.hz ?? 1) / midiToHz(43)))).toBeLessThan(5)
  })
  it('finds none in a melody alone, or in noise', () => {
    expect(findDrone(melody, SR)).toBeNull()
    const rand = mulberry32(3)
    expect(
      findDrone(
        new Float32Array(10 * SR).map(() => 0.2 * (2 * rand() - 1)),
        SR,
      ),
    ).toBeNull()
  })
  it('removes the drone and keeps most of a note a fifth away', () => {
    const settle = (x: Float32Array) => x.subarray(SR) // after the filter's first second
    const g = midiToHz(43)
    const droneOnly = tone(g, 2, 0.1)
    expect(rms(settle(removeDrone(droneOnly, SR, g))) / rms(settle(droneOnly))).toBeLessThan(0.1) // −20 dB: linear interpolation of the fractional delay blunts the upper notches
    const note = tone(midiToHz(50), 2, 0.1)
    expect(rms(settle(removeDrone(note, SR, g))) / rms(settle(note))).toBeGreaterThan(0.6)
  })
  it('tracks only the melody over a drone on its 徵, and names it', () => {
    const withDrone = mix(melody, tone(midiToHz(43), melody.length / SR, 0.12))
    const lowest = (keepDrone: boolean) => {
      const r = analyze(withDrone, SR, { keepDrone })
      return r.ok ? Math.min(...r.evidence.notes.map((n) => n.midi)) : NaN
    }
    // Left in, the drone (G2 = 43) or its common period with the melody shows up as notes far below it.
    expect(lowest(true)).toBeLessThan(50)
    expect(lowest(false)).toBeGreaterThan(55)
    const r = analyze(withDrone, SR)
    expect(r.ok && r.label).toMatchObject({ system: 0, tonic: 0, pattern: 'gong' })
    expect(r.ok && r.evidence.drone?.pitchClass).toBe(7)
  })
})
