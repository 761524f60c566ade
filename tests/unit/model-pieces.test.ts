import { describe, expect, it } from 'vitest'
import {
  backoffDelay,
  buildRequest,
  bytesToBase64,
  bytesToBase64Btoa,
  DEFAULT_MODEL_SETTINGS,
  DEFAULT_RETRY_POLICY,
  dequeue,
  endpointUrl,
  enqueue,
  markFailed,
  nextDue,
  parseCompletion,
  parseRetryAfter,
  retryAllNow,
  serverMessage,
  silentWav,
  SseParser,
  validateSettings,
  wavProblem,
  type ModelSettings,
  type OfflineQueue,
} from '../../src/lib/model/index.ts'

const settings: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://10.0.0.5:8000' }

describe('validateSettings', () => {
  it.each([
    'http://h:8000',
    'http://h:8000/v1',
    'http://h:8000/v1/',
    'https://lab.edu/cnpm/v1',
    'http://localhost:8000',
  ])('accepts %s and targets /v1/chat/completions once', (baseUrl) => {
    expect(validateSettings({ ...settings, baseUrl })).toEqual([])
    expect(endpointUrl(baseUrl, 'chat')).toMatch(/[^/]\/v1\/chat\/completions$/)
    expect(endpointUrl(baseUrl, 'chat')).not.toMatch(/v1\/v1/)
  })

  it.each([
    ['', 'required'],
    ['h:8000', 'not-http'],
    ['192.168.1.2:8000', 'invalid-url'],
    ['ftp://h', 'not-http'],
    ['http://user:pw@h:8000', 'credentials-in-url'],
    ['http://h:8000/v1/chat/completions', 'endpoint-in-url'],
    ['http://h:8000/?x=1', 'query-in-url'],
  ])('rejects base URL %j with %s', (baseUrl, code) => {
    expect(validateSettings({ ...settings, baseUrl })[0]).toMatchObject({ field: 'baseUrl', code })
  })

  it('flags an http server from an https page, but not loopback', () => {
    expect(validateSettings(settings, { pageProtocol: 'https:' })[0]?.code).toBe('mixed-content')
    expect(
      validateSettings({ ...settings, baseUrl: 'http://127.0.0.1:8000' }, { pageProtocol: 'https:' }),
    ).toEqual([])
  })

  it('checks the other fields', () => {
    const codes = validateSettings({
      ...settings,
      model: ' ',
      question: '',
      apiKey: 'abc def',
      timeoutMs: 10,
    }).map((p) => p.code)
    expect(codes).toEqual(['required', 'required', 'invalid-key', 'invalid-timeout'])
  })
})

describe('buildRequest', () => {
  const wav = silentWav(0.01)
  it('LLaMA-Factory: optional system message, audio_url data URL first, max_tokens, temperature 0.01', () => {
    const body = buildRequest({ ...settings, systemPrompt: 'Be brief.' }, wav)
    expect(body).toEqual({
      model: 'cnpm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            {
              type: 'audio_url',
              audio_url: { url: `data:audio/wav;base64,${Buffer.from(wav).toString('base64')}` },
            },
            { type: 'text', text: '这段音乐是什么调式?' },
          ],
        },
      ],
      max_tokens: 64,
      temperature: 0.01,
      stream: false,
    })
  })

  it('OpenAI/vLLM: input_audio {data, format}, max_completion_tokens, temperature 0', () => {
    const body = buildRequest({ ...settings, protocol: 'openai', stream: true }, wav)
    expect(body.messages).toHaveLength(1)
    expect(body.messages[0].content[0]).toEqual({
      type: 'input_audio',
      input_audio: { data: Buffer.from(wav).toString('base64'), format: 'wav' },
    })
    expect(body).toMatchObject({ max_completion_tokens: 64, temperature: 0, stream: true })
    expect(body).not.toHaveProperty('max_tokens')
  })
})

describe('base64', () => {
  it('the btoa path matches Buffer on 1 MB of random bytes, at an odd offset', () => {
    const all = new Uint8Array(1_000_003)
    for (let i = 0; i < all.length; i++) all[i] = (i * 2654435761) >>> 24
    const bytes = all.subarray(1)
    const expected = Buffer.from(bytes).toString('base64')
    expect(bytesToBase64Btoa(bytes)).toBe(expected)
    expect(bytesToBase64(bytes)).toBe(expected)
  })
})

