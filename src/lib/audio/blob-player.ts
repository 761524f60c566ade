/** Plays an encoded clip (a stored Blob) through an audio element; one at a time, stoppable. */
export class BlobPlayer {
  #audio: HTMLAudioElement | null = null
  #url: string | null = null
  #finish: (() => void) | null = null

  /** Resolves when the clip ends or is stopped; rejects (kind 'undecodable') when the browser cannot play it. */
  play(blob: Blob): Promise<void> {
    this.stop()
    const url = URL.createObjectURL(blob)
    const audio = new Audio(url)
    this.#audio = audio
    this.#url = url
    return new Promise<void>((resolve, reject) => {
      this.#finish = resolve
      audio.onended = () => this.stop()
      audio.onerror = () => {
        this.stop()
        reject(Object.assign(new Error('the browser could not play this recording'), { kind: 'undecodable' }))
      }
      audio.play().catch((e: unknown) => {
        this.stop()
        reject(e instanceof Error ? e : new Error(String(e)))
      })
    })
  }

  stop(): void {
    const finish = this.#finish
    this.#finish = null
    this.#audio?.pause()
    this.#audio = null
    if (this.#url) URL.revokeObjectURL(this.#url)
    this.#url = null
    finish?.()
  }
}
