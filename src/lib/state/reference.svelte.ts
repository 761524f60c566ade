import { labelFromTonic, scaleSteps, type Label, type ScaleStep } from '../theory/label.ts'
import type { PitchClass } from '../theory/pitch-class.ts'
import type { Pattern } from '../theory/tones.ts'
import type { ScaleType } from '../theory/scale-types.ts'
import { toUiError, type UiError } from './ui-error.ts'

export type Direction = 'up' | 'down' | 'updown'

/** What the reference panel needs from the audio layer (Tone.js behind it, loaded lazily). */
export interface ScalePlayer {
  /** Must be called inside the click handler: browsers start audio only on a user gesture. */
  ensureAudio(): Promise<void>
  /** Plays the scale; `onNote(i)` fires as note i of the ascending scale sounds. Resolves when done or stopped. */
  playScale(
    label: Label,
    opts: { direction: Direction; tempo: number; onNote: (index: number) => void },
  ): Promise<void>
  stop(): void
  startDrone(pitchClass: PitchClass): Promise<void>
  stopDrone(): void
}

/** The reference-scale panel: choose tonic, pattern and type; play the scale; a tonic drone. */
export class ReferenceScale {
  tonic = $state<PitchClass>(9)
  pattern = $state<Pattern>('yu')
  type = $state<ScaleType>('pentatonic')
  direction = $state<Direction>('updown')
  tempo = $state(80)
  playing = $state(false)
  /** Index into `steps` of the sounding note (the octave above maps to the tonic), or -1. */
  sounding = $state(-1)
  drone = $state(false)
  error = $state<UiError | null>(null)

  readonly label: Label = $derived(labelFromTonic(this.tonic, this.pattern, this.type))
  readonly steps: ScaleStep[] = $derived(scaleSteps(this.label))

  readonly #player: ScalePlayer

  constructor(player: ScalePlayer) {
    this.#player = player
  }

  /** Counts `show` calls, so the panel can bring itself into view and focus each time it is changed from afar. */
  shown = $state(0)

  /** Shows a label (e.g. the analyzer's answer) in the panel. */
  show(label: Label): void {
    if (label.empty) return
    this.tonic = label.tonic
    this.pattern = label.pattern
    this.type = label.type
    this.shown++
  }

  async play(): Promise<void> {
    this.error = null
    try {
      await this.#player.ensureAudio()
      this.#player.stop()
      this.playing = true
      await this.#player.playScale(this.label, {
        direction: this.direction,
        tempo: this.tempo,
        onNote: (i) => (this.sounding = i % this.steps.length),
      })
    } catch (e) {
      this.error = toUiError(e, 'audio')
    } finally {
      this.playing = false
      this.sounding = -1
    }
  }

  stop(): void {
    this.#player.stop()
    this.playing = false
    this.sounding = -1
  }

  async toggleDrone(): Promise<void> {
    this.error = null
    try {
      if (this.drone) {
        this.#player.stopDrone()
        this.drone = false
      } else {
        await this.#player.ensureAudio()
        await this.#player.startDrone(this.tonic)
        this.drone = true
      }
    } catch (e) {
      this.drone = false
      this.error = toUiError(e, 'audio')
    }
  }

  /** Keeps a running drone on the tonic when the tonic changes. */
  async retuneDrone(): Promise<void> {
    if (!this.drone) return
    this.#player.stopDrone()
    try {
      await this.#player.startDrone(this.tonic)
    } catch (e) {
      this.drone = false
      this.error = toUiError(e, 'audio')
    }
  }

  dispose(): void {
    this.#player.stop()
    this.#player.stopDrone()
  }
}