describe('SseParser', () => {
  it('joins events split anywhere, with \\r\\n split across chunks, comments and multi-line data', () => {
    const p = new SseParser()
    const out = [
      ...p.push(': keep-alive\r'),
      ...p.push('\ndata: {"a":1}\r'),
      ...p.push('\n\r\ndata:x\ndata: y\n'),
      ...p.push('\nevent: other\ndata: [DONE]\n\n'),
    ]
    expect(out).toEqual(['{"a":1}', 'x\ny', '[DONE]'])
    expect(p.pending).toBe(false)
    p.push('data: half')
    expect(p.pending).toBe(true)
  })
})

describe('retry timing', () => {
  it('reads Retry-After as seconds or an HTTP date, and ignores junk', () => {
    const now = Date.parse('2025-03-01T12:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-1', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('backs off exponentially within [ceiling/2, ceiling], capped', () => {
    const p = DEFAULT_RETRY_POLICY
    expect([1, 2, 3].map((n) => backoffDelay(n, p, () => 0))).toEqual([250, 500, 1000])
    expect([1, 2, 3].map((n) => backoffDelay(n, p, () => 1))).toEqual([500, 1000, 2000])
    expect(backoffDelay(30, p, () => 1)).toBe(p.maxDelayMs)
  })
})

describe('reply parsing', () => {
  it.each([
    ['', /empty/],
    ['<html>', /not JSON/],
    ['[]', /not an object/],
    ['{"object":"chat.completion"}', /no "choices"/],
    ['{"choices":[]}', /"choices" is empty/],
    ['{"choices":[{}]}', /no "message"/],
    ['{"choices":[{"message":{"content":null}}]}', /content is null/],
    ['{"error":{"message":"CUDA out of memory"}}', /CUDA out of memory/],
  ])('%j → bad-reply saying what is wrong', (body, message) => {
    expect(() => parseCompletion(body)).toThrow(message)
  })

  it('quotes FastAPI, vLLM and OpenAI error bodies', () => {
    expect(serverMessage('{"detail":"Invalid API key."}')).toBe('Invalid API key.')
    expect(serverMessage('{"detail":[{"msg":"Field required"},{"msg":"bad type"}]}')).toBe(
      'Field required; bad type',
    )
    expect(serverMessage('{"error":{"message":"The model `x` does not exist."}}')).toBe(
      'The model `x` does not exist.',
    )
    expect(serverMessage('{"object":"error","message":"m"}')).toBe('m')
    expect(serverMessage('Bad   Gateway\n')).toBe('Bad Gateway')
  })
})

describe('wavProblem', () => {
  it('accepts the contract and names what is wrong otherwise', () => {
    expect(wavProblem(silentWav(0.5))).toBeNull()
    expect(wavProblem(silentWav(30))).toBeNull()
    expect(wavProblem(silentWav(30.1))).toMatch(/at most 30 s/)
    expect(wavProblem(new Uint8Array(50))).toMatch(/not a valid WAV/)
  })
})

describe('offline queue', () => {
  const policy = { maxItems: 2, maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 5000 }
  it('queues, backs off after failures, gives up, and refuses when full', () => {
    let q: OfflineQueue<string> = []
    q = enqueue(q, { id: 'a', payload: 'clip-a' }, 100, policy).queue
    q = enqueue(q, { id: 'b', payload: 'clip-b' }, 200, policy).queue
    expect(enqueue(q, { id: 'c', payload: 'clip-c' }, 300, policy).accepted).toBe(false)
    expect(nextDue(q, 300)?.id).toBe('a')
    q = markFailed(q, 'a', 'network', 300, policy)
    expect(q[0]).toMatchObject({ attempts: 1, notBefore: 1300, lastError: 'network', gaveUp: false })
    expect(nextDue(q, 300)?.id).toBe('b')
    expect(nextDue(retryAllNow(q, 400), 400)?.id).toBe('a')
    q = markFailed(q, 'a', 'network', 1300, policy)
    expect(q[0]).toMatchObject({ attempts: 2, gaveUp: true })
    q = dequeue(q, 'b')
    expect(nextDue(q, 1e9)).toBeUndefined()
    expect(q.map((i) => i.id)).toEqual(['a'])
  })
})
