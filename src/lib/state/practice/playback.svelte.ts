import type { Label } from '../../theory/label.ts'
import type { PitchClass } from '../../theory/pitch-class.ts'
import type { Timestamp } from '../../theory/units.ts'
import type { Question } from '../../tutor/types.ts'
import { playQuestionSound } from '../question-sound.ts'
import type { PracticeAudio } from './deps.ts'
import { dronePitch } from './questions.ts'
import type { PracticePhase } from './session.svelte.ts'

/**
 * The sound side of one question: playing it (and counting replays), the drone hint (counted), the reference
 * scales of the feedback, and when the first playback started and ended (the answer's latency counts from there).
 * Audio failures are thrown to the caller, which shows them.
 */
export class QuestionPlayback {
  playing = $state(false)
  /** How many times the question was played (the first play is not a replay). */
  plays = $state(0)
  replays = $state(0)
  hints = $state(0)
  drone = $state(false)
  /** The pitch class the drone sounds while it is on. */
  dronePitch = $state<PitchClass | null>(null)
  /** When the first playback of the question started: latency counts from here if answered during it. */
  firstStartAt = $state<Timestamp | null>(null)
  /** Set when the first playback of the question ended: latency counts from here if answered after it. */
  firstEndAt = $state<Timestamp | null>(null)

  readonly #audio: PracticeAudio
  readonly #now: () => Timestamp
  readonly #clipBlob: (id: string) => Promise<Blob>
  #token = 0

  constructor(audio: PracticeAudio, now: () => Timestamp, clipBlob: (id: string) => Promise<Blob>) {
    this.#audio = audio
    this.#now = now
    this.#clipBlob = clipBlob
  }

  /** A new question: nothing played, replayed or hinted yet. */
  reset(): void {
    this.plays = 0
    this.replays = 0
    this.hints = 0
    this.firstStartAt = null
    this.firstEndAt = null
  }

  /**
   * Plays a question; a play after the first is a replay, counted while `counting` (before the answer).
   * `current()` says whether the question is still the one shown: only then are its first start and end noted.
   */
  async play(q: Question, counting: boolean, current: () => boolean): Promise<void> {
    const token = ++this.#token
    const first = this.plays === 0
    this.plays++
    if (!first && counting) this.replays++
    try {
      await this.#audio.ensureAudio()
      this.#audio.stop()
      this.playing = true
      if (first && current() && this.firstStartAt === null) this.firstStartAt = this.#now()
      await playQuestionSound(this.#audio, q, this.#clipBlob)
      if (first && current() && this.firstEndAt === null) this.firstEndAt = this.#now()
    } finally {
      if (token === this.#token) this.playing = false
    }
  }

  /** Stops the question's sound (the drone goes on). */
  stop(): void {
    this.#token++
    this.#audio.stop()
    this.playing = false
  }

  /** Stops every sound, the drone too. */
  stopAll(): void {
    this.stop()
    if (this.drone) this.#audio.stopDrone()
    this.drone = false
  }

  /**
   * Turns the drone hint on (counted while the question is open) or off. See {@link dronePitch} for what it
   * sounds; once answered, nothing is given away and it sounds the true tonic.
   */
  async toggleDrone(q: Question, phase: PracticePhase): Promise<void> {
    if (this.drone) {
      this.#audio.stopDrone()
      this.drone = false
      return
    }
    if (phase === 'question') this.hints++
    const pitch = phase === 'answered' ? q.label.tonic : dronePitch(q)
    await this.#audio.ensureAudio()
    await this.#audio.startDrone(pitch)
    this.dronePitch = pitch
    this.drone = true
  }

  /** Plays a mode's scale up and down, stopping the question's sound. */
  async playScale(label: Label, tempo: number): Promise<void> {
    this.#token++
    await this.#audio.ensureAudio()
    this.#audio.stop()
    this.playing = false
    await this.#audio.playScale(label, { direction: 'updown', tempo })
  }
}
