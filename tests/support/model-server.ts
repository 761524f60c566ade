/**
 * A loopback stand-in for the two servers the app talks to (see /work/shared/MODEL_API.md): LLaMA-Factory's
 * `llamafactory-cli api` and vLLM's OpenAI-compatible server. It rejects what they reject, with their status
 * codes and error shapes, answers from a scripted list, and injects faults per request. One deliberate
 * strictness beyond the real servers: the audio must be the project's contract (RIFF/WAVE, 16-bit PCM, mono,
 * 16 kHz, ≤ 30 s) — the real ones resample anything and silently drop audio past 30 s, which is exactly the
 * mistake a test must catch.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Flavour = 'llamafactory' | 'vllm'

/** One injected failure, consumed by one chat request (faults are a queue, in order). */
export type Fault =
  | { readonly kind: 'none' }
  /** Destroy the socket before answering: the client sees a network error. */
  | { readonly kind: 'drop' }
  /** Answer with this status (401, 403, 404, 413, 500, 502, 503, 504…) and an optional body. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  /** 429 with `Retry-After` (seconds or an HTTP date) when given. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  /** Wait before handling the request (to trigger client timeouts); bounded to 30 s. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Send part of the reply, then stop: `end` closes cleanly, `destroy` resets the connection. */
  | { readonly kind: 'cut-off'; readonly how?: 'end' | 'destroy' }
  /** 200 with an HTML body, as a proxy error page would be. */
  | { readonly kind: 'not-json' }
  /** 200 with a JSON object that has no `choices`. */
  | { readonly kind: 'no-choices' }
  /** A reply of `chars` characters (default 100,000). */
  | { readonly kind: 'huge'; readonly chars?: number }

/** Options of the test server. */
export interface ModelServerOptions {
  readonly flavour: Flavour
  /** When set, requests need `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string
  /** vLLM: the served model name (default `cnpm`). LLaMA-Factory: the name listed at /v1/models (API_MODEL_NAME). */
  readonly model?: string
  /** Answers, in order; the last one repeats. */
  readonly replies?: readonly string[]
  readonly faults?: readonly Fault[]
  /** Characters per streamed chunk (default 4). */
  readonly chunkChars?: number
}

/** What the server saw of one request. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** The parsed JSON body, or null. */
  readonly body: unknown
  /** The status sent (0 when the socket was dropped). */
  status: number
  /** Facts of the audio, when a valid WAV arrived. */
  audio?: { sampleRate: number; channels: number; seconds: number }
}

/** A running test server. */
export interface ModelServer {
  /** `http://127.0.0.1:PORT` (no /v1). */
  readonly url: string
  readonly requests: RecordedRequest[]
  /** The most chat requests that were open at once (received, not yet answered). */
  readonly maxInFlight: number
  setFaults(faults: readonly Fault[]): void
  setReplies(replies: readonly string[]): void
  close(): Promise<void>
}

/** Bounds that keep a buggy client from exhausting the test machine. */
const MAX_BODY_BYTES = 8 * 1024 * 1024
const MAX_DELAY_MS = 30_000
const MAX_RECORDED = 200
const DEFAULT_REPLY = 'C宫系统 A羽调式'
/** LLaMA-Factory's data-URL pattern (src/llamafactory/api/chat.py). */
const LF_AUDIO_URL = /^data:audio\/(mpeg|mp3|wav|ogg);base64,(.+)$/s
const LF_PART_TYPES = ['text', 'image_url', 'video_url', 'audio_url']
const ROLES = ['system', 'user', 'assistant', 'function', 'tool']

