export * from './types.ts'
export { analyze, type AnalyzeOptions } from './analyze.ts'
export { decimate, mixToMono, type Signal } from './resample.ts'
export { trackPitch, AnalysisAbortedError, DEFAULT_PITCH_OPTIONS, type PitchOptions } from './pitch-track.ts'
export { estimateTuning } from './tuning.ts'
export { segmentNotes, tunedPitches, DEFAULT_NOTE_OPTIONS, type NoteOptions } from './notes.ts'
export { pitchClassProfile, noteWeights, findCadences, type Cadence } from './profile.ts'
export {
  scoreModes,
  tonicEvidence,
  bestCoverage,
  DEFAULT_MODE_MODEL,
  type ModeModel,
  type ScoredLabel,
} from './mode.ts'
