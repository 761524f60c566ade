import type { AnalysisResult, ProgressFn } from '../analysis/types.ts'
import type { Seconds } from '../theory/units.ts'
import { toUiError, type UiError } from './ui-error.ts'

/** Decoded mono audio, as the audio adapter returns it. */
export interface ClipAudio {
  readonly samples: Float32Array
  readonly sampleRate: number
  readonly duration: Seconds
  readonly name: string
}

export interface Segment {
  readonly start: Seconds
  readonly end: Seconds
}

/** What the Analyze page needs from the outside world; main.ts passes the real adapters, tests pass fakes. */
export interface AnalyzeDeps {
  decode(file: Blob, name: string): Promise<ClipAudio>
  identify(
    samples: Float32Array,
    sampleRate: number,
    opts: { onProgress?: ProgressFn; signal?: AbortSignal },
  ): Promise<AnalysisResult>
}

/** The longest segment the analyzer and the model judge (Qwen2-Audio reads at most 30 s). */
export const MAX_SEGMENT: Seconds = 30

/** The default segment: the whole clip when it is short, else its last 30 s (the ending is where the tonic is). */
export function defaultSegment(duration: Seconds): Segment {
  return { start: Math.max(0, duration - MAX_SEGMENT), end: duration }
}

/** The Analyze page's state: the loaded clip, the chosen segment, the analyzer run and its result. */
export class AnalyzeSession {
  clip = $state.raw<ClipAudio | null>(null)
  /** The original file, kept so it can be stored or sent as it was. */
  file = $state.raw<Blob | null>(null)
  loading = $state(false)
  loadError = $state<UiError | null>(null)
  segment = $state<Segment>({ start: 0, end: 0 })
  status = $state<'idle' | 'running' | 'done' | 'cancelled' | 'failed'>('idle')
  progress = $state(0)
  result = $state.raw<AnalysisResult | null>(null)
  /** The segment the current result was computed on (the user may move the region afterwards). */
  resultSegment = $state.raw<Segment | null>(null)
  analyzeError = $state<UiError | null>(null)

  readonly #deps: AnalyzeDeps
  #abort: AbortController | null = null
  #loadToken = 0

  constructor(deps: AnalyzeDeps) {
    this.#deps = deps
  }

  /** Decodes a file (picked, dropped or recorded). A newer load supersedes an older one still decoding. */
  async load(file: Blob, name: string): Promise<void> {
    const token = ++this.#loadToken
    this.cancel()
    this.loading = true
    this.loadError = null
    try {
      const clip = await this.#deps.decode(file, name)
      if (token !== this.#loadToken) return
      this.clip = clip
      this.file = file
      this.segment = defaultSegment(clip.duration)
      this.result = null
      this.resultSegment = null
      this.status = 'idle'
      this.analyzeError = null
    } catch (e) {
      if (token !== this.#loadToken) return
      // The previous clip, if any, stays loaded: a bad file loses nothing.
      this.loadError = toUiError(e, 'undecodable')
    } finally {
      if (token === this.#loadToken) this.loading = false
    }
  }

  /** Sets the segment, clamped to the clip and to at most 30 s (keeping its end, where the tonic is). */
  setSegment(start: Seconds, end: Seconds): void {
    const duration = this.clip?.duration ?? 0
    let e = Math.min(Math.max(end, 0), duration)
    let s = Math.min(Math.max(start, 0), e)
    if (e - s > MAX_SEGMENT) s = e - MAX_SEGMENT
    if (e <= s) e = Math.min(duration, s + 0.1)
    // Unchanged: keep the same object, so the waveform and the segment do not echo each other forever.
    if (s === this.segment.start && e === this.segment.end) return
    this.segment = { start: s, end: e }
  }

  /** The samples of the chosen segment (a view, not a copy). */
  segmentSamples(): Float32Array | null {
    const clip = this.clip
    if (!clip) return null
    const a = Math.floor(this.segment.start * clip.sampleRate)
    const b = Math.min(clip.samples.length, Math.ceil(this.segment.end * clip.sampleRate))
    return clip.samples.subarray(a, b)
  }

  /** Runs the offline analyzer on the segment, in a worker. */
  async identify(): Promise<void> {
    const clip = this.clip
    const samples = this.segmentSamples()
    if (!clip || !samples) return
    this.cancel()
    const abort = new AbortController()
    this.#abort = abort
    this.status = 'running'
    this.progress = 0
    this.analyzeError = null
    const segment = this.segment
    try {
      const result = await this.#deps.identify(samples, clip.sampleRate, {
        signal: abort.signal,
        onProgress: (f) => {
          if (this.#abort === abort) this.progress = f
        },
      })
      if (this.#abort !== abort) return
      this.result = result
      this.resultSegment = segment
      this.status = 'done'
    } catch (e) {
      if (this.#abort !== abort) return
      if (abort.signal.aborted) {
        this.status = 'cancelled'
      } else {
        this.status = 'failed'
        this.analyzeError = toUiError(e, 'analyzer')
      }
    } finally {
      if (this.#abort === abort) this.#abort = null
    }
  }

  /** Stops a running analysis. */
  cancel(): void {
    if (this.#abort) {
      this.#abort.abort()
      this.#abort = null
      if (this.status === 'running') this.status = 'cancelled'
    }
  }
}