/** Starts a server on 127.0.0.1 on a free port. */
export async function startModelServer(opts: ModelServerOptions): Promise<ModelServer> {
  const requests: RecordedRequest[] = []
  let faults = [...(opts.faults ?? [])]
  let replies = [...(opts.replies ?? [DEFAULT_REPLY])]
  let replyIndex = 0
  let inFlight = 0
  let maxInFlight = 0
  const sockets = new Set<Socket>()
  const nextReply = () => replies[Math.min(replyIndex++, replies.length - 1)] ?? DEFAULT_REPLY

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `test server bug: ${String(error)}`)
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    const raw = await readBody(req)
    let body: unknown
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : null
    } catch {
      body = null
    }
    const record: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body, status: 0 }
    requests.push(record)
    if (requests.length > MAX_RECORDED) requests.shift()
    res.on('finish', () => (record.status = res.statusCode))
    // Both servers run CORSMiddleware(allow_origins=*, allow_methods=*, allow_headers=*) outermost.
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT')
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*')
      res.setHeader('Access-Control-Max-Age', '600')
      return send(res, 200, 'text/plain', 'OK')
    }
    if (raw === TOO_LARGE) return error(res, 413, 'Request body too large (test server bound).')
    if (path === '/v1/models') {
      if (req.method !== 'GET') return send(res, 405, 'application/json', '{"detail":"Method Not Allowed"}')
      if (!authorized(req)) return unauthorized(res)
      return json(res, 200, modelList())
    }
    if (path !== '/v1/chat/completions') return send(res, 404, 'application/json', '{"detail":"Not Found"}')
    if (req.method !== 'POST') return send(res, 405, 'application/json', '{"detail":"Method Not Allowed"}')
    if (!authorized(req)) return unauthorized(res)

    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.on('close', () => inFlight--)
    const fault = faults.shift() ?? { kind: 'none' }
    switch (fault.kind) {
      case 'drop':
        return void req.socket.destroy()
      case 'status':
        return send(
          res,
          fault.status,
          'application/json',
          fault.body ?? `{"detail":"status ${fault.status}"}`,
        )
      case 'rate-limit':
        if (fault.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter)
        return error(res, 429, 'Too many requests.')
      case 'delay':
        await new Promise((r) => setTimeout(r, Math.min(fault.ms, MAX_DELAY_MS)))
        if (res.destroyed || req.socket.destroyed) return
        break
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalidJson(res)
    const rejection = opts.flavour === 'llamafactory' ? checkLlamaFactory(body) : checkVllm(body)
    if (rejection) return rejection(res)
    const audio = audioOf(body as ChatBody, opts.flavour)
    if ('problem' in audio) return error(res, 400, audio.problem)
    record.audio = audio
    return reply(res, body as ChatBody, fault)
  }

  function authorized(req: IncomingMessage): boolean {
    if (!opts.apiKey) return true
    return req.headers.authorization === `Bearer ${opts.apiKey}`
  }

  function unauthorized(res: ServerResponse): void {
    // LLaMA-Factory: HTTPException(401, "Invalid API key."); vLLM's middleware: {"error": "Unauthorized"}.
    if (opts.flavour === 'llamafactory') return json(res, 401, { detail: 'Invalid API key.' })
    return json(res, 401, { error: 'Unauthorized' })
  }

  /** A request rejection in the flavour's shape: FastAPI `detail` for LLaMA-Factory, an error object for vLLM. */
  function error(res: ServerResponse, status: number, message: string): void {
    if (opts.flavour === 'llamafactory') return json(res, status, { detail: message })
    const type = status === 404 ? 'NotFoundError' : status >= 500 ? 'InternalServerError' : 'BadRequestError'
    return json(res, status, { error: { message, type, param: null, code: status } })
  }

  function invalidJson(res: ServerResponse): void {
    // FastAPI answers a body it cannot parse with 422; vLLM turns validation errors into 400.
    if (opts.flavour === 'llamafactory')
      return json(res, 422, { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] })
    return error(res, 400, 'JSON decode error')
  }

  function modelList(): unknown {
    const created = 1_700_000_000
    if (opts.flavour === 'llamafactory')
      return {
        object: 'list',
        data: [{ id: opts.model ?? 'gpt-3.5-turbo', object: 'model', created, owned_by: 'owner' }],
      }
    const id = opts.model ?? 'cnpm'
    return {
      object: 'list',
      data: [{ id, object: 'model', created, owned_by: 'vllm', root: id, parent: null }],
    }
  }

  /** LLaMA-Factory's pydantic schema (422) and then _process_request's checks (400). */
  function checkLlamaFactory(body: object): ((res: ServerResponse) => void) | null {
    const b = body as ChatBody
    const schema = (msg: string, loc: (string | number)[]) => (res: ServerResponse) =>
      json(res, 422, { detail: [{ type: 'value_error', loc: ['body', ...loc], msg }] })
    if (typeof b.model !== 'string') return schema('Field required', ['model'])
    if (!Array.isArray(b.messages)) return schema('Field required', ['messages'])
    for (const [i, m] of b.messages.entries()) {
      if (!ROLES.includes(m?.role))
        return schema(`Input should be ${ROLES.map((r) => `'${r}'`).join(', ')}`, ['messages', i, 'role'])
      if (typeof m.content === 'string' || m.content == null) continue
      if (!Array.isArray(m.content))
        return schema('Input should be a valid string or list', ['messages', i, 'content'])
      for (const [j, part] of m.content.entries()) {
        if (!LF_PART_TYPES.includes(String(part?.type)))
          return schema("Input should be 'text', 'image_url', 'video_url' or 'audio_url'", [
            'messages',
            i,
            'content',
            j,
            'type',
          ])
        if (part.type === 'text' && typeof part.text !== 'string')
          return schema('Field required', ['messages', i, 'content', j, 'text'])
        if (part.type === 'audio_url' && typeof part.audio_url?.url !== 'string')
          return schema('Field required', ['messages', i, 'content', j, 'audio_url', 'url'])
      }
    }
    const bad = (detail: string) => (res: ServerResponse) => json(res, 400, { detail })
    const messages = b.messages[0]?.role === 'system' ? b.messages.slice(1) : b.messages
    if (b.messages.length === 0) return bad('Invalid length')
    if (messages.length % 2 === 0) return bad('Only supports u/a/u/a/u...')
    for (const [i, m] of messages.entries()) {
      if (i % 2 === 0 && m.role !== 'user' && m.role !== 'tool') return bad('Invalid role')
      if (i % 2 === 1 && m.role !== 'assistant' && m.role !== 'function') return bad('Invalid role')
    }
    if (b.stream === true && typeof b.n === 'number' && b.n > 1)
      return bad('Cannot stream multiple responses.')
    return null
  }

  /** vLLM: the model name first (404), then the request (400). vLLM does not enforce role alternation. */
  function checkVllm(body: object): ((res: ServerResponse) => void) | null {
    const b = body as ChatBody
    const served = opts.model ?? 'cnpm'
    if (b.model !== undefined && b.model !== null && b.model !== served)
      return (res) =>
        json(res, 404, {
          error: {
            message: `The model \`${String(b.model)}\` does not exist.`,
            type: 'NotFoundError',
            param: 'model',
            code: 404,
          },
        })
    const bad = (message: string) => (res: ServerResponse) => error(res, 400, message)
    if (!Array.isArray(b.messages) || b.messages.length === 0)
      return bad('messages: a non-empty list is required')
    let audios = 0
    for (const m of b.messages) {
      if (!ROLES.includes(m?.role)) return bad(`Unknown role: ${String(m?.role)}`)
      if (typeof m.content === 'string' || m.content == null) continue
      if (!Array.isArray(m.content)) return bad('content must be a string or a list of parts')
      for (const part of m.content) {
        if (part?.type === 'input_audio' || part?.type === 'audio_url') audios++
        else if (part?.type !== 'text' && part?.type !== 'image_url')
          return bad(`Unknown part type: ${String(part?.type)}`)
      }
    }
    // vLLM's default --limit-mm-per-prompt allows one audio.
    if (audios > 1) return bad(`At most 1 audio(s) may be provided in one request.`)
    return null
  }

  /** Sends the scripted answer, with a reply fault applied. */
  function reply(res: ServerResponse, body: ChatBody, fault: Fault): void {
    const model = typeof body.model === 'string' ? body.model : (opts.model ?? 'cnpm')
    if (fault.kind === 'not-json')
      return send(
        res,
        200,
        'text/html',
        '<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>',
      )
    if (fault.kind === 'no-choices')
      return json(res, 200, { id: 'chatcmpl-x', object: 'chat.completion', model })
    let text = fault.kind === 'huge' ? '宫'.repeat(fault.chars ?? 100_000) : nextReply()
    let finish = 'stop'
    const maxTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? Infinity)
    // One character stands in for one token: enough to exercise finish_reason "length".
    if (fault.kind !== 'huge' && text.length > maxTokens) {
      text = text.slice(0, maxTokens)
      finish = 'length'
    }
    const id = 'chatcmpl-' + Math.random().toString(16).slice(2)
    const created = Math.floor(Date.now() / 1000)
    if (body.stream === true) return stream(res, { id, created, model, text, finish, fault })
    const payload = JSON.stringify({
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
      usage: { prompt_tokens: 1, completion_tokens: text.length, total_tokens: text.length + 1 },
    })
    if (fault.kind === 'cut-off') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) })
      res.write(payload.slice(0, Math.floor(payload.length / 2)))
      return void setTimeout(() => res.destroy(), 5)
    }
    return send(res, 200, 'application/json', payload)
  }

  function stream(
    res: ServerResponse,
    r: { id: string; created: number; model: string; text: string; finish: string; fault: Fault },
  ): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' })
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id: r.id, object: 'chat.completion.chunk', created: r.created, model: r.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
    const size = opts.chunkChars ?? 4
    const pieces: string[] = []
    for (let i = 0; i < r.text.length; i += size) pieces.push(r.text.slice(i, i + size))
    const events = [
      chunk({ role: 'assistant', content: '' }, null),
      ...pieces.map((p) => chunk({ content: p }, null)),
    ]
    if (r.fault.kind === 'cut-off') {
      res.write(events.slice(0, Math.max(2, Math.ceil(events.length / 2))).join(''))
      // A half-written event too, as a proxy timeout leaves it.
      res.write('data: {"id":"')
      return void setTimeout(
        () => (r.fault.kind === 'cut-off' && r.fault.how === 'destroy' ? res.destroy() : res.end()),
        5,
      )
    }
    events.push(chunk({}, r.finish), 'data: [DONE]\n\n')
    res.end(events.join(''))
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight
    },
    setFaults: (f) => void (faults = [...f]),
    setReplies: (r) => {
      replies = [...r]
      replyIndex = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The parts of a chat request the checks read; everything is unknown until checked. */
interface ChatBody {
  model?: unknown
  messages: { role: string; content: Part[] | string | null }[]
  stream?: unknown
  n?: unknown
  max_tokens?: unknown
  max_completion_tokens?: unknown
}
type Part = {
  type?: string
  text?: unknown
  audio_url?: { url?: unknown }
  input_audio?: { data?: unknown; format?: unknown }
}

const TOO_LARGE = Buffer.alloc(0)

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY_BYTES) chunks.push(c)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value))
}

