import { describe, expect, it } from 'vitest'
import { ReferenceScale, type ScalePlayer } from './reference.svelte.ts'

/** A player that records what it was asked and fails drones on demand. */
function fakePlayer(failDrone: () => boolean) {
  const calls: string[] = []
  const player: ScalePlayer = {
    ensureAudio: async () => void calls.push('ensure'),
    playScale: async (_l, opts) => {
      calls.push('scale')
      opts.onNote(0)
      opts.onNote(6)
    },
    stop: () => void calls.push('stop'),
    startDrone: async (pc) => {
      if (failDrone()) throw Object.assign(new Error('no audio device'), { kind: 'audio' })
      calls.push(`drone:${pc}`)
    },
    stopDrone: () => void calls.push('stopDrone'),
  }
  return { player, calls }
}

describe('ReferenceScale', () => {
  it('plays the scale after starting audio, and highlights steps by their index in the scale', async () => {
    const { player, calls } = fakePlayer(() => false)
    const ref = new ReferenceScale(player)
    const seen: number[] = []
    const origPlay = player.playScale
    player.playScale = (l, o) => origPlay(l, { ...o, onNote: (i) => (o.onNote(i), seen.push(ref.sounding)) })
    await ref.play()
    expect(calls.slice(0, 3)).toEqual(['ensure', 'stop', 'scale'])
    // A pentatonic scale has 5 steps: note 6 (the octave's second step) lights step 1.
    expect(seen).toEqual([0, 1])
    expect(ref.playing).toBe(false)
    expect(ref.sounding).toBe(-1)
  })

  it('follows the tonic with a running drone, and shows a failure instead of pretending it still sounds', async () => {
    let fail = false
    const { player, calls } = fakePlayer(() => fail)
    const ref = new ReferenceScale(player)
    await ref.toggleDrone()
    expect(ref.drone).toBe(true)
    ref.tonic = 2
    await ref.retuneDrone()
    expect(calls).toContain('drone:2')
    fail = true
    ref.tonic = 4
    await ref.retuneDrone()
    expect(ref.drone).toBe(false)
    expect(ref.error?.message).toBe('no audio device')
  })
})
