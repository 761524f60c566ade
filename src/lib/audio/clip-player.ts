/** Plays a stored clip, or a region of it, through Web Audio: the Assignments page's students' clips. */
import type { Seconds } from '../theory/units.ts'

/** Plays a stored clip (or its region) through Web Audio; one at a time. Call dispose() when the page goes. */
export class ClipPlayer {
  #current: { ctx: AudioContext; stop: () => void } | null = null

  /** Plays the region and resolves when it ends or is stopped; a new call stops the previous one. */
  play = async (blob: Blob, region?: { start: Seconds; end: Seconds }): Promise<void> => {
    this.stop()
    const ctx = new AudioContext()
    try {
      const buffer = await ctx.decodeAudioData(await blob.arrayBuffer())
      const start = Math.max(0, Math.min(region?.start ?? 0, buffer.duration))
      const end = Math.max(start, Math.min(region?.end ?? buffer.duration, buffer.duration))
      const source = ctx.createBufferSource()
      source.buffer = buffer
      source.connect(ctx.destination)
      await new Promise<void>((resolve) => {
        source.onended = () => resolve()
        this.#current = { ctx, stop: () => source.stop() }
        source.start(0, start, end - start)
      })
    } finally {
      if (this.#current?.ctx === ctx) this.#current = null
      void ctx.close()
    }
  }

  stop(): void {
    this.#current?.stop()
  }

  dispose(): void {
    this.stop()
  }
}
