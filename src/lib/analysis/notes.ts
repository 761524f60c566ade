import { hzToMidi, mod12 } from '../theory/pitch-class.ts'
import type { Cents, Seconds } from '../theory/units.ts'
import type { NoteEvent, PitchFrame } from './types.ts'

/** Options of the note segmenter. */
export interface NoteOptions {
  /** Frames below this clarity are unvoiced. */
  readonly minClarity: number
  /** Frames quieter than this fraction of the clip's loud level (90th percentile) are unvoiced. */
  readonly relativeFloor: number
  /** A pitch within this many semitones of the current note still belongs to it (vibrato, drift). */
  readonly holdSemitones: number
  /** Frames a new pitch must last before it starts a note (drops grace notes and glide passing frames). */
  readonly confirmFrames: number
  /** Unvoiced frames tolerated inside a note (bow changes, breath noise). */
  readonly maxGapFrames: number
  readonly minDuration: Seconds
}

export const DEFAULT_NOTE_OPTIONS: NoteOptions = Object.freeze({
  minClarity: 0.75,
  relativeFloor: 0.04,
  holdSemitones: 0.7,
  confirmFrames: 3,
  maxGapFrames: 2,
  minDuration: 0.08,
})

/** Tuning-corrected fractional MIDI per frame, NaN when unvoiced; octave jumps against the neighbourhood are folded back. */
export function tunedPitches(
  frames: readonly PitchFrame[],
  tuning: Cents,
  opts: Partial<NoteOptions> = {},
): Float64Array {
  const o = { ...DEFAULT_NOTE_OPTIONS, ...opts }
  const floor = o.relativeFloor * loudLevel(frames)
  const m = new Float64Array(frames.length).fill(NaN)
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]
    if (f.hz > 0 && f.clarity >= o.minClarity && f.rms >= floor) m[i] = hzToMidi(f.hz) - tuning / 100
  }
  return foldOctaveErrors(m)
}

/** The 90th-percentile frame level: "loud" for this clip, robust to a few peaks. */
export function loudLevel(frames: readonly PitchFrame[]): number {
  if (frames.length === 0) return 0
  const levels = frames.map((f) => f.rms).sort((a, b) => a - b)
  return levels[Math.floor(0.9 * (levels.length - 1))]
}

/** A frame octaves off the median of its voiced neighbours is a tracker error: fold it back, or drop it. */
function foldOctaveErrors(m: Float64Array, radius = 4): Float64Array {
  const out = Float64Array.from(m)
  const near: number[] = []
  for (let i = 0; i < m.length; i++) {
    if (Number.isNaN(m[i])) continue
    near.length = 0
    for (let j = Math.max(0, i - radius); j <= Math.min(m.length - 1, i + radius); j++)
      if (j !== i && !Number.isNaN(m[j])) near.push(m[j])
    if (near.length < 3) continue
    const med = median(near)
    const d = m[i] - med
    if (Math.abs(d) <= 9) continue
    const folded = m[i] - 12 * Math.round(d / 12)
    // An octave error folds back; any other big jump is the common period of two overlapping tones (A+C in
    // reverb or heterophony gives F two octaves down): no pitch of the melody, so drop the frame.
    out[i] = Math.abs(folded - med) <= 1.5 ? folded : NaN
  }
  return out
}

/**
 * Segments the tuned pitch track into notes: runs of frames that stay within `holdSemitones` of one
 * semitone. A new note needs `confirmFrames` agreeing frames, so vibrato, glides and grace notes do not split
 * or add notes.
 */
export function segmentNotes(
  frames: readonly PitchFrame[],
  tuned: Float64Array,
  opts: Partial<NoteOptions> = {},
): NoteEvent[] {
  const o = { ...DEFAULT_NOTE_OPTIONS, ...opts }
  const notes: NoteEvent[] = []
  let cur: number[] = [] // frame indices of the open note
  let q = NaN // its semitone
  let pending: number[] = []
  let gap = 0
  const close = (): void => {
    if (cur.length > 0) {
      const note = makeNote(frames, tuned, cur)
      if (note.end - note.start >= o.minDuration) notes.push(note)
    }
    cur = []
    q = NaN
  }
  for (let i = 0; i < frames.length; i++) {
    const m = tuned[i]
    if (Number.isNaN(m)) {
      if (++gap > o.maxGapFrames) {
        close()
        pending = []
      }
      continue
    }
    gap = 0
    if (!Number.isNaN(q) && Math.abs(m - q) < o.holdSemitones) {
      cur.push(i)
      pending = []
      continue
    }
    if (pending.length > 0 && Math.round(tuned[pending[0]]) !== Math.round(m)) pending = []
    pending.push(i)
    if (pending.length >= o.confirmFrames) {
      close()
      cur = pending
      q = Math.round(m)
      pending = []
    }
  }
  close()
  return notes
}

function makeNote(frames: readonly PitchFrame[], tuned: Float64Array, idx: readonly number[]): NoteEvent {
  const pitches = idx.map((i) => tuned[i])
  const midi = median(pitches)
  let level = 0
  for (const i of idx) level += frames[i].rms
  const hop = frames.length > 1 ? frames[1].time - frames[0].time : 0.02
  return {
    start: frames[idx[0]].time - hop / 2,
    end: frames[idx[idx.length - 1]].time + hop / 2,
    midi,
    pitchClass: mod12(Math.round(midi)),
    level: level / idx.length,
  }
}

/** Median of a non-empty list (copies, does not reorder the input). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}
