/**
 * The waveform view: wavesurfer.js 8 with a time ruler, zoom, play/pause, an optional spectrogram and ONE
 * region (≤ 30 s) that the user drags or resizes to choose the segment to judge.
 *
 * wavesurfer and its plugins are imported lazily, so the first paint does not wait for them; the controller
 * is returned at once and works (or quietly does nothing) before they arrive, so a Svelte `$effect` can
 * return `controller.destroy` synchronously.
 *
 * Loading: when the decoded samples are given, wavesurfer is handed them as its "peaks" together with the
 * duration and the playable Blob, so it never decodes the file a second time. Up to `SPECTROGRAM_MAX_SECONDS`
 * the full-rate samples are handed over (wavesurfer then holds a faithful buffer, which the spectrogram
 * needs); longer clips get min/max peaks only and no spectrogram.
 */
import type WaveSurfer from 'wavesurfer.js'
import type RegionsPlugin from 'wavesurfer.js/plugins/regions'
import type { Region } from 'wavesurfer.js/plugins/regions'
import type SpectrogramPlugin from 'wavesurfer.js/plugins/spectrogram'
import type { Hz, Seconds } from '../theory/units.ts'
import { clampRegion } from './resample.ts'
import { MAX_REGION_SECONDS, type TimeRegion } from './types.ts'
import { encodeWav } from './wav.ts'

/** Clips longer than this get peaks instead of samples, and no spectrogram. */
export const SPECTROGRAM_MAX_SECONDS: Seconds = 10 * 60

/** Names for the two region edges, which are keyboard sliders (screen readers read these). */
export interface HandleLabels {
  readonly start: string
  readonly end: string
  /** How a time is spoken, e.g. `0:15.5`. */
  readonly valueText: (time: Seconds) => string
}

/** Seconds an arrow key moves a region edge; with Shift, or PageUp/PageDown, ten times as far. */
export const HANDLE_STEP: Seconds = 0.5

/** What to show, and the callbacks the UI wants. */
export interface WaveformOptions {
  /** Mono samples of the clip (from `decodeAudioFile`). */
  readonly samples?: Float32Array
  readonly sampleRate?: Hz
  /** The playable audio (the original file or a recording). Made from `samples` as a WAV when absent. */
  readonly blob?: Blob
  /** Waveform height in CSS pixels (default 96). */
  readonly height?: number
  readonly waveColor?: string
  readonly progressColor?: string
  readonly regionColor?: string
  /** Longest region (default 30 s). */
  readonly maxRegion?: Seconds
  /** The region after the user (or `setRegion`) changed it, already clamped. */
  readonly onRegionChange?: (region: TimeRegion) => void
  /** Playback position, while playing and on seeks. */
  readonly onTimeUpdate?: (time: Seconds) => void
  /** Playback started or stopped. */
  readonly onPlayChange?: (playing: boolean) => void
  /** The waveform is drawn and the default region placed. */
  readonly onReady?: (duration: Seconds, region: TimeRegion) => void
  readonly onError?: (error: Error) => void
  /** Names for the region's edges as keyboard sliders (default: English). */
  readonly handleLabels?: HandleLabels
}

/** What the UI can do with a mounted waveform. */
export interface WaveformController {
  /** Resolves when the waveform is drawn; rejects if loading failed. */
  readonly ready: Promise<void>
  /** Plays from the cursor (or plays the region when `region` is true, stopping at its end). */
  play(region?: boolean): Promise<void>
  pause(): void
  isPlaying(): boolean
  /** Pixels per second of audio (0 = fit the container). */
  zoom(minPxPerSec: number): void
  /** Moves the region (clamped to the clip and to the maximum length, keeping the end). */
  setRegion(region: TimeRegion): void
  getRegion(): TimeRegion
  /** Renames the region's edge sliders (after a language change). */
  setHandleLabels(labels: HandleLabels): void
  /** Shows or hides the spectrogram; resolves to whether it is now shown (false when unavailable). */
  toggleSpectrogram(show?: boolean): Promise<boolean>
  /** Frees wavesurfer, its plugins, its media element and the object URL. Safe to call at any time. */
  destroy(): void
}

/**
 * Min/max pairs over `buckets` equal slices, the shape wavesurfer draws from without decoding.
 * @example peaksOf(new Float32Array([0, 1, -1, 0.5]), 2) → Float32Array [1, 0, 0.5, -1]
 */
export function peaksOf(samples: Float32Array, buckets: number): Float32Array {
  const n = Math.max(1, Math.min(buckets, samples.length))
  const out = new Float32Array(n * 2)
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * samples.length) / n)
    const to = Math.floor(((b + 1) * samples.length) / n)
    let lo = 0
    let hi = 0
    for (let i = from; i < to; i++) {
      const x = samples[i]
      if (x > hi) hi = x
      if (x < lo) lo = x
    }
    out[2 * b] = hi
    out[2 * b + 1] = lo
  }
  return out
}

