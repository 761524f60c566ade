import type { Label } from '../theory/label.ts'
import type { Cents, Hz, Midi, Seconds } from '../theory/units.ts'
import type { PitchClass } from '../theory/pitch-class.ts'

/** One analysis frame of the pitch track. */
export interface PitchFrame {
  readonly time: Seconds
  /** Fundamental frequency, or 0 when the frame is unvoiced. */
  readonly hz: Hz
  /** How periodic the frame is, 0..1. */
  readonly clarity: number
  /** RMS level of the frame, linear. */
  readonly rms: number
}

/** A note: a stretch of stable pitch, after tuning correction. */
export interface NoteEvent {
  readonly start: Seconds
  readonly end: Seconds
  /** Median pitch, fractional MIDI, tuning-corrected (so 69 is the tuned A). */
  readonly midi: Midi
  readonly pitchClass: PitchClass
  /** Mean frame level, linear: a proxy for stress. */
  readonly level: number
}

/** Why the analyzer found no mode. */
export type NoModeReason = 'silence' | 'unpitched' | 'too-short' | 'too-few-tones' | 'too-chromatic'

/** The measurement behind a "no mode" reason, as numbers a UI can put in its own words. */
export type NoModeMeasure =
  | { readonly kind: 'too-short-clip' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'voiced'; readonly percent: number }
  | { readonly kind: 'notes'; readonly notes: number; readonly seconds: number }
  | { readonly kind: 'tones'; readonly tones: number }
  | { readonly kind: 'coverage'; readonly percent: number }

export interface Candidate {
  readonly label: Label
  /** Calibrated probability, 0..1, over all candidates considered. */
  readonly confidence: number
  /** Calibrated probability that this label's tonic+pattern is right, whatever its type (≥ confidence). */
  readonly patternConfidence?: number
}

/** The evidence a teacher would point to. */
export interface Evidence {
  /** The estimated tuning offset from A440, in cents (e.g. +35: the performance sits 35 cents sharp). */
  readonly tuningOffset: Cents
  /** Duration-weighted (and stress-weighted) share of each of the 12 pitch classes, summing to 1. */
  readonly pitchClassProfile: readonly number[]
  /** The notes the decision was made on. */
  readonly notes: readonly NoteEvent[]
  /** The 宫–角 major third of the chosen system, as pitch classes. */
  readonly majorThird: readonly [PitchClass, PitchClass]
  /** The final note and phrase-final notes that fixed the tonic. */
  readonly cadences: readonly {
    readonly time: Seconds
    readonly pitchClass: PitchClass
    readonly final: boolean
  }[]
  /**
   * How the clip ends: the probability that its last note is a resting note (a cadence), and whether it
   * counts as stopping mid-phrase — then the tonic is inferred from context, with less certainty. Absent in
   * results stored before it was measured.
   */
  readonly ending?: { readonly cadenceProbability: number; readonly midPhrase: boolean }
  /** A sustained drone found under the melody and filtered out before tracking, if any. */
  readonly drone?: { readonly hz: Hz; readonly pitchClass: PitchClass }
  /**
   * Present when chords or other voices were heard under the melody and the polyphonic chroma was mixed into
   * the evidence: the share of the sound, while the melody plays, on other pitch classes (0..1).
   */
  readonly accompaniment?: { readonly offNoteShare: number }
  /** Where extra tones (清角, 变宫, …) occur: semitones above 宫 and the times of the notes. */
  readonly extraTones: readonly {
    readonly aboveGong: number
    readonly share: number
    readonly times: readonly Seconds[]
  }[]
}

export type AnalysisResult =
  | {
      readonly ok: true
      readonly label: Label
      /** Calibrated probability that the whole label (tonic, pattern and type) is right. */
      readonly confidence: number
      /**
       * Calibrated probability that the tonic+pattern is right, summed over types: the number to show
       * beside the mode, since the type is a separate, weaker call.
       */
      readonly patternConfidence?: number
      /** The next best labels, best first. */
      readonly alternatives: readonly Candidate[]
      /**
       * The next best modes with another tonic or pattern (their best type), best first, each with its
       * patternConfidence: what a listener would hesitate between.
       */
      readonly otherModes?: readonly Candidate[]
      readonly evidence: Evidence
      /** The pitch track, for drawing the contour. */
      readonly frames: readonly PitchFrame[]
      readonly duration: Seconds
    }
  | {
      readonly ok: false
      readonly reason: NoModeReason
      /** A plain-English detail (the UI translates `reason`; this is for logs and the CLI). */
      readonly detail: string
      /** The numbers behind the detail (absent in results stored before it was added). */
      readonly measure?: NoModeMeasure
      readonly frames: readonly PitchFrame[]
      readonly duration: Seconds
    }

/** Progress callback: fraction done, 0..1. */
export type ProgressFn = (fraction: number) => void