/** Finds the one audio part and checks it against the flavour's rules and the project's WAV contract. */
function audioOf(
  body: ChatBody,
  flavour: Flavour,
): { problem: string } | { sampleRate: number; channels: number; seconds: number } {
  const parts = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []))
  const part = parts.find((p) => p.type === 'audio_url' || p.type === 'input_audio')
  if (!part) return { problem: 'No audio in the request.' }
  let base64: string
  if (part.type === 'audio_url') {
    const url = String(part.audio_url?.url ?? '')
    const match =
      flavour === 'llamafactory' ? LF_AUDIO_URL.exec(url) : /^data:audio\/[\w.+-]+;base64,(.+)$/s.exec(url)
    // LLaMA-Factory hands any other URL to requests.get, which fails on a data: URL of another type.
    if (!match) return { problem: `Cannot load audio from "${url.slice(0, 40)}": not a supported data URL.` }
    base64 = match[match.length - 1]
  } else {
    if (typeof part.input_audio?.data !== 'string')
      return { problem: 'input_audio.data must be a base64 string.' }
    base64 = part.input_audio.data
  }
  return checkWav(Buffer.from(base64, 'base64'))
}

/** The project's contract for model audio: RIFF/WAVE, PCM 16-bit, mono, 16 kHz, 0 < length ≤ 30 s. */
export function checkWav(
  b: Buffer,
): { problem: string } | { sampleRate: number; channels: number; seconds: number } {
  if (b.length < 44 || b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE')
    return { problem: 'Audio is not a RIFF/WAVE file.' }
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | null = null
  for (let at = 12; at + 8 <= b.length;) {
    const id = b.toString('ascii', at, at + 4)
    const size = b.readUInt32LE(at + 4)
    if (id === 'fmt ')
      fmt = {
        format: b.readUInt16LE(at + 8),
        channels: b.readUInt16LE(at + 10),
        sampleRate: b.readUInt32LE(at + 12),
        bits: b.readUInt16LE(at + 22),
      }
    if (id === 'data') {
      if (!fmt) return { problem: 'WAV data chunk before fmt chunk.' }
      if (fmt.format !== 1 || fmt.bits !== 16)
        return { problem: `WAV must be 16-bit PCM, got format ${fmt.format}, ${fmt.bits}-bit.` }
      if (fmt.channels !== 1) return { problem: `WAV must be mono, got ${fmt.channels} channels.` }
      if (fmt.sampleRate !== 16_000) return { problem: `WAV must be 16000 Hz, got ${fmt.sampleRate} Hz.` }
      const bytes = Math.min(size, b.length - at - 8)
      const seconds = bytes / 2 / 16_000
      if (bytes < 2) return { problem: 'WAV has no samples.' }
      if (seconds > 30) return { problem: `WAV is ${seconds.toFixed(1)} s long; at most 30 s is read.` }
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, seconds }
    }
    at += 8 + size + (size % 2)
  }
  return { problem: 'WAV has no data chunk.' }
}

