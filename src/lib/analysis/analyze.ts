import { hzToMidi, mod12 } from '../theory/pitch-class.ts'
import { SCALE_TYPES } from '../theory/scale-types.ts'
import type { Seconds } from '../theory/units.ts'
import {
  bestCoverage,
  DEFAULT_MODE_MODEL,
  rankScored,
  scoreModes,
  type ModeEvidence,
  type ModeModel,
  type ScoredLabel,
} from './mode.ts'
import { cadenceProbability, endingOf, tailLevelOf, tonicContext } from './tonic.ts'
import { loudLevel, median, segmentNotes, tunedPitches } from './notes.ts'
import { countWeights, findCadences, noteWeights, pitchClassProfile } from './profile.ts'
import { decimate, highpassInPlace } from './resample.ts'
import { findDrone, removeDrone } from './drone.ts'
import { trackPitch } from './pitch-track.ts'
import { chromagram, chromaProfile, finalChroma, offNoteShare } from './chroma.ts'
import { estimateTuning } from './tuning.ts'
import type {
  AnalysisResult,
  Candidate,
  Evidence,
  NoModeMeasure,
  NoModeReason,
  NoteEvent,
  PitchFrame,
  ProgressFn,
} from './types.ts'

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  readonly onProgress?: ProgressFn
  /** Checked between blocks of work; when true, analyze throws an AbortError. */
  readonly signal?: { readonly aborted: boolean }
  /** Override the mode model (benchmarks tune it). */
  readonly model?: ModeModel
  /** Leave a sustained drone in the signal (tests and comparisons). */
  readonly keepDrone?: boolean
}

/** Below this P(ends on a resting note) the clip counts as stopping mid-phrase. */
export const MID_PHRASE_BELOW = 0.5

/** Below this frame level (90th percentile, linear RMS ≈ −66 dBFS) the clip is silence. */
const SILENCE_LEVEL = 5e-4
/** At least this much of the loud part must be pitched, or the clip is noise. */
const MIN_VOICED_SHARE = 0.2
const MIN_NOTE_TIME: Seconds = 1.2
const MIN_NOTES = 4
/** A pitch class counts as used when it holds this share of the profile. */
const USED_SHARE = 0.03
/** The best seven-tone collection must hold this much of the profile. */
const MIN_COVERAGE = 0.8

/**
 * Identifies the mode of a clip: tuning, pitch track, notes, profile, then system, tonic, pattern and type
 * with evidence — or, when the evidence is not there, "no mode found" with the reason.
 * @example analyze(samples, 44100).ok && formatLabel(result.label, 'cnpm') → 'A羽五声'
 */
