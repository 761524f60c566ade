/**
 * Reference-scale and drone playback with Tone.js. Tone is imported lazily (`await import('tone')`) so that
 * the first paint does not wait for it; call `ensureAudio()` from the click handler that starts playback,
 * because browsers only let audio start inside a user gesture.
 *
 * Live playback and the offline renderer share one code path (`createPluck`, `scheduleNotes`), so what the
 * tests hear through `Tone.Offline` is what the user hears.
 */
import type * as ToneModule from 'tone'
import type { Label, ScaleStep } from '../theory/label.ts'
import { mod12, type PitchClass } from '../theory/pitch-class.ts'
import { scaleNotes, type PlayedNote, type ScaleDirection, type ScaleNote } from '../theory/scale-notes.ts'
import type { Decibels, Hz, Midi, Seconds } from '../theory/units.ts'

type Tone = typeof ToneModule

let tonePromise: Promise<Tone> | null = null

/** Loads Tone.js once (a separate chunk). A failed load (offline, chunk replaced) is tried again next time. */
export function loadTone(): Promise<Tone> {
  tonePromise ??= import('tone').catch((e: unknown) => {
    tonePromise = null
    throw e
  })
  return tonePromise
}

/** Loads Tone.js and starts (resumes) its AudioContext. Call it inside the click handler that starts sound. */
export async function ensureAudio(): Promise<void> {
  const tone = await loadTone()
  await tone.start()
}

/** Timbres the player offers. */
export type Timbre = 'pluck' | 'soft'

/** A note placed in time, relative to the start of playback. */
interface TimedNote {
  readonly midi: Midi
  readonly time: Seconds
  readonly duration: Seconds
  readonly index: number
}

const midiToHz = (m: Midi): Hz => 440 * 2 ** ((m - 69) / 12)

/**
 * The plucked-string voice: FM with the modulator at the carrier's frequency (a harmonic spectrum), its
 * brightness decaying much faster than its loudness — the attack-bright, mellowing tail of a plucked zither
 * string. Polyphonic so that notes ring on under the next one as on a guzheng.
 */
function createPluck(tone: Tone, timbre: Timbre = 'pluck', volume: Decibels = -10): ToneModule.PolySynth {
  const synth =
    timbre === 'pluck'
      ? new tone.PolySynth(tone.FMSynth, {
          harmonicity: 1,
          modulationIndex: 6,
          oscillator: { type: 'sine' },
          modulation: { type: 'sine' },
          envelope: { attack: 0.003, decay: 1.8, sustain: 0, release: 1.2 },
          modulationEnvelope: { attack: 0.002, decay: 0.3, sustain: 0.08, release: 0.4 },
        })
      : new tone.PolySynth(tone.Synth, {
          oscillator: { type: 'triangle' },
          envelope: { attack: 0.04, decay: 0.2, sustain: 0.7, release: 0.6 },
        })
  synth.volume.value = volume
  return synth
}

/** Schedules notes on a synth from `t0`; `onStart` fires (via Tone's Draw, in step with the sound) per note. */
function scheduleNotes(
  tone: Tone,
  synth: ToneModule.PolySynth,
  notes: readonly TimedNote[],
  t0: Seconds,
  onStart?: (note: TimedNote) => void,
): void {
  for (const n of notes) {
    synth.triggerAttackRelease(midiToHz(n.midi), n.duration, t0 + n.time, 0.9)
    if (onStart) tone.getDraw().schedule(() => onStart(n), t0 + n.time)
  }
}

function timeScale(notes: readonly ScaleNote[], tempo: number): TimedNote[] {
  const beat = 60 / tempo
  // The last note rings twice as long: a scale should come to rest on its tonic.
  return notes.map((n, i) => ({
    midi: n.midi,
    time: i * beat,
    duration: (i === notes.length - 1 ? 2 : 0.9) * beat,
    index: n.index,
  }))
}

function timeMelody(notes: readonly PlayedNote[], tempo: number): TimedNote[] {
  const beat = 60 / tempo
  const out: TimedNote[] = []
  let t = 0
  notes.forEach((n, index) => {
    if (!n.rest) out.push({ midi: n.midi, time: t, duration: n.beats * beat * 0.95, index })
    t += n.beats * beat
  })
  return out
}

