import { afterEach, describe, expect, it } from 'vitest'
import { sine } from './test-signals.ts'
import type { TimeRegion } from './types.ts'
import { defaultRegion, mountWaveform, peaksOf, type WaveformController } from './waveform.ts'
import { encodeWav } from './wav.ts'

let mounted: { el: HTMLElement; ctl: WaveformController } | null = null

function mount(opts: Parameters<typeof mountWaveform>[1]) {
  const el = document.createElement('div')
  el.style.width = '800px'
  document.body.append(el)
  const ctl = mountWaveform(el, opts)
  mounted = { el, ctl }
  return mounted
}

afterEach(() => {
  mounted?.ctl.destroy()
  mounted?.el.remove()
  mounted = null
})

/** The shadow root wavesurfer renders into. */
const shadowOf = (el: HTMLElement) => (el.firstElementChild as HTMLElement).shadowRoot!

describe('pure helpers', () => {
  it('chooses the whole clip up to 30 s, else the last 30 s', () => {
    expect(defaultRegion(12)).toEqual({ start: 0, end: 12 })
    expect(defaultRegion(45)).toEqual({ start: 15, end: 45 })
    expect(defaultRegion(3600)).toEqual({ start: 3570, end: 3600 })
  })
  it('reduces samples to min/max pairs', () => {
    expect(Array.from(peaksOf(new Float32Array([0, 1, -1, 0.5]), 2))).toEqual([1, 0, 0.5, -1])
    expect(peaksOf(new Float32Array(10), 100)).toHaveLength(20)
  })
})