export function analyze(
  samples: Float32Array,
  sampleRate: number,
  opts: AnalyzeOptions = {},
): AnalysisResult {
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`)
  const duration = samples.length / sampleRate
  const progress = opts.onProgress ?? (() => {})
  progress(0)
  const low = decimate(samples, sampleRate)
  // decimate() may return the caller's array untouched; filter a copy then.
  const highpassed = highpassInPlace(low.samples === samples ? samples.slice() : low.samples, low.sampleRate)
  // A drone under the melody makes a monophonic tracker report the common period of the two: take it out.
  const drone = opts.keepDrone ? null : findDrone(highpassed, low.sampleRate)
  const filtered = drone ? removeDrone(highpassed, low.sampleRate, drone.hz) : highpassed
  progress(0.1)
  const frames = trackPitch(filtered, low.sampleRate, {
    signal: opts.signal,
    onProgress: (f) => progress(0.1 + 0.8 * f),
  })
  const noMode = (reason: NoModeReason, detail: string, measure: NoModeMeasure): AnalysisResult => {
    progress(1)
    return { ok: false, reason, detail, measure, frames, duration }
  }
  const loud = loudLevel(frames)
  if (frames.length === 0 || loud < SILENCE_LEVEL)
    return frames.length === 0
      ? noMode('silence', 'the clip is too short to analyse', { kind: 'too-short-clip' })
      : noMode('silence', 'the clip is silent', { kind: 'silent' })

  const tuning = estimateTuning(frames)
  const tuned = tunedPitches(frames, tuning)
  const voicedShare = shareVoiced(frames, tuned, loud)
  const notes = inRegister(segmentNotes(frames, tuned))
  const noteTime = notes.reduce((a, n) => a + n.end - n.start, 0)
  if (voicedShare < MIN_VOICED_SHARE && noteTime < MIN_NOTE_TIME)
    return noMode('unpitched', `only ${pct(voicedShare)} of the sound has a clear pitch`, {
      kind: 'voiced',
      percent: Math.round(100 * voicedShare),
    })
  // Plenty of pitched sound on fewer than three pitch classes (a steady tone, a drone) is too few tones, not
  // too little sound.
  const distinct = new Set(notes.map((n) => n.pitchClass)).size
  if (noteTime >= MIN_NOTE_TIME && distinct < 3)
    return noMode('too-few-tones', `only ${distinct} distinct pitch classes`, {
      kind: 'tones',
      tones: distinct,
    })
  if (noteTime < MIN_NOTE_TIME || notes.length < MIN_NOTES)
    return noMode('too-short', `${notes.length} notes, ${noteTime.toFixed(1)} s of pitched sound`, {
      kind: 'notes',
      notes: notes.length,
      seconds: Math.round(10 * noteTime) / 10,
    })

  const profile = pitchClassProfile(notes, noteWeights(notes, duration))
  const used = profile.filter((p) => p >= USED_SHARE).length
  if (used < 3)
    return noMode('too-few-tones', `only ${used} distinct pitch classes`, { kind: 'tones', tones: used })
  const coverage = Math.max(...SCALE_TYPES.map((t) => bestCoverage(profile, t).share))
  if (coverage < MIN_COVERAGE)
    return noMode('too-chromatic', `the best seven-tone collection holds ${pct(coverage)} of the notes`, {
      kind: 'coverage',
      percent: Math.round(100 * coverage),
    })

  const model = opts.model ?? DEFAULT_MODE_MODEL
  const tail = tailLevelOf(
    frames.map((f) => f.rms),
    loud,
  )
  const plain = modeEvidenceOf(notes, duration, model, tail)
  // The chroma reads every voice at once; a monophonic tracker under chords jumps between them. Used only
  // when chords are heard under the melody, so solo clips keep exactly the note-based evidence.
  const quarter = decimate(filtered, low.sampleRate, 4000)
  const chroma = chromagram(quarter.samples, quarter.sampleRate, tuning)
  const offNote = offNoteShare(chroma, notes)
  const accompanied = offNote >= (model.accompanimentThreshold ?? Infinity)
  const modeEvidence = accompanied
    ? withChroma(plain, chromaProfile(chroma), finalChroma(chroma), model)
    : plain
  const { cadences } = modeEvidence
  const ranked = accompanied
    ? typesFrom(scoreModes(modeEvidence, model), scoreModes(plain, model))
    : scoreModes(modeEvidence, model)
  const best = ranked[0]
  const system = best.label.system
  const evidence: Evidence = {
    tuningOffset: tuning,
    pitchClassProfile: profile,
    notes,
    majorThird: [system, mod12(system + 4)],
    cadences: cadences.map(({ time, pitchClass, final }) => ({ time, pitchClass, final })),
    ending: { cadenceProbability: plain.cadence, midPhrase: plain.cadence < MID_PHRASE_BELOW },
    extraTones: extraToneEvidence(notes, profile, system),
    ...(drone
      ? { drone: { hz: drone.hz, pitchClass: mod12(Math.round(hzToMidi(drone.hz) - tuning / 100)) } }
      : {}),
    ...(accompanied ? { accompaniment: { offNoteShare: offNote } } : {}),
  }
  progress(1)
  return {
    ok: true,
    label: best.label,
    confidence: best.confidence,
    patternConfidence: best.patternConfidence,
    alternatives: ranked
      .slice(1, 4)
      .map(({ label, confidence, patternConfidence }) => ({ label, confidence, patternConfidence })),
    otherModes: otherModes(ranked, 2),
    evidence,
    frames,
    duration,
  }
}

/**
 * What the mode model reads from a clip's notes: a blend of time and note counts (extra tones are short, so
 * counts keep them audible), the cadences, the tonic model's tallies and how the clip ends. `tailLevel` is the
 * level of the clip's last frames relative to its loud level (0: it ends in silence, as notes on paper do).
 */
export function modeEvidenceOf(
  notes: readonly NoteEvent[],
  duration: Seconds,
  model: ModeModel = DEFAULT_MODE_MODEL,
  tailLevel = 0,
): ModeEvidence {
  const profile = pitchClassProfile(notes, noteWeights(notes, duration))
  const counts = pitchClassProfile(notes, countWeights(notes))
  const blend = profile.map((p, pc) => (1 - model.countShare) * p + model.countShare * counts[pc])
  const cadences = findCadences(notes, duration)
  return {
    profile: blend,
    cadences,
    noteCount: notes.length,
    tonic: tonicContext(notes, duration, cadences),
    cadence: cadenceProbability(endingOf(notes, duration, tailLevel, cadences), model.tonic),
  }
}

/**
 * Keeps the tonic+pattern confidences of `ranked` but the type probabilities of `byType`: the chroma finds
 * the collection and its rest under chords, while the short extra tones that decide the type are heard in
 * the tracked melody (chords smear them).
 */
function typesFrom(ranked: readonly ScoredLabel[], byType: readonly ScoredLabel[]): ScoredLabel[] {
  const key = (l: ScoredLabel['label']) => `${l.tonic}-${l.pattern}-${l.type}`
  const typeShare = new Map(byType.map((s) => [key(s.label), s.confidence / (s.patternConfidence || 1)]))
  const out = ranked.map((s) => ({
    ...s,
    confidence: s.patternConfidence * (typeShare.get(key(s.label)) ?? 0),
  }))
  return rankScored(out)
}

/** Mixes the chroma profile into the note profile and the ending's chroma into the tonic evidence. */
function withChroma(
  ev: ModeEvidence,
  profile: readonly number[],
  ending: readonly number[],
  model: ModeModel,
): ModeEvidence {
  const a = model.chromaShare ?? 0
  return {
    ...ev,
    profile: ev.profile.map((p, pc) => (1 - a) * p + a * profile[pc]),
    finalChroma: ending,
    finalChromaShare: model.chromaTonicShare ?? 0,
  }
}

/**
 * Drops notes far below the melody's register (more than 14 semitones under its median): what the tracker
 * reports there is the common period of two overlapping tones, not a played note.
 */
function inRegister(notes: readonly NoteEvent[]): NoteEvent[] {
  if (notes.length < 3) return [...notes]
  const mid = median(notes.map((n) => n.midi))
  return notes.filter((n) => n.midi >= mid - 14)
}

/** Share of the loud frames (above a tenth of the loud level) that the tracker found pitched. */
function shareVoiced(frames: readonly PitchFrame[], tuned: Float64Array, loud: number): number {
  let loudCount = 0
  let voiced = 0
  for (let i = 0; i < frames.length; i++) {
    if (frames[i].rms < 0.1 * loud) continue
    loudCount++
    if (!Number.isNaN(tuned[i])) voiced++
  }
  return loudCount > 0 ? voiced / loudCount : 0
}

/** Every pitch class heard outside the five tones of the system, with its share and when it sounds. */
function extraToneEvidence(notes: readonly NoteEvent[], profile: readonly number[], system: number) {
  const out: { aboveGong: number; share: number; times: number[] }[] = []
  for (const aboveGong of [1, 3, 5, 6, 8, 10, 11]) {
    const pc = mod12(system + aboveGong)
    if (profile[pc] <= 0) continue
    out.push({
      aboveGong,
      share: profile[pc],
      times: notes.filter((n) => n.pitchClass === pc).map((n) => n.start),
    })
  }
  return out
}

function pct(x: number): string {
  return `${Math.round(100 * x)}%`
}

/**
 * The first `count` labels of a ranking whose tonic or pattern differs from the winner's and from each other's:
 * the other modes a listener might hear (each with its best type).
 */
export function otherModes(ranked: readonly ScoredLabel[], count: number): Candidate[] {
  const seen = new Set<string>()
  const out: Candidate[] = []
  for (const { label, confidence, patternConfidence } of ranked) {
    const key = `${label.tonic}-${label.pattern}`
    if (seen.has(key)) continue
    seen.add(key)
    if (seen.size === 1) continue // the winner's own mode
    out.push({ label, confidence, patternConfidence })
    if (out.length === count) break
  }
  return out
}