/** The region shown when a clip loads: all of it up to 30 s, else its last 30 s (where the tonic is heard). */
export function defaultRegion(duration: Seconds, maxSeconds: Seconds = MAX_REGION_SECONDS): TimeRegion {
  return clampRegion({ start: 0, end: duration }, duration, maxSeconds)
}

/** Mounts a waveform in `el` and returns its controller. Needs `samples`+`sampleRate`, or `blob`. */
export function mountWaveform(el: HTMLElement, opts: WaveformOptions): WaveformController {
  const max = opts.maxRegion ?? MAX_REGION_SECONDS
  let ws: WaveSurfer | null = null
  let regions: InstanceType<typeof RegionsPlugin> | null = null
  let region: Region | null = null
  let spectrogram: InstanceType<typeof SpectrogramPlugin> | null = null
  let current: TimeRegion = { start: 0, end: 0 }
  let destroyed = false
  let canSpectrogram = false
  let labels: HandleLabels = opts.handleLabels ?? {
    start: 'Segment start',
    end: 'Segment end',
    valueText: (s) => `${s.toFixed(1)} s`,
  }
  const cleanups: (() => void)[] = []

  /** The region's two edges (wavesurfer's resize handles), made focusable sliders. */
  const handles = (): { side: 'start' | 'end'; el: HTMLElement }[] => {
    const box = region?.element
    if (!box) return []
    const out: { side: 'start' | 'end'; el: HTMLElement }[] = []
    const left = box.querySelector<HTMLElement>('[part~="region-handle-left"]')
    const right = box.querySelector<HTMLElement>('[part~="region-handle-right"]')
    if (left) out.push({ side: 'start', el: left })
    if (right) out.push({ side: 'end', el: right })
    return out
  }

  /** Keeps each slider's name and value in step with the region. */
  const describeHandles = () => {
    const duration = ws?.getDuration() ?? 0
    for (const { side, el: h } of handles()) {
      const value = side === 'start' ? (region?.start ?? 0) : (region?.end ?? 0)
      h.setAttribute('aria-label', side === 'start' ? labels.start : labels.end)
      h.setAttribute('aria-valuemin', '0')
      h.setAttribute('aria-valuemax', duration.toFixed(1))
      h.setAttribute('aria-valuenow', value.toFixed(1))
      h.setAttribute('aria-valuetext', labels.valueText(value))
    }
  }

  /** Arrow keys move an edge by HANDLE_STEP (Shift or PageUp/PageDown: ten steps); Home/End go to the clip's ends. */
  const onHandleKey = (side: 'start' | 'end') => (e: KeyboardEvent) => {
    if (!ws || !region) return
    const duration = ws.getDuration()
    const big = e.shiftKey ? 10 : 1
    const now = side === 'start' ? region.start : region.end
    let to: number
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') to = now - HANDLE_STEP * big
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') to = now + HANDLE_STEP * big
    else if (e.key === 'PageDown') to = now - HANDLE_STEP * 10
    else if (e.key === 'PageUp') to = now + HANDLE_STEP * 10
    else if (e.key === 'Home') to = 0
    else if (e.key === 'End') to = duration
    else return
    // The page's own single-key shortcuts and scrolling must not also act on these keys.
    e.preventDefault()
    e.stopPropagation()
    const gap = Math.min(HANDLE_STEP, duration / 2)
    if (side === 'start')
      applyRegion({ start: Math.max(0, Math.min(to, region.end - gap)), end: region.end }, true)
    else applyRegion({ start: region.start, end: Math.min(duration, Math.max(to, region.start + gap)) }, true)
  }

  const makeHandlesFocusable = () => {
    for (const { side, el: h } of handles()) {
      h.tabIndex = 0
      h.setAttribute('role', 'slider')
      h.setAttribute('aria-orientation', 'horizontal')
      const listener = onHandleKey(side)
      h.addEventListener('keydown', listener)
      cleanups.push(() => h.removeEventListener('keydown', listener))
    }
    describeHandles()
  }

  const report = (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e))
    // A load superseded by destroy() is not an error the user needs to see.
    if (!destroyed && err.name !== 'AbortError') opts.onError?.(err)
    return err
  }

  /** Applies the ≤ max rule, keeping the end the user chose, and moves the drawn region if it changed. */
  const applyRegion = (wanted: TimeRegion, notify: boolean) => {
    if (!ws || !region) return
    const next = clampRegion(wanted, ws.getDuration(), max)
    if (Math.abs(next.start - region.start) > 1e-6 || Math.abs(next.end - region.end) > 1e-6)
      region.setOptions({ start: next.start, end: next.end })
    current = next
    describeHandles()
    if (notify) opts.onRegionChange?.(next)
  }

  const load = async () => {
    const [{ default: WaveSurfer }, { default: Regions }, { default: Timeline }] = await Promise.all([
      import('wavesurfer.js'),
      import('wavesurfer.js/plugins/regions'),
      import('wavesurfer.js/plugins/timeline'),
    ])
    if (destroyed) return
    const { samples, sampleRate } = opts
    if (!opts.blob && !(samples && sampleRate))
      throw new RangeError('mountWaveform needs samples and sampleRate, or a blob')
    regions = Regions.create()
    ws = WaveSurfer.create({
      container: el,
      height: opts.height ?? 96,
      waveColor: opts.waveColor ?? '#8a7f72',
      progressColor: opts.progressColor ?? '#b5452b',
      cursorColor: opts.progressColor ?? '#b5452b',
      normalize: true,
      dragToSeek: true,
      plugins: [regions, Timeline.create({ height: 18 })],
    })
    cleanups.push(
      ws.on('timeupdate', (t) => opts.onTimeUpdate?.(t)),
      ws.on('play', () => opts.onPlayChange?.(true)),
      ws.on('pause', () => opts.onPlayChange?.(false)),
      ws.on('finish', () => opts.onPlayChange?.(false)),
      regions.on('region-update', (r) => {
        // Live clamp while resizing, keeping the end: the start follows the end past 30 s.
        // wavesurfer clamps the end to the clip only after this event, so clamp it here first.
        const end = Math.min(r.end, ws?.getDuration() ?? r.end)
        if (end - r.start > max + 1e-6) r.setOptions({ start: end - max })
        describeHandles()
      }),
      regions.on('region-updated', (r) => applyRegion({ start: r.start, end: r.end }, true)),
    )
    // A blob the media element cannot play makes wavesurfer emit 'error' while loadBlob never settles.
    const failed = new Promise<never>((_, reject) => cleanups.push(ws!.on('error', reject)))
    let blob = opts.blob
    if (samples && sampleRate) {
      const duration = samples.length / sampleRate
      canSpectrogram = duration <= SPECTROGRAM_MAX_SECONDS
      blob ??= new Blob([encodeWav(samples, sampleRate)], { type: 'audio/wav' })
      // Full samples when short (a real buffer for the spectrogram); else ~200 min/max pairs per second.
      const peaks = canSpectrogram
        ? samples
        : peaksOf(samples, Math.min(1_000_000, Math.ceil(duration * 200)))
      await Promise.race([ws.loadBlob(blob, [peaks], duration), failed])
    } else {
      canSpectrogram = true
      await Promise.race([ws.loadBlob(blob!), failed])
    }
    if (destroyed) return
    const duration = ws.getDuration()
    current = defaultRegion(duration, max)
    region = regions.addRegion({
      ...current,
      color: opts.regionColor ?? 'rgba(181, 69, 43, 0.15)',
      drag: true,
      resize: true,
    })
    makeHandlesFocusable()
    opts.onReady?.(duration, current)
  }

  const ready = load().catch((e: unknown) => {
    throw report(e)
  })
  // The UI may ignore `ready`; its failure already went to onError, so do not leave an unhandled rejection.
  ready.catch(() => {})

  return {
    ready,
    async play(inRegion = false) {
      if (!ws) return
      if (inRegion && region) region.play(true)
      else await ws.play()
    },
    pause: () => ws?.pause(),
    isPlaying: () => ws?.isPlaying() ?? false,
    zoom(px) {
      if (ws && ws.getDuration() > 0) ws.zoom(Math.max(0, px))
    },
    setRegion: (r) => applyRegion(r, true),
    getRegion: () => current,
    setHandleLabels(next) {
      labels = next
      describeHandles()
    },
    async toggleSpectrogram(show?: boolean) {
      if (!ws || !canSpectrogram) return false
      const want = show ?? !spectrogram
      if (want && !spectrogram) {
        const { default: Spectrogram } = await import('wavesurfer.js/plugins/spectrogram')
        if (destroyed || !ws) return false
        spectrogram = ws.registerPlugin(
          Spectrogram.create({
            height: 128,
            labels: true,
            frequencyMax: 8000,
            scale: 'mel',
            fftSamples: 512,
          }),
        )
      } else if (!want && spectrogram) {
        ws.unregisterPlugin(spectrogram)
        spectrogram.destroy()
        spectrogram = null
      }
      return spectrogram !== null
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      for (const off of cleanups) off()
      ws?.destroy() // also destroys registered plugins and revokes wavesurfer's object URL
      ws = null
      region = null
      regions = null
      spectrogram = null
    },
  }
}
