import { describe, expect, it } from 'vitest'
import { midiToHz } from '../theory/pitch-class.ts'
import { identifyInWorker } from './analyzer-client.ts'

/** Renders a D shang melody (D E G A C, ending on D) with plain oscillators in an OfflineAudioContext. */
async function renderMelody(sampleRate = 44100): Promise<Float32Array> {
  // (midi, beats): two phrases, each closing on the tonic D.
  const tune: [number, number][] = [
    [69, 1],
    [67, 0.5],
    [69, 0.5],
    [72, 1],
    [69, 1],
    [67, 0.5],
    [64, 0.5],
    [62, 2],
    [72, 1],
    [74, 0.5],
    [72, 0.5],
    [69, 1],
    [67, 1],
    [64, 0.5],
    [67, 0.5],
    [60, 1],
    [62, 3],
  ]
  const beat = 0.3
  const total = tune.reduce((a, [, b]) => a + b, 0) * beat + 0.5
  const ctx = new OfflineAudioContext(1, Math.ceil(total * sampleRate), sampleRate)
  let t = 0.1
  for (const [midi, beats] of tune) {
    const osc = new OscillatorNode(ctx, { type: 'triangle', frequency: midiToHz(midi) })
    const gain = new GainNode(ctx, { gain: 0 })
    const dur = beats * beat
    gain.gain.setValueAtTime(0, t)
    gain.gain.linearRampToValueAtTime(0.3, t + 0.02)
    gain.gain.setValueAtTime(0.3, t + dur - 0.03)
    gain.gain.linearRampToValueAtTime(0, t + dur)
    osc.connect(gain).connect(ctx.destination)
    osc.start(t)
    osc.stop(t + dur)
    t += dur
  }
  const buffer = await ctx.startRendering()
  return buffer.getChannelData(0)
}

describe('identifyInWorker', () => {
  it('identifies a rendered melody in a Web Worker, with progress', async () => {
    const samples = await renderMelody()
    const progress: number[] = []
    const result = await identifyInWorker(samples, 44100, { onProgress: (f) => progress.push(f) })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.label).toMatchObject({ system: 0, tonic: 2, pattern: 'shang', type: 'pentatonic' })
    expect(result.evidence.cadences.at(-1)).toMatchObject({ pitchClass: 2, final: true })
    expect(progress.at(-1)).toBe(1)
    // The caller's array is copied, not detached by the transfer.
    expect(samples.length).toBeGreaterThan(0)
  })
  it('rejects with an AbortError when aborted', async () => {
    const controller = new AbortController()
    const pending = identifyInWorker(new Float32Array(44100 * 20), 44100, { signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
