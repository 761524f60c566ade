import { afterEach, describe, expect, it } from 'vitest'
import { makeTestWav, startModelServer, type ModelServer } from './model-server.ts'

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const WAV = b64(makeTestWav())

const lfAudio = (url: string) => ({ type: 'audio_url', audio_url: { url } })
const vllmAudio = (data: string) => ({ type: 'input_audio', input_audio: { data, format: 'wav' } })
const text = { type: 'text', text: '这段音乐是什么调式?' }
const user = (...parts: object[]) => ({ role: 'user', content: parts })

let server: ModelServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server!.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: await res.text(), headers: res.headers }
}

describe('test server, LLaMA-Factory flavour', () => {
  it('answers a well-formed request with a chat.completion from the script, ignoring the model name', async () => {
    server = await startModelServer({ flavour: 'llamafactory', replies: ['D商五声'] })
    const res = await post({
      model: 'anything',
      messages: [user(lfAudio(`data:audio/wav;base64,${WAV}`), text)],
    })
    expect(res.status).toBe(200)
    const json = JSON.parse(res.body)
    expect(json.choices[0].message.content).toBe('D商五声')
    expect(json.model).toBe('anything')
    expect(server.requests[0].audio).toEqual({ sampleRate: 16000, channels: 1, seconds: 1 })
  })

  it.each([
    ['input_audio part', [user(vllmAudio(WAV), text)], 422],
    ['audio/webm data URL', [user(lfAudio(`data:audio/webm;base64,${WAV}`), text)], 400],
    ['audio/x-wav data URL', [user(lfAudio(`data:audio/x-wav;base64,${WAV}`), text)], 400],
    [
      '44.1 kHz WAV',
      [user(lfAudio(`data:audio/wav;base64,${b64(makeTestWav({ sampleRate: 44100 }))}`), text)],
      400,
    ],
    ['stereo WAV', [user(lfAudio(`data:audio/wav;base64,${b64(makeTestWav({ channels: 2 }))}`), text)], 400],
    ['8-bit WAV', [user(lfAudio(`data:audio/wav;base64,${b64(makeTestWav({ bits: 8 }))}`), text)], 400],
    ['31 s WAV', [user(lfAudio(`data:audio/wav;base64,${b64(makeTestWav({ seconds: 31 }))}`), text)], 400],
    [
      'mp3 that is not audio',
      [user(lfAudio(`data:audio/mp3;base64,${b64(new Uint8Array(100))}`), text)],
      400,
    ],
    ['two user messages', [user(lfAudio(`data:audio/wav;base64,${WAV}`)), user(text)], 400],
    [
      'ending with assistant',
      [user(lfAudio(`data:audio/wav;base64,${WAV}`), text), { role: 'assistant', content: 'x' }],
      400,
    ],
    ['assistant first', [{ role: 'assistant', content: 'x' }], 400],
    ['no messages', [], 400],
    ['an unknown role', [{ role: 'robot', content: 'x' }], 422],
  ])('rejects %s', async (_name, messages, status) => {
    server = await startModelServer({ flavour: 'llamafactory' })
    const res = await post({ model: 'cnpm', messages })
    expect(res.status).toBe(status)
    expect(JSON.parse(res.body)).toHaveProperty('detail')
  })

  it('accepts a system message before the user message', async () => {
    server = await startModelServer({ flavour: 'llamafactory' })
    const res = await post({
      model: 'cnpm',
      messages: [
        { role: 'system', content: 'You are a music theorist.' },
        user(lfAudio(`data:audio/wav;base64,${WAV}`), text),
      ],
    })
    expect(res.status).toBe(200)
  })

  it("requires the Bearer key when one is set, with LLaMA-Factory's message", async () => {
    server = await startModelServer({ flavour: 'llamafactory', apiKey: 'sekrit-123' })
    const body = { model: 'cnpm', messages: [user(lfAudio(`data:audio/wav;base64,${WAV}`), text)] }
    const missing = await post(body)
    expect(missing.status).toBe(401)
    expect(JSON.parse(missing.body)).toEqual({ detail: 'Invalid API key.' })
    expect((await post(body, { Authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await post(body, { Authorization: 'Bearer sekrit-123' })).status).toBe(200)
  })

  it('answers a CORS preflight without the key and puts Allow-Origin * on every reply', async () => {
    server = await startModelServer({ flavour: 'llamafactory', apiKey: 'k-123456' })
    const pre = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })
    expect(pre.status).toBe(200)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,content-type')
    const denied = await post({})
    expect(denied.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('streams SSE chunks ending with data: [DONE]', async () => {
    server = await startModelServer({ flavour: 'llamafactory', replies: ['C宫系统 A羽调式'], chunkChars: 2 })
    const res = await post({
      model: 'cnpm',
      stream: true,
      messages: [user(lfAudio(`data:audio/wav;base64,${WAV}`), text)],
    })
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const events = res.body.split('\n\n').filter(Boolean)
    expect(events.at(-1)).toBe('data: [DONE]')
    const joined = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice(6)).choices[0].delta.content ?? '')
      .join('')
    expect(joined).toBe('C宫系统 A羽调式')
  })

  it('lists API_MODEL_NAME at /v1/models with owned_by "owner", and 404s unknown paths', async () => {
    server = await startModelServer({ flavour: 'llamafactory' })
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: object[] }
    expect(models.data[0]).toMatchObject({ id: 'gpt-3.5-turbo', owned_by: 'owner' })
    expect((await fetch(`${server.url}/chat/completions`, { method: 'POST' })).status).toBe(404)
  })

  it('answers unparseable JSON with 422', async () => {
    server = await startModelServer({ flavour: 'llamafactory' })
    expect((await post('{not json')).status).toBe(422)
  })
})

