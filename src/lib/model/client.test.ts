import { afterEach, describe, expect, it, vi } from 'vitest'
import { askModel, ModelError, type AskOptions, type ModelSettings } from './index.ts'
import {
  makeTestWav,
  startModelServer,
  type Fault,
  type ModelServer,
  type ModelServerOptions,
} from '../../../tests/support/model-server.ts'

const KEY = 'sk-test-7f3a9c21'
const WAV = makeTestWav({ seconds: 2 })

let server: ModelServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function setup(
  opts: Partial<ModelServerOptions> & Pick<ModelServerOptions, 'flavour'>,
  overrides: Partial<ModelSettings> = {},
) {
  server = await startModelServer({ apiKey: KEY, model: 'cnpm', ...opts })
  const settings: ModelSettings = {
    baseUrl: `${server.url}/v1`,
    apiKey: KEY,
    model: 'cnpm',
    protocol: opts.flavour === 'llamafactory' ? 'llamafactory' : 'openai',
    question: '这段音乐是什么调式?',
    timeoutMs: 5_000,
    stream: false,
    ...overrides,
  }
  return settings
}

/** Instant, recorded sleeps: retries run without waiting. */
function fakeTime() {
  const sleeps: number[] = []
  const opts: AskOptions = {
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    now: () => 1_000_000,
  }
  return { sleeps, opts }
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ModelError)
  return e as ModelError
}

