/**
 * Microphone recording with a live waveform (wavesurfer's Record plugin, `renderMicStream`) and a level meter.
 *
 * The recorder asks for the microphone itself rather than through the plugin's `startMic`, because the plugin
 * rewraps the browser's error as a plain Error and loses its name (NotAllowedError, NotFoundError…), which is
 * what tells "permission denied" from "no microphone". It records with its own MediaRecorder (webm/opus where
 * available) and uses the plugin only to draw; the Blob it returns goes to `decodeAudioFile`.
 */
import type WaveSurfer from 'wavesurfer.js'
import type { Seconds } from '../theory/units.ts'

/** What went wrong with the microphone; the UI shows a message per kind. */
export type RecorderErrorKind =
  | 'insecure' // page not served over https or localhost: browsers hide the microphone
  | 'unsupported' // no getUserMedia or MediaRecorder
  | 'permission-denied'
  | 'no-microphone'
  | 'busy' // the device exists but cannot be opened (in use by another app, or a hardware error)
  | 'silent' // recorded, but nothing was heard
  | 'failed'

/** A typed microphone error with a plain-English message (for logs; the UI translates `kind`). */
export class RecorderError extends Error {
  readonly kind: RecorderErrorKind
  constructor(kind: RecorderErrorKind, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'RecorderError'
    this.kind = kind
  }
}

/** The browser APIs the recorder needs; tests pass fakes. */
export interface RecorderDeps {
  readonly getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>
  readonly isSecureContext?: boolean
}

/** Options for `MicRecorder`. */
export interface RecorderOptions {
  /** Where to draw the live waveform (omit for none). */
  readonly container?: HTMLElement
  readonly height?: number
  readonly waveColor?: string
  /** Level 0..1 (−60..0 dBFS, RMS) about 30 times a second while recording. */
  readonly onLevel?: (level: number) => void
  /** Seconds recorded so far, with each level update. */
  readonly onProgress?: (seconds: Seconds) => void
  /** Recording stops by itself after this long (default 600 s), handing its result to `onAutoStop`. */
  readonly maxSeconds?: Seconds
  readonly onAutoStop?: (result: Promise<Blob>) => void
  /** Peak level (dBFS) that a recording must reach not to count as silent (default −50). */
  readonly silenceDb?: number
  readonly deps?: RecorderDeps
}

/** MIME types tried in order: Opus in WebM (Chromium, Firefox), then MP4/AAC (Safari). */
const MIME_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus']

/** The RMS level of a block of samples mapped to 0..1 over −60..0 dBFS, the range a meter shows. */
export function meterLevel(block: Float32Array): number {
  let sum = 0
  for (let i = 0; i < block.length; i++) sum += block[i] * block[i]
  const db = 10 * Math.log10(sum / Math.max(1, block.length) + 1e-12)
  return Math.max(0, Math.min(1, (db + 60) / 60))
}

/** Maps a getUserMedia rejection to a typed error. */
export function classifyMicError(e: unknown): RecorderError {
  const name = e instanceof Error || e instanceof DOMException ? e.name : ''
  const detail = e instanceof Error ? e.message : String(e)
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new RecorderError('permission-denied', `Microphone permission was denied (${detail}).`, {
        cause: e,
      })
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new RecorderError('no-microphone', 'No microphone was found.', { cause: e })
    case 'NotReadableError':
    case 'AbortError':
      return new RecorderError(
        'busy',
        `The microphone could not be opened; is another app using it? (${detail})`,
        {
          cause: e,
        },
      )
    default:
      return new RecorderError('failed', `The microphone failed: ${detail}`, { cause: e })
  }
}

/**
 * Records from the microphone. One instance per recording panel: `start()`, then `stop()` (→ Blob) or
 * `cancel()`; `destroy()` when the panel goes. Each `start()` asks for the microphone again and every stop
 * releases it, so the browser's "recording" indicator is on only while recording.
 */
export class MicRecorder {
  readonly #opts: RecorderOptions
  #stream: MediaStream | null = null
  #recorder: MediaRecorder | null = null
  #chunks: Blob[] = []
  #audio: AudioContext | null = null
  #raf = 0
  #startedAt = 0
  #peak = 0
  #level = 0
  #ws: WaveSurfer | null = null
  #mic: { onDestroy(): void } | null = null
  #done: Promise<Blob> | null = null

  constructor(opts: RecorderOptions = {}) {
    this.#opts = opts
  }

  /** True between `start()` and `stop()`/`cancel()`. */
  get recording(): boolean {
    return this.#recorder !== null
  }

  /** The current meter level, 0..1. */
  get level(): number {
    return this.#level
  }

