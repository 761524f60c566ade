// The server's reply read and checked: a chat.completion body, or a stream of chat.completion.chunk events.
import type { Milliseconds } from '../theory/units.ts'
import { readChunk, tooLong, type AttemptState } from './body.ts'
import { ModelError } from './errors.ts'
import { clip, serverMessage } from './server-message.ts'
import { SseParser } from './sse.ts'

/** The longest answer text accepted; a CNPM label is a few dozen characters, a rambling base model a few hundred. */
export const MAX_REPLY_CHARS = 64 * 1024
/** The largest response body read, JSON or SSE framing included. */
export const MAX_BODY_BYTES = 1024 * 1024

/** What the model answered: the raw text, kept as is for the parser and for display. */
export interface ModelReply {
  readonly raw: string
  /** `stop`, `length` (max_tokens reached), …, or null when the server did not say. */
  readonly finishReason: string | null
  /** The model name the server reports, or null. */
  readonly model: string | null
  readonly elapsedMs: Milliseconds
  readonly attempts: number
}

function badReply(what: string): ModelError {
  return new ModelError('bad-reply', `The reply is not a chat completion: ${what}.`, {
    hint: 'Check that the base URL points at an OpenAI-compatible chat server (LLaMA-Factory or vLLM).',
  })
}

/** A non-streamed chat.completion body → the reply, or 'bad-reply' saying exactly what is wrong. */
export function parseCompletion(body: string): Omit<ModelReply, 'elapsedMs' | 'attempts'> {
  if (!body.trim()) throw badReply('the body is empty')
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw badReply(`it is not JSON (it begins "${clip(body.trim().replace(/\s+/g, ' '), 60)}")`)
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw badReply('the JSON is not an object')
  const o = json as Record<string, unknown>
  if (!('choices' in o)) {
    const err = o.error ? ` (it carries an error: "${serverMessage(body)}")` : ''
    throw badReply(`it has no "choices"${err}`)
  }
  if (!Array.isArray(o.choices)) throw badReply('"choices" is not an array')
  if (o.choices.length === 0) throw badReply('"choices" is empty')
  const choice = o.choices[0] as Record<string, unknown> | null
  const message = choice?.message as Record<string, unknown> | null | undefined
  if (!message || typeof message !== 'object') throw badReply('choices[0] has no "message"')
  const content = message.content
  if (typeof content !== 'string')
    throw badReply(`choices[0].message.content is ${content === null ? 'null' : typeof content}, not text`)
  if (content.length > MAX_REPLY_CHARS)
    throw tooLong(`The answer is longer than ${MAX_REPLY_CHARS} characters.`)
  return {
    raw: content,
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof o.model === 'string' ? o.model : null,
  }
}

/** Reads an SSE chat.completion.chunk stream, calling onDelta as text arrives. */
export async function readStream(
  response: Response,
  state: AttemptState,
  onDelta: ((delta: string, text: string) => void) | undefined,
): Promise<Omit<ModelReply, 'elapsedMs' | 'attempts'>> {
  if (!response.body) throw badReply('the streamed reply has no body')
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const parser = new SseParser()
  let finishReason: string | null = null
  let model: string | null = null
  let done = false
  let bytes = 0
  try {
    while (!done) {
      const chunk = await readChunk(reader, state, true)
      if (chunk === null) break
      bytes += chunk.byteLength
      if (bytes > MAX_BODY_BYTES)
        throw tooLong(`The streamed reply is larger than ${MAX_BODY_BYTES / 1024} KB.`, state.text)
      for (const data of parser.push(decoder.decode(chunk, { stream: true }))) {
        if (data.trim() === '[DONE]') {
          done = true
          break
        }
        const event = parseChunk(data, state.text)
        model ??= event.model
        finishReason = event.finishReason ?? finishReason
        if (event.delta) {
          state.text += event.delta
          state.deltas++
          if (state.text.length > MAX_REPLY_CHARS)
            throw tooLong(`The answer is longer than ${MAX_REPLY_CHARS} characters.`, state.text)
          onDelta?.(event.delta, state.text)
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {})
  }
  if (!done && finishReason === null)
    throw new ModelError(
      'cut-off',
      `The streamed answer stopped before it was finished (${state.text.length} characters arrived).`,
      {
        partialText: state.text,
        hint: 'The server or a proxy closed the connection early; try again.',
      },
    )
  return { raw: state.text, finishReason, model }
}

interface ChunkEvent {
  readonly delta: string
  readonly finishReason: string | null
  readonly model: string | null
}

/** One `data:` payload of a chat.completion.chunk stream. */
function parseChunk(data: string, partialText: string): ChunkEvent {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(data) as Record<string, unknown>
  } catch {
    throw new ModelError('bad-reply', `A streamed event is not JSON: "${clip(data, 60)}".`, { partialText })
  }
  // vLLM reports errors that happen mid-generation as an event carrying `error`.
  if (json?.error)
    throw new ModelError('server', `The server failed mid-answer: "${serverMessage(data)}"`, { partialText })
  const choice = (Array.isArray(json?.choices) ? json.choices[0] : undefined) as
    Record<string, unknown> | undefined
  const delta = choice?.delta as Record<string, unknown> | undefined
  return {
    delta: typeof delta?.content === 'string' ? delta.content : '',
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof json?.model === 'string' ? json.model : null,
  }
}