describe('mountWaveform', () => {
  it('makes the region edges keyboard sliders: arrows move an edge, names and values are spoken', async () => {
    const changes: TimeRegion[] = []
    const { el, ctl } = mount({
      samples: sine(220, 8000, 45, 0.3),
      sampleRate: 8000,
      onRegionChange: (r) => changes.push(r),
      handleLabels: { start: 'Start edge', end: 'End edge', valueText: (s) => `${s.toFixed(1)} seconds` },
    })
    await ctl.ready
    const shadow = shadowOf(el)
    // wavesurfer renders regions on a later frame.
    await expect.poll(() => shadow.querySelector('[part~="region-handle-left"]')).not.toBeNull()
    const left = shadow.querySelector<HTMLElement>('[part~="region-handle-left"]')!
    const right = shadow.querySelector<HTMLElement>('[part~="region-handle-right"]')!
    expect(left.tabIndex).toBe(0)
    expect(left.getAttribute('role')).toBe('slider')
    expect(left.getAttribute('aria-label')).toBe('Start edge')
    expect(left.getAttribute('aria-valuetext')).toBe('15.0 seconds')
    const press = (h: HTMLElement, key: string, shiftKey = false) =>
      h.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }))
    press(left, 'ArrowRight')
    expect(ctl.getRegion()).toEqual({ start: 15.5, end: 45 })
    expect(changes.at(-1)).toEqual({ start: 15.5, end: 45 })
    expect(left.getAttribute('aria-valuenow')).toBe('15.5')
    press(right, 'ArrowLeft', true)
    expect(ctl.getRegion()).toEqual({ start: 15.5, end: 40 })
    // Past 30 s the start follows the end (the end is what the user chose).
    press(left, 'Home')
    expect(ctl.getRegion()).toEqual({ start: 10, end: 40 })
    ctl.setHandleLabels({ start: '开始', end: '结束', valueText: (s) => `${s} 秒` })
    expect(right.getAttribute('aria-label')).toBe('结束')
    expect(right.getAttribute('aria-valuetext')).toBe('40 秒')
  })

  it('mounts a 45 s clip with the last 30 s as its region, and clamps regions to 30 s keeping the end', async () => {
    const changes: TimeRegion[] = []
    let readyWith: [number, TimeRegion] | null = null
    const { el, ctl } = mount({
      samples: sine(220, 8000, 45, 0.3),
      sampleRate: 8000,
      onReady: (d, r) => (readyWith = [d, r]),
      onRegionChange: (r) => changes.push(r),
    })
    await ctl.ready
    expect(readyWith![0]).toBeCloseTo(45, 3)
    expect(readyWith![1]).toEqual({ start: 15, end: 45 })
    expect(ctl.getRegion()).toEqual({ start: 15, end: 45 })
    const shadow = shadowOf(el)
    expect(shadow.querySelectorAll('canvas').length).toBeGreaterThan(0)
    // wavesurfer renders regions on a later frame.
    await expect.poll(() => shadow.querySelector('[part~="region"]')).not.toBeNull()
    ctl.setRegion({ start: 0, end: 40 })
    expect(ctl.getRegion()).toEqual({ start: 10, end: 40 })
    expect(changes.at(-1)).toEqual({ start: 10, end: 40 })
    ctl.setRegion({ start: 5, end: 12 })
    expect(ctl.getRegion()).toEqual({ start: 5, end: 12 })
    ctl.zoom(50)
    expect(ctl.isPlaying()).toBe(false)
  })

  it('clamps a region the user stretches past 30 s, keeping the end they chose', async () => {
    const changes: TimeRegion[] = []
    const { el, ctl } = mount({
      samples: sine(220, 8000, 45, 0.3),
      sampleRate: 8000,
      onRegionChange: (r) => changes.push(r),
    })
    await ctl.ready
    ctl.setRegion({ start: 5, end: 20 })
    const shadow = shadowOf(el)
    await expect.poll(() => shadow.querySelector('[part*="region-handle-right"]')).not.toBeNull()
    const handle = shadow.querySelector('[part*="region-handle-right"]') as HTMLElement
    const box = handle.getBoundingClientRect()
    const pxPerSec = el.getBoundingClientRect().width / 45
    const x0 = box.left + box.width / 2
    const y = box.top + box.height / 2
    const at = (x: number) => ({
      clientX: x,
      clientY: y,
      bubbles: true,
      cancelable: true, // so that the handle's preventDefault keeps the region body from dragging too
      composed: true,
      pointerId: 1,
      isPrimary: true,
    })
    handle.dispatchEvent(new PointerEvent('pointerdown', at(x0)))
    // Drag the end from 20 s to about 42 s: 37 s long, so the start must follow to about 12 s.
    for (let i = 1; i <= 10; i++)
      document.dispatchEvent(new PointerEvent('pointermove', at(x0 + (i * 22 * pxPerSec) / 10)))
    document.dispatchEvent(new PointerEvent('pointerup', at(x0 + 22 * pxPerSec)))
    await expect.poll(() => changes.length).toBeGreaterThan(1)
    const r = changes.at(-1)!
    expect(r.end).toBeGreaterThan(40)
    expect(r.end - r.start).toBeCloseTo(30, 3)
    expect(ctl.getRegion()).toEqual(r)
  })

  it('toggles a spectrogram for a short clip', async () => {
    const { el, ctl } = mount({ samples: sine(440, 16000, 3, 0.3), sampleRate: 16000 })
    await ctl.ready
    const before = el.querySelectorAll('canvas').length + shadowOf(el).querySelectorAll('canvas').length
    expect(await ctl.toggleSpectrogram()).toBe(true)
    await new Promise((r) => setTimeout(r, 200))
    const after = el.querySelectorAll('canvas').length + shadowOf(el).querySelectorAll('canvas').length
    expect(after).toBeGreaterThan(before)
    expect(await ctl.toggleSpectrogram()).toBe(false)
  })

  it('loads a blob on its own and plays it', async () => {
    const blob = new Blob([encodeWav(sine(330, 16000, 2, 0.3), 16000)], { type: 'audio/wav' })
    const times: number[] = []
    const { ctl } = mount({ blob, onTimeUpdate: (t) => times.push(t) })
    await ctl.ready
    expect(ctl.getRegion().end).toBeCloseTo(2, 2)
    await ctl.play()
    await new Promise((r) => setTimeout(r, 300))
    expect(ctl.isPlaying()).toBe(true)
    ctl.pause()
    expect(times.some((t) => t > 0)).toBe(true)
    // Playing the region stops at its end.
    ctl.setRegion({ start: 1.5, end: 1.7 })
    await ctl.play(true)
    await expect.poll(() => ctl.isPlaying()).toBe(true)
    await expect.poll(() => ctl.isPlaying(), { timeout: 3000 }).toBe(false)
    expect(times.at(-1)!).toBeGreaterThan(1.5)
    expect(times.at(-1)!).toBeLessThan(1.9)
  })

  it('reports a broken blob through onError and can be destroyed before it loads', async () => {
    const errors: Error[] = []
    const { ctl } = mount({ blob: new Blob(['not audio']), onError: (e) => errors.push(e) })
    await expect(ctl.ready).rejects.toBeInstanceOf(Error)
    expect(errors).toHaveLength(1)
    const early = mount({ samples: sine(220, 8000, 1), sampleRate: 8000 })
    early.ctl.destroy()
    await early.ctl.ready
    expect(early.ctl.getRegion()).toEqual({ start: 0, end: 0 })
  })
})