  /** Asks for the microphone and starts recording; throws a RecorderError when it cannot. */
  async start(): Promise<void> {
    if (this.#recorder) return
    const deps = this.#opts.deps ?? {}
    const secure = deps.isSecureContext ?? globalThis.isSecureContext
    // On an http page `navigator.mediaDevices` is undefined, whatever TypeScript's DOM types say.
    const devices = globalThis.navigator?.mediaDevices as MediaDevices | undefined
    const gum =
      deps.getUserMedia ??
      (typeof devices?.getUserMedia === 'function'
        ? (c: MediaStreamConstraints) => devices.getUserMedia(c)
        : null)
    if (!gum) {
      throw secure === false
        ? new RecorderError(
            'insecure',
            'The microphone is only available on a secure page (https or localhost).',
          )
        : new RecorderError('unsupported', 'This browser cannot record from a microphone.')
    }
    if (typeof MediaRecorder === 'undefined')
      throw new RecorderError('unsupported', 'This browser cannot record audio (no MediaRecorder).')

    let stream: MediaStream
    try {
      // Pitch analysis wants the raw signal: echo cancellation and noise suppression smear sustained tones.
      stream = await gum({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      })
    } catch (e) {
      throw classifyMicError(e)
    }
    this.#stream = stream
    try {
      const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t))
      const recorder = new MediaRecorder(
        stream,
        mimeType ? { mimeType, audioBitsPerSecond: 128_000 } : undefined,
      )
      this.#chunks = []
      recorder.ondataavailable = (e) => e.data.size > 0 && this.#chunks.push(e.data)
      this.#done = new Promise<Blob>((resolve, reject) => {
        recorder.onstop = () => resolve(new Blob(this.#chunks, { type: recorder.mimeType || 'audio/webm' }))
        recorder.onerror = (e) => reject(new RecorderError('failed', 'Recording failed.', { cause: e }))
      })
      this.#done.catch(() => {}) // observed by stop(); never an unhandled rejection
      recorder.start()
      this.#recorder = recorder
      this.#startMeter(stream)
      await this.#startWaveform(stream)
    } catch (e) {
      this.#release()
      throw e instanceof RecorderError
        ? e
        : new RecorderError('failed', `Recording could not start: ${String(e)}`, { cause: e })
    }
  }

  /** Stops and returns the recording; throws RecorderError 'silent' when nothing was heard. */
  async stop(): Promise<Blob> {
    const recorder = this.#recorder
    const done = this.#done
    if (!recorder || !done) throw new RecorderError('failed', 'Not recording.')
    const peak = this.#peak
    recorder.stop()
    try {
      const blob = await done
      const silenceDb = this.#opts.silenceDb ?? -50
      if (20 * Math.log10(peak + 1e-12) < silenceDb)
        throw new RecorderError('silent', 'Nothing was heard: check that the microphone is on and not muted.')
      return blob
    } finally {
      this.#release()
    }
  }

  /** Stops and throws the recording away. */
  cancel(): void {
    if (this.#recorder?.state !== 'inactive') this.#recorder?.stop()
    this.#release()
  }

  /** Stops everything and frees the microphone, the meter and the live waveform. */
  destroy(): void {
    this.cancel()
  }

  #startMeter(stream: MediaStream): void {
    const audio = new AudioContext()
    const analyser = new AnalyserNode(audio, { fftSize: 2048 })
    audio.createMediaStreamSource(stream).connect(analyser)
    const block = new Float32Array(analyser.fftSize)
    this.#audio = audio
    this.#peak = 0
    this.#startedAt = performance.now()
    const max = this.#opts.maxSeconds ?? 600
    const tick = () => {
      analyser.getFloatTimeDomainData(block)
      for (let i = 0; i < block.length; i++) this.#peak = Math.max(this.#peak, Math.abs(block[i]))
      this.#level = meterLevel(block)
      const seconds = (performance.now() - this.#startedAt) / 1000
      this.#opts.onLevel?.(this.#level)
      this.#opts.onProgress?.(seconds)
      if (seconds >= max) {
        const result = this.stop()
        result.catch(() => {})
        this.#opts.onAutoStop?.(result)
        return
      }
      // A timer, not requestAnimationFrame: the meter must keep counting in a background tab.
      this.#raf = window.setTimeout(tick, 33)
    }
    tick()
  }

  async #startWaveform(stream: MediaStream): Promise<void> {
    const el = this.#opts.container
    if (!el) return
    const [{ default: WaveSurferClass }, { default: RecordPlugin }] = await Promise.all([
      import('wavesurfer.js'),
      import('wavesurfer.js/plugins/record'),
    ])
    if (!this.#recorder) return // cancelled while loading
    const record = RecordPlugin.create({
      renderRecordedAudio: false,
      scrollingWaveform: true,
      scrollingWaveformWindow: 6,
    })
    this.#ws = WaveSurferClass.create({
      container: el,
      height: this.#opts.height ?? 64,
      waveColor: this.#opts.waveColor ?? '#b5452b',
      interact: false,
      plugins: [record],
    })
    this.#mic = record.renderMicStream(stream)
  }

  #release(): void {
    window.clearTimeout(this.#raf)
    this.#mic?.onDestroy()
    this.#mic = null
    this.#ws?.destroy()
    this.#ws = null
    for (const t of this.#stream?.getTracks() ?? []) t.stop()
    this.#stream = null
    void this.#audio?.close()
    this.#audio = null
    this.#recorder = null
    this.#done = null
    this.#level = 0
  }
}