/** A WAV of a 440 Hz tone with any header facts, to build both valid and invalid test audio. */
export function makeTestWav(
  opts: {
    sampleRate?: number
    channels?: number
    bits?: 8 | 16 | 32
    seconds?: number
    format?: number
  } = {},
): Uint8Array {
  const { sampleRate = 16_000, channels = 1, bits = 16, seconds = 1, format = 1 } = opts
  const frames = Math.round(sampleRate * seconds)
  const blockAlign = channels * (bits / 8)
  const b = Buffer.alloc(44 + frames * blockAlign)
  b.write('RIFF', 0, 'ascii')
  b.writeUInt32LE(36 + frames * blockAlign, 4)
  b.write('WAVEfmt ', 8, 'ascii')
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(format, 20)
  b.writeUInt16LE(channels, 22)
  b.writeUInt32LE(sampleRate, 24)
  b.writeUInt32LE(sampleRate * blockAlign, 28)
  b.writeUInt16LE(blockAlign, 32)
  b.writeUInt16LE(bits, 34)
  b.write('data', 36, 'ascii')
  b.writeUInt32LE(frames * blockAlign, 40)
  if (bits === 16)
    for (let i = 0; i < frames * channels; i++)
      b.writeInt16LE(
        Math.round(8000 * Math.sin((2 * Math.PI * 440 * Math.floor(i / channels)) / sampleRate)),
        44 + i * 2,
      )
  return new Uint8Array(b.buffer, b.byteOffset, b.length)
}
