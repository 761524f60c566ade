import type { Rng } from '../theory/random.ts'
import type { RenderNote } from './voices.ts'

/**
 * A heterophonic variant of a line (支声): the same tune with some notes filled in (加花: a passing or upper
 * neighbour tone taken from the line's own pitches, so it stays in the collection), some short notes dropped
 * into their neighbours, and the whole shifted by an octave if asked.
 */
export function varyLine(notes: readonly RenderNote[], random: Rng, octave = 0): RenderNote[] {
  const pitches = [...new Set(notes.map((n) => n.midi))].sort((a, b) => a - b)
  const out: RenderNote[] = []
  for (let i = 0; i < notes.length; i++) {
    const n = notes[i]
    const next = notes[i + 1]
    const prevOut = out[out.length - 1]
    if (next && prevOut && n.duration <= 0.5 && random() < 0.2) {
      // Drop a short note: the accompanist holds the previous one instead.
      out[out.length - 1] = { ...prevOut, duration: prevOut.duration + n.duration }
      continue
    }
    if (next && n.duration >= 1 && random() < 0.35) {
      const half = n.duration / 2
      const fill = passingTone(pitches, n.midi, next.midi) ?? neighbour(pitches, n.midi)
      out.push({ midi: n.midi + octave, start: n.start, duration: half, velocity: n.velocity * 0.9 })
      out.push({ midi: fill + octave, start: n.start + half, duration: half, velocity: n.velocity * 0.8 })
      continue
    }
    out.push({ midi: n.midi + octave, start: n.start, duration: n.duration, velocity: n.velocity * 0.9 })
  }
  return out
}

/** A pitch of the line strictly between two others, or undefined when they are adjacent. */
function passingTone(pitches: readonly number[], from: number, to: number): number | undefined {
  const lo = Math.min(from, to)
  const hi = Math.max(from, to)
  return pitches.find((p) => p > lo && p < hi)
}

/** The next pitch of the line above (or below, at the top). */
function neighbour(pitches: readonly number[], midi: number): number {
  return pitches.find((p) => p > midi) ?? [...pitches].reverse().find((p) => p < midi) ?? midi
}
