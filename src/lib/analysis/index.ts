export * from './types.ts'
export { analyze, type AnalyzeOptions } from './analyze.ts'
export { decimate, highpassInPlace, mixToMono, type Signal } from './resample.ts'
export { RealFFT } from './fft.ts'
export { trackPitch, AnalysisAbortedError, DEFAULT_PITCH_OPTIONS, type PitchOptions } from './pitch-track.ts'
export { estimateTuning } from './tuning.ts'
export { segmentNotes, tunedPitches, loudLevel, DEFAULT_NOTE_OPTIONS, type NoteOptions } from './notes.ts'
export {
  pitchClassProfile,
  noteSpans,
  noteStress,
  noteWeights,
  countWeights,
  findCadences,
  type Cadence,
} from './profile.ts'
export {
  scoreModes,
  patternKey,
  bestCoverage,
  DEFAULT_MODE_MODEL,
  type ModeModel,
  type ModeEvidence,
  type ScoredLabel,
} from './mode.ts'
export {
  TONIC_WEIGHTS,
  TONIC_FEATURES,
  tonicPosterior,
  tonicContext,
  cadenceProbability,
  endingOf,
  type TonicWeights,
  type Ending,
} from './tonic.ts'
export { findDrone, removeDrone, DEFAULT_DRONE_OPTIONS, type Drone, type DroneOptions } from './drone.ts'
export {
  chromagram,
  chromaProfile,
  finalChroma,
  offNoteShare,
  DEFAULT_CHROMA_OPTIONS,
  type Chromagram,
  type ChromaOptions,
} from './chroma.ts'