describe('askModel against the test server', () => {
  it.each(['llamafactory', 'vllm'] as const)(
    '%s: sends the exact body and returns the answer',
    async (flavour) => {
      const settings = await setup(
        { flavour, replies: ['D商五声'] },
        { systemPrompt: 'Answer with a CNPM label.' },
      )
      const reply = await askModel(settings, WAV)
      expect(reply).toMatchObject({ raw: 'D商五声', finishReason: 'stop', model: 'cnpm', attempts: 1 })
      const req = server!.requests[0]
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`)
      expect(req.audio).toEqual({ sampleRate: 16000, channels: 1, seconds: 2 })
      const body = req.body as { messages: { role: string; content: { type: string }[] }[] } & Record<
        string,
        unknown
      >
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'user'])
      expect(body.messages[1].content.map((p) => p.type)).toEqual(
        flavour === 'llamafactory' ? ['audio_url', 'text'] : ['input_audio', 'text'],
      )
      if (flavour === 'llamafactory') expect(body).toMatchObject({ max_tokens: 64, temperature: 0.01 })
      else expect(body).toMatchObject({ max_completion_tokens: 64, temperature: 0 })
    },
  )

  it.each(['llamafactory', 'vllm'] as const)(
    '%s: streams deltas in order and ends with the full text',
    async (flavour) => {
      const answer = '这段音乐是A羽调式，属于C宫系统。'
      const settings = await setup({ flavour, replies: [answer], chunkChars: 3 }, { stream: true })
      const deltas: string[] = []
      const reply = await askModel(settings, WAV, { onDelta: (d, text) => deltas.push(`${d}|${text}`) })
      expect(reply.raw).toBe(answer)
      expect(deltas.length).toBe(Math.ceil(answer.length / 3))
      expect(deltas.map((d) => d.split('|')[0]).join('')).toBe(answer)
      expect(deltas.at(-1)).toBe(`${answer.slice(-2)}|${answer}`)
    },
  )

  it('reports finish_reason "length" when max_tokens cut the answer', async () => {
    const settings = await setup(
      { flavour: 'vllm', replies: ['The piece is in the Yu mode on A.'] },
      { maxTokens: 10 },
    )
    const reply = await askModel(settings, WAV)
    expect(reply).toMatchObject({ raw: 'The piece ', finishReason: 'length' })
  })

  it('refuses audio that breaks the contract before sending anything', async () => {
    const settings = await setup({ flavour: 'llamafactory' })
    const e = await failure(askModel(settings, makeTestWav({ sampleRate: 44100 })))
    expect(e.kind).toBe('bad-request')
    expect(e.message).toMatch(/16000 Hz, got 44100 Hz/)
    expect(server!.requests).toHaveLength(0)
  })
})

describe('askModel failures', () => {
  const cases: [
    string,
    'llamafactory' | 'vllm',
    Fault[],
    Partial<ModelSettings>,
    ModelError['kind'],
    number,
  ][] = [
    ['401 (wrong key)', 'llamafactory', [], { apiKey: 'sk-wrong-000000' }, 'auth', 1],
    ['403', 'vllm', [{ kind: 'status', status: 403 }], {}, 'auth', 1],
    ['404 unknown model (vLLM)', 'vllm', [], { model: 'qwen2-audio' }, 'model-not-found', 1],
    [
      '404 path',
      'vllm',
      [{ kind: 'status', status: 404, body: '{"detail":"Not Found"}' }],
      {},
      'not-found',
      1,
    ],
    ['302 redirect (not a 404)', 'vllm', [{ kind: 'status', status: 302 }], {}, 'redirect', 1],
    ['413', 'vllm', [{ kind: 'status', status: 413 }], {}, 'too-large', 1],
    ['500 (not retried)', 'vllm', [{ kind: 'status', status: 500 }], {}, 'server', 1],
    ['422 input_audio to LLaMA-Factory', 'llamafactory', [], { protocol: 'openai' }, 'bad-request', 1],
    ['not JSON', 'vllm', [{ kind: 'not-json' }], {}, 'bad-reply', 1],
    ['no choices', 'llamafactory', [{ kind: 'no-choices' }], {}, 'bad-reply', 1],
    ['huge reply', 'vllm', [{ kind: 'huge' }], {}, 'too-long', 1],
    ['huge streamed reply', 'vllm', [{ kind: 'huge' }], { stream: true }, 'too-long', 1],
    [
      'cut-off stream (clean end)',
      'llamafactory',
      [{ kind: 'cut-off', how: 'end' }],
      { stream: true },
      'cut-off',
      1,
    ],
    ['cut-off stream (reset)', 'vllm', [{ kind: 'cut-off', how: 'destroy' }], { stream: true }, 'cut-off', 1],
    // The server answered and the body broke off: cut off, not "could not reach the server".
    ['cut-off reply (not streamed)', 'vllm', [{ kind: 'cut-off' }], {}, 'cut-off', 1],
    ['network drop ×3', 'vllm', [{ kind: 'drop' }, { kind: 'drop' }, { kind: 'drop' }], {}, 'network', 3],
    ['503 ×3', 'vllm', Array(3).fill({ kind: 'status', status: 503 }), {}, 'server', 3],
    [
      '502 ×5 (bounded at 3)',
      'llamafactory',
      Array(5).fill({ kind: 'status', status: 502 }),
      {},
      'server',
      3,
    ],
    ['504 ×3', 'vllm', Array(3).fill({ kind: 'status', status: 504 }), {}, 'server', 3],
  ]
  it.each(cases)('%s (%s server)', async (_name, flavour, faults, overrides, kind, attempts) => {
    const settings = await setup({ flavour, faults, replies: ['x'.repeat(30)] }, overrides)
    const { opts } = fakeTime()
    const e = await failure(askModel(settings, WAV, opts))
    expect(e.kind).toBe(kind)
    expect(e.attempts).toBe(attempts)
    expect(server!.requests).toHaveLength(attempts)
    // The key never leaks into what the UI shows.
    for (const text of [e.message, e.hint ?? '', e.partialText ?? '', String(e.stack)])
      expect(text).not.toContain(KEY)
  })

  it('keeps the partial text of a cut-off stream', async () => {
    const settings = await setup(
      { flavour: 'vllm', faults: [{ kind: 'cut-off' }], replies: ['C宫系统 A羽调式，结束'] },
      { stream: true },
    )
    const deltas: string[] = []
    const e = await failure(askModel(settings, WAV, { onDelta: (d) => deltas.push(d) }))
    expect(e.partialText).toBe(deltas.join(''))
    expect(e.partialText!.length).toBeGreaterThan(0)
    expect('C宫系统 A羽调式，结束'.startsWith(e.partialText!)).toBe(true)
  })

  it('retries 503 then succeeds, with exponential backoff and jitter', async () => {
    const settings = await setup({
      flavour: 'vllm',
      faults: [{ kind: 'status', status: 503 }, { kind: 'drop' }],
      replies: ['G徵五声'],
    })
    const { sleeps, opts } = fakeTime()
    const retries: number[] = []
    const reply = await askModel(settings, WAV, { ...opts, onRetry: (n) => retries.push(n.attempt) })
    expect(reply).toMatchObject({ raw: 'G徵五声', attempts: 3 })
    // random() = 0.5 → ¾ of the ceiling: 500 ms then 1000 ms ceilings.
    expect(sleeps).toEqual([375, 750])
    expect(retries).toEqual([1, 2])
  })

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    const date = new Date(now + 4_000).toUTCString()
    const settings = await setup({
      flavour: 'vllm',
      faults: [
        { kind: 'rate-limit', retryAfter: '2' },
        { kind: 'rate-limit', retryAfter: date },
      ],
    })
    const sleeps: number[] = []
    const reply = await askModel(settings, WAV, { sleep: async (ms) => void sleeps.push(ms), now: () => now })
    expect(reply.attempts).toBe(3)
    expect(sleeps).toEqual([2000, 4000])
  })

  it('does not wait out a Retry-After longer than the cap: it throws it for the UI', async () => {
    const settings = await setup({ flavour: 'vllm', faults: [{ kind: 'rate-limit', retryAfter: '120' }] })
    const { sleeps, opts } = fakeTime()
    const e = await failure(askModel(settings, WAV, opts))
    expect(e).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 120_000, attempts: 1 })
    expect(sleeps).toEqual([])
  })

  it('times out a server that does not answer', async () => {
    const settings = await setup(
      { flavour: 'llamafactory', faults: [{ kind: 'delay', ms: 2_000 }] },
      { timeoutMs: 100 },
    )
    const e = await failure(askModel(settings, WAV, fakeTime().opts))
    expect(e.kind).toBe('timeout')
    expect(e.attempts).toBe(1)
  })

  it('aborts an in-flight request', async () => {
    const settings = await setup({ flavour: 'vllm', faults: [{ kind: 'delay', ms: 2_000 }] })
    const controller = new AbortController()
    const pending = askModel(settings, WAV, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    expect((await failure(pending)).kind).toBe('aborted')
  })

  it('aborts while waiting to retry, and never sends again', async () => {
    const settings = await setup({ flavour: 'vllm', faults: [{ kind: 'status', status: 503 }] })
    const controller = new AbortController()
    const sleep = vi.fn(async (_ms: number, signal?: AbortSignal) => {
      controller.abort()
      if (signal?.aborted) throw signal.reason
    })
    const e = await failure(askModel(settings, WAV, { signal: controller.signal, sleep }))
    expect(e.kind).toBe('aborted')
    expect(sleep).toHaveBeenCalledOnce()
    expect(server!.requests).toHaveLength(1)
  })

  it('says "network error or CORS blocked" when nothing listens', async () => {
    const settings = await setup({ flavour: 'vllm' })
    await server!.close()
    server = undefined
    const e = await failure(askModel(settings, WAV, { ...fakeTime().opts, retry: { maxAttempts: 1 } }))
    expect(e.kind).toBe('network')
    expect(e.message).toMatch(/network error or CORS blocked \(connection refused\)/)
  })
})
