// Reading a response body within limits: a cap on its size, and a dropped connection reported as a cut-off reply.
import { ModelError } from './errors.ts'

/** Mutable progress of one attempt, so a failure can still report the text that arrived. */
export interface AttemptState {
  text: string
  deltas: number
  timedOut: boolean
}

/** Reads a body as text, refusing more than maxBytes; read failures become network or cut-off errors. */
export async function readCapped(
  response: Response,
  maxBytes: number,
  state: AttemptState | null,
  truncate: boolean,
): Promise<string> {
  if (!response.body) return response.text()
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  try {
    for (;;) {
      const chunk = await readChunk(reader, state, false)
      if (chunk === null) break
      bytes += chunk.byteLength
      if (bytes > maxBytes) {
        if (truncate) return text + decoder.decode(chunk.subarray(0, chunk.byteLength - (bytes - maxBytes)))
        throw tooLong(`The reply is larger than ${maxBytes / 1024} KB.`)
      }
      text += decoder.decode(chunk, { stream: true })
    }
    return text + decoder.decode()
  } finally {
    reader.cancel().catch(() => {})
  }
}

export async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  state: AttemptState | null,
  streaming: boolean,
): Promise<Uint8Array | null> {
  let result: Awaited<ReturnType<typeof reader.read>>
  try {
    result = await reader.read()
  } catch (caught) {
    if (streaming && state)
      throw new ModelError(
        'cut-off',
        `The connection dropped after ${state.text.length} characters of the answer.`,
        {
          partialText: state.text,
          cause: caught,
        },
      )
    // The server was reached and began to answer: the reply was cut off, not unreachable.
    throw new ModelError('cut-off', 'The connection dropped while the reply was being read.', {
      cause: caught,
    })
  }
  return result.done ? null : result.value
}

export function tooLong(message: string, partialText?: string): ModelError {
  return new ModelError('too-long', message, {
    partialText,
    hint: 'The server is probably not the fine-tuned model, or max_tokens is too high.',
  })
}