/** Options for `playScale` and `renderScaleOffline`. */
export interface ScaleOptions {
  readonly direction?: ScaleDirection
  /** Beats per minute; one scale note per beat (default 80). */
  readonly tempo?: number
  /** Octave of the tonic (default 4). */
  readonly octave?: number
  /** Called as each note sounds, in step with the audio: its position in the ascending scale and its step. */
  readonly onNote?: (index: number, step: ScaleStep) => void
}

/** Options for `startDrone`. */
export interface DroneOptions {
  /** Add the fifth above (default false). */
  readonly includeFifth?: boolean
  /** Octave of the drone (default 3: below the scale, out of the melody's way). */
  readonly octave?: number
  /** Level (default −18 dB: soft under a voice). */
  readonly volume?: Decibels
}

const DEFAULT_TEMPO = 80
const DRONE_FADE: Seconds = 0.6
/** Tone's scheduling look-ahead is small; starting a little later avoids clipping the first attack. */
const START_DELAY: Seconds = 0.05

/** A drone: one or two soft oscillators behind a low-pass filter and a fader. */
interface Drone {
  /** The fader, starting at 0; ramp it to `level`. */
  readonly gain: ToneModule.Gain
  /** The linear gain the drone plays at. */
  readonly level: number
  start(): void
  dispose(): void
}

function createDrone(tone: Tone, pc: PitchClass, opts: DroneOptions): Drone {
  const base = 12 * ((opts.octave ?? 3) + 1) + mod12(pc)
  const gain = new tone.Gain(0)
  const filter = new tone.Filter(900, 'lowpass').connect(gain)
  const level = tone.dbToGain(opts.volume ?? -18)
  const pitches = opts.includeFifth ? [base, base + 7] : [base]
  const oscs = pitches.map((m, i) =>
    // The fifth a little quieter than the root, so the root stays the drone's pitch.
    new tone.Oscillator({ frequency: midiToHz(m), type: 'triangle', volume: i === 0 ? 0 : -6 }).connect(
      filter,
    ),
  )
  return {
    gain,
    level,
    start: () => oscs.forEach((o) => o.start()),
    dispose() {
      for (const o of oscs) o.dispose()
      filter.dispose()
      gain.dispose()
    },
  }
}

/**
 * Plays reference scales, melodies and a drone through the speakers. Create one per page; `dispose()` it
 * when the page goes. Each method may be called again at any time: a new scale stops the old one.
 */
export class ReferencePlayer {
  #pluck: ToneModule.PolySynth | null = null
  #drone: Drone | null = null
  /** Bumped on every stop, so that Draw callbacks of a stopped run do nothing. */
  #run = 0
  #finish: (() => void) | null = null
  /** Bumped on every drone stop, so that a start superseded while loading Tone does not sound. */
  #droneRun = 0

