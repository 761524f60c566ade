// The shapes of a generated melody and the metre helpers the generator and its check share.
import type { PitchClass } from '../theory/pitch-class.ts'
import type { Label } from '../theory/label.ts'
import type { Midi, Seconds } from '../theory/units.ts'

const EPS = 1e-9

/** A duration or position in beats (quarter notes). */
export type Beats = number

/** A performance ornament the renderer realises: a grace note, a glide into the note, or vibrato. */
export type Ornament = 'grace' | 'glide' | 'vibrato'

/** One note of a generated melody. */
export interface MelodyNote {
  readonly midi: Midi
  readonly start: Beats
  readonly duration: Beats
  /** Loudness, 0..1: downbeats and cadences are stressed. */
  readonly velocity: number
  readonly ornament?: Ornament
  /** For `grace`: the pitch of the grace note (always one of the five tones). */
  readonly graceMidi?: Midi
}

/** A phrase's span in beats, end exclusive. */
export interface Phrase {
  readonly start: Beats
  readonly end: Beats
}

/** A folk-style melody in a labelled mode, deterministic from its seed. */
export interface Melody {
  readonly label: Label
  readonly notes: readonly MelodyNote[]
  /** Beats per minute. */
  readonly tempo: number
  readonly beatsPerBar: 2 | 4
  readonly phrases: readonly Phrase[]
  readonly seed: number
}

export interface MelodyOptions {
  readonly seed: number
  /**
   * Length in four-beat bars, at least 4 (default 8): the melody lasts `4 × bars` beats whatever its metre, so a
   * 2/4 melody has twice as many bars of its own.
   */
  readonly bars?: number
  /** Beats per minute (default: 66–96 from the seed). */
  readonly tempo?: number
  /** 2/4 or 4/4 (default: from the seed, 2/4 about nine times in ten, as in Han folk songs). */
  readonly beatsPerBar?: 2 | 4
  /** The tonic's MIDI note, which is the final note (default: G3..F#4 from the label, so the range stays singable). */
  readonly tonicMidi?: Midi
  /** For 六声/七声: wanted share of notes that are each extra tone (default: the Han songs' rate). */
  readonly extraToneRate?: number
  /**
   * Which rules the melody is drawn and checked by (default: the latest). A question keeps the rules it was asked
   * with, so History replays the very tune: see {@link MELODY_RULES}.
   */
  readonly rules?: MelodyRules
}

/**
 * The generator's rules, by version. 1: the Han-fitted generator and its check. 2 (2026-12): also audible at
 * every practice tempo — no note under 0.12 s, each extra tone ≥ 0.3 s in all, 宫 and 角 each ≥ 5% of the time —
 * and extra tones not rendered softer. Version 2 redraws about 3% of the melodies at 84 bpm.
 */
export const MELODY_RULES = [1, 2] as const
export type MelodyRules = (typeof MELODY_RULES)[number]
/** The rules new questions are drawn by. */
export const LATEST_MELODY_RULES: MelodyRules = 2

/** The outcome of {@link checkMelody}: the melody carries its label, or the first reason it does not. */
export type MelodyCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/**
 * True when a position falls on a strong beat: the downbeat, and beat 3 in 4/4. Extra tones never do.
 * @example isStrongBeat(2, 4) → true; isStrongBeat(1, 4) → false; isStrongBeat(4.5, 4) → false
 */
export function isStrongBeat(start: Beats, beatsPerBar: number): boolean {
  const pos = ((start % beatsPerBar) + beatsPerBar) % beatsPerBar
  if (Math.abs(pos - Math.round(pos)) > EPS) return false
  const beat = Math.round(pos) % beatsPerBar
  return beat === 0 || (beatsPerBar === 4 && beat === 2)
}

/** The melody's length in seconds (to the end of its last note). */
export function melodyDuration(melody: Pick<Melody, 'notes' | 'tempo'>): Seconds {
  const end = melody.notes.reduce((m, n) => Math.max(m, n.start + n.duration), 0)
  return (end * 60) / melody.tempo
}

/** The default tonic register: G3..F#4, so the fitted range (a fifth below to an octave and more above) stays singable. */
export function defaultTonicMidi(tonic: PitchClass): Midi {
  return tonic >= 7 ? 48 + tonic : 60 + tonic
}
