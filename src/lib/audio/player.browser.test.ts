import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { ensureAudio, ReferencePlayer, renderDroneOffline, renderScaleOffline } from './player.ts'
import { cents, pitchOf, rms } from './test-signals.ts'

const midiToHz = (m: number) => 440 * 2 ** ((m - 69) / 12)

/** Magnitude of one frequency in a signal (Goertzel), normalised to a sine's amplitude. */
function toneLevel(x: Float32Array, hz: number, rate: number): number {
  const w = (2 * Math.PI * hz) / rate
  let re = 0
  let im = 0
  for (let i = 0; i < x.length; i++) {
    re += x[i] * Math.cos(w * i)
    im -= x[i] * Math.sin(w * i)
  }
  return (2 * Math.hypot(re, im)) / x.length
}

describe('renderScaleOffline', () => {
  it('renders every note of a scale at its pitch (within 20 cents)', async () => {
    const label = labelFromTonic(2, 'shang', 'hexatonic-biangong') // C system + 变宫 B, from D: D E G A B C D
    const { buffer, notes } = await renderScaleOffline(label, { tempo: 120, sampleRate: 22050 })
    const x = buffer.getChannelData(0)
    expect(notes.map((n) => n.midi)).toEqual([62, 64, 67, 69, 71, 72, 74])
    for (const n of notes) {
      // Skip the attack; earlier notes still ring underneath, so look where this one dominates.
      const from = Math.round((n.start + 0.04) * buffer.sampleRate)
      const { hz, clarity } = pitchOf(x.subarray(from, from + 4096), buffer.sampleRate)
      expect(clarity).toBeGreaterThan(0.8)
      expect(Math.abs(cents(hz, midiToHz(n.midi)))).toBeLessThan(20)
    }
    // Loud enough to hear, never clipping.
    let peak = 0
    for (const s of x) peak = Math.max(peak, Math.abs(s))
    expect(peak).toBeGreaterThan(0.05)
    expect(peak).toBeLessThan(1)
  })

  it('plucks: each note decays', async () => {
    const { buffer, notes } = await renderScaleOffline(labelFromTonic(0, 'gong'), {
      tempo: 60,
      sampleRate: 22050,
    })
    const x = buffer.getChannelData(0)
    const r = buffer.sampleRate
    const last = notes.at(-1)!
    const early = rms(x.subarray(Math.round((last.start + 0.05) * r), Math.round((last.start + 0.25) * r)))
    const late = rms(x.subarray(Math.round((last.start + 1.5) * r), Math.round((last.start + 1.7) * r)))
    expect(late).toBeLessThan(early / 3)
  })
})

describe('drone', () => {
  it('sounds the pitch class in octave 3, softly, and adds the fifth when asked', async () => {
    const rate = 22050
    const d = (await renderDroneOffline(2, {}, 2, rate)).getChannelData(0).subarray(rate) // after the fade-in
    expect(Math.abs(cents(pitchOf(d, rate).hz, midiToHz(50)))).toBeLessThan(20)
    expect(rms(d)).toBeGreaterThan(0.01)
    expect(rms(d)).toBeLessThan(0.2)
    expect(toneLevel(d, midiToHz(57), rate)).toBeLessThan(0.01 * toneLevel(d, midiToHz(50), rate))
    const withFifth = (await renderDroneOffline(2, { includeFifth: true }, 2, rate))
      .getChannelData(0)
      .subarray(rate)
    expect(toneLevel(withFifth, midiToHz(57), rate)).toBeGreaterThan(
      0.3 * toneLevel(withFifth, midiToHz(50), rate),
    )
  })
})

describe('ReferencePlayer', () => {
  it('calls onNote for each note in order and resolves at the end', async () => {
    await ensureAudio()
    const player = new ReferencePlayer()
    const seen: [number, string][] = []
    await player.playScale(labelFromTonic(9, 'yu'), {
      direction: 'updown',
      tempo: 900,
      onNote: (i, step) => seen.push([i, step.hanzi]),
    })
    expect(seen.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0])
    expect(seen[0][1]).toBe('羽')
    expect(seen[1][1]).toBe('宫')
    player.dispose()
  })

  it('plays a melody, skipping rests, in either timbre', async () => {
    await ensureAudio()
    const player = new ReferencePlayer()
    const seen: number[] = []
    const melody = [
      { midi: 69, beats: 1 },
      { midi: 0, beats: 1, rest: true },
      { midi: 72, beats: 0.5 },
      { midi: 74, beats: 0.5 },
    ]
    await player.playMelody(melody, 900, 'soft', (i) => seen.push(i))
    expect(seen).toEqual([0, 2, 3])
    player.dispose()
  })

  it('stops early, resolving the pending scale, and toggles a drone', async () => {
    await ensureAudio()
    const player = new ReferencePlayer()
    let notes = 0
    const done = player.playScale(labelFromTonic(0, 'gong'), { tempo: 30, onNote: () => notes++ })
    await new Promise((r) => setTimeout(r, 300))
    player.stop()
    await done
    expect(notes).toBeLessThan(3)
    await player.startDrone(0, { includeFifth: true })
    expect(player.droneOn).toBe(true)
    player.stopDrone()
    expect(player.droneOn).toBe(false)
    // A second scale started while the first is still loading replaces it: only the second one sounds.
    const seen: number[] = []
    const first = player.playScale(labelFromTonic(0, 'gong'), { tempo: 900, onNote: () => seen.push(1) })
    await player.playScale(labelFromTonic(0, 'gong'), { tempo: 900, onNote: () => seen.push(2) })
    await first
    expect(seen.filter((x) => x === 1)).toHaveLength(0)
    expect(seen.filter((x) => x === 2)).toHaveLength(6)
    player.dispose()
  })
})