  /** Plays a mode's scale; resolves when it has finished or been stopped. */
  async playScale(label: Label, opts: ScaleOptions = {}): Promise<void> {
    const notes = scaleNotes(label, opts.direction ?? 'up', opts.octave ?? 4)
    const onNote = opts.onNote
    await this.#play(
      timeScale(notes, opts.tempo ?? DEFAULT_TEMPO),
      'pluck',
      onNote && ((n) => onNote(n.index, notes.find((x) => x.index === n.index)!.step)),
    )
  }

  /** Plays a melody (for drills); `onNote` receives the index of each note as it sounds. */
  async playMelody(
    notes: readonly PlayedNote[],
    tempo: number = DEFAULT_TEMPO,
    timbre: Timbre = 'pluck',
    onNote?: (index: number) => void,
  ): Promise<void> {
    await this.#play(timeMelody(notes, tempo), timbre, onNote && ((n) => onNote(n.index)))
  }

  async #play(notes: TimedNote[], timbre: Timbre, onStart?: (n: TimedNote) => void): Promise<void> {
    this.stop()
    const run = this.#run
    const tone = await loadTone()
    if (run !== this.#run) return // superseded (stopped or replaced) while Tone was loading
    const synth = createPluck(tone, timbre).toDestination()
    this.#pluck = synth
    const t0 = tone.now() + START_DELAY
    const last = notes.at(-1)
    const end = last ? last.time + last.duration : 0
    return new Promise<void>((resolve) => {
      this.#finish = resolve
      scheduleNotes(tone, synth, notes, t0, (n) => run === this.#run && onStart?.(n))
      tone.getDraw().schedule(() => {
        if (run !== this.#run) return
        this.#finish = null
        resolve()
      }, t0 + end)
    })
  }

  /** Stops the scale or melody now (a 30 ms fade, so it does not click). */
  stop(): void {
    this.#run++
    this.#finish?.()
    this.#finish = null
    const synth = this.#pluck
    this.#pluck = null
    if (synth) {
      synth.volume.rampTo(-80, 0.03)
      setTimeout(() => synth.dispose(), 100)
    }
  }

  /** Starts a soft sustained drone on a pitch class (e.g. the tonic or 宫), fading in. Replaces any drone. */
  async startDrone(pitchClass: PitchClass, opts: DroneOptions = {}): Promise<void> {
    this.stopDrone()
    const run = this.#droneRun
    const tone = await loadTone()
    if (run !== this.#droneRun) return // superseded while Tone was loading
    const drone = createDrone(tone, pitchClass, opts)
    drone.gain.toDestination()
    drone.start()
    drone.gain.gain.rampTo(drone.level, DRONE_FADE)
    this.#drone = drone
  }

  /** Fades the drone out and frees it. */
  stopDrone(): void {
    this.#droneRun++
    const drone = this.#drone
    this.#drone = null
    if (!drone) return
    drone.gain.gain.rampTo(0, DRONE_FADE / 2)
    setTimeout(() => drone.dispose(), DRONE_FADE * 1000)
  }

  /** True while a drone sounds. */
  get droneOn(): boolean {
    return this.#drone !== null
  }

  /** Stops everything and frees every node. */
  dispose(): void {
    this.stop()
    this.stopDrone()
  }
}

/** Options for the offline renderers. */
export interface OfflineOptions extends Omit<ScaleOptions, 'onNote'> {
  /** Rate of the rendered buffer (default 44.1 kHz). */
  readonly sampleRate?: Hz
}

/** When each note of an offline-rendered scale starts, for tests that look at one note at a time. */
export interface RenderedScale {
  readonly buffer: AudioBuffer
  readonly notes: readonly { readonly midi: Midi; readonly start: Seconds; readonly end: Seconds }[]
}

/** Renders a reference scale offline with `Tone.Offline`, through the same synth and scheduling as playback. */
export async function renderScaleOffline(label: Label, opts: OfflineOptions = {}): Promise<RenderedScale> {
  const tone = await loadTone()
  const timed = timeScale(
    scaleNotes(label, opts.direction ?? 'up', opts.octave ?? 4),
    opts.tempo ?? DEFAULT_TEMPO,
  )
  const last = timed.at(-1)!
  const length = last.time + last.duration + 1.2
  const rendered = await tone.Offline(
    () => {
      scheduleNotes(tone, createPluck(tone).toDestination(), timed, START_DELAY)
    },
    length,
    1,
    opts.sampleRate ?? 44100,
  )
  const buffer = rendered.get()
  if (!buffer) throw new Error('Tone.Offline rendered no buffer')
  const notes = timed.map((n) => ({
    midi: n.midi,
    start: START_DELAY + n.time,
    end: START_DELAY + n.time + 60 / (opts.tempo ?? DEFAULT_TEMPO),
  }))
  return { buffer, notes }
}

/** Renders `seconds` of the drone offline (for tests of its pitch and level). */
export async function renderDroneOffline(
  pitchClass: PitchClass,
  opts: DroneOptions = {},
  seconds: Seconds = 2,
  sampleRate: Hz = 44100,
): Promise<AudioBuffer> {
  const tone = await loadTone()
  const rendered = await tone.Offline(
    () => {
      const drone = createDrone(tone, pitchClass, opts)
      drone.gain.toDestination()
      drone.start()
      drone.gain.gain.rampTo(drone.level, DRONE_FADE)
    },
    seconds,
    1,
    sampleRate,
  )
  const buffer = rendered.get()
  if (!buffer) throw new Error('Tone.Offline rendered no buffer')
  return buffer
}
