/**
 * An incremental Server-Sent Events reader: feed it text as it arrives, get back the `data` of each
 * complete event. Follows the WHATWG rules that matter here: \n, \r\n or \r line ends, several `data:`
 * lines joined with \n, comment lines (`:`) and other fields ignored, one optional space after the colon.
 */
export class SseParser {
  #buffer = ''
  #data: string[] = []
  #sawCr = false

  /** Adds text; returns the data of every event completed by it, in order. */
  push(text: string): string[] {
    const events: string[] = []
    let chunk = text
    // A \r\n split across two chunks: the \n belongs to the line already ended by \r.
    if (this.#sawCr && chunk.startsWith('\n')) chunk = chunk.slice(1)
    this.#sawCr = chunk.endsWith('\r')
    this.#buffer += chunk
    const lines = this.#buffer.split(/\r\n|\r|\n/)
    this.#buffer = lines.pop() ?? ''
    for (const line of lines) {
      if (line === '') {
        if (this.#data.length > 0) events.push(this.#data.join('\n'))
        this.#data = []
      } else if (line.startsWith('data')) {
        const rest = line.slice(4)
        if (rest === '') this.#data.push('')
        else if (rest.startsWith(':')) this.#data.push(rest.slice(rest.startsWith(': ') ? 2 : 1))
      }
    }
    return events
  }

  /** True when text is pending that no blank line has ended yet (a stream cut mid-event). */
  get pending(): boolean {
    return this.#buffer !== '' || this.#data.length > 0
  }
}