describe('test server, vLLM flavour', () => {
  it('accepts input_audio and audio_url, and answers with the served model name', async () => {
    server = await startModelServer({ flavour: 'vllm', model: 'cnpm', replies: ['E商七声清乐'] })
    const a = await post({ model: 'cnpm', messages: [user(vllmAudio(WAV), text)] })
    expect(a.status).toBe(200)
    expect(JSON.parse(a.body).choices[0].message.content).toBe('E商七声清乐')
    const b = await post({ model: 'cnpm', messages: [user(lfAudio(`data:audio/wav;base64,${WAV}`), text)] })
    expect(b.status).toBe(200)
  })

  it("404s an unknown model name with vLLM's message", async () => {
    server = await startModelServer({ flavour: 'vllm', model: 'cnpm' })
    const res = await post({ model: 'qwen', messages: [user(vllmAudio(WAV), text)] })
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body).error.message).toBe('The model `qwen` does not exist.')
  })

  it.each([
    ['44.1 kHz', makeTestWav({ sampleRate: 44100 })],
    ['stereo', makeTestWav({ channels: 2 })],
    ['31 s', makeTestWav({ seconds: 31 })],
    ['float WAV', makeTestWav({ format: 3, bits: 32 })],
  ])('rejects %s audio with 400 and says why', async (_name, wav) => {
    server = await startModelServer({ flavour: 'vllm' })
    const res = await post({ model: 'cnpm', messages: [user(vllmAudio(b64(wav)), text)] })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.message).toMatch(/WAV/)
  })

  it('rejects two audio parts (limit_mm_per_prompt) and answers 401 {"error":"Unauthorized"} without the key', async () => {
    server = await startModelServer({ flavour: 'vllm', apiKey: 'vk-999999' })
    expect(await post({ model: 'cnpm', messages: [user(vllmAudio(WAV), text)] })).toMatchObject({
      status: 401,
      body: '{"error":"Unauthorized"}',
    })
    const two = await post(
      { model: 'cnpm', messages: [user(vllmAudio(WAV), vllmAudio(WAV), text)] },
      { Authorization: 'Bearer vk-999999' },
    )
    expect(two.status).toBe(400)
  })
})

describe('test server faults', () => {
  it('applies faults in order, one per request, then answers normally', async () => {
    server = await startModelServer({
      flavour: 'vllm',
      faults: [
        { kind: 'status', status: 503 },
        { kind: 'rate-limit', retryAfter: '7' },
        { kind: 'not-json' },
      ],
    })
    const body = { model: 'cnpm', messages: [user(vllmAudio(WAV), text)] }
    expect((await post(body)).status).toBe(503)
    const limited = await post(body)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect((await post(body)).body).toMatch(/^<!DOCTYPE html>/)
    expect((await post(body)).status).toBe(200)
    expect(server.requests.map((r) => r.status)).toEqual([503, 429, 200, 200])
  })

  it('drops the connection on a drop fault', async () => {
    server = await startModelServer({ flavour: 'vllm', faults: [{ kind: 'drop' }] })
    await expect(post({ model: 'cnpm', messages: [user(vllmAudio(WAV), text)] })).rejects.toThrow(TypeError)
  })
})
