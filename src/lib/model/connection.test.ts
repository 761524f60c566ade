import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_MODEL_SETTINGS, testConnection, type ModelSettings } from './index.ts'
import {
  startModelServer,
  type ModelServer,
  type ModelServerOptions,
} from '../../../tests/support/model-server.ts'

let server: ModelServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function setup(
  opts: ModelServerOptions,
  overrides: Partial<ModelSettings> = {},
): Promise<ModelSettings> {
  server = await startModelServer(opts)
  return { ...DEFAULT_MODEL_SETTINGS, baseUrl: server.url, timeoutMs: 5_000, ...overrides }
}

describe('testConnection', () => {
  it('LLaMA-Factory: ok with the reply, whatever /v1/models lists', async () => {
    const settings = await setup(
      { flavour: 'llamafactory', apiKey: 'lf-key-1', replies: ['D商五声'] },
      { apiKey: 'lf-key-1' },
    )
    const report = await testConnection(settings)
    expect(report).toMatchObject({ ok: true, kind: 'ok', flavour: 'llamafactory', models: ['gpt-3.5-turbo'] })
    expect(report.reply?.raw).toBe('D商五声')
    expect(server!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
    ])
  })

  it('vLLM: names the served models when the model name is wrong, before sending audio', async () => {
    const settings = await setup(
      { flavour: 'vllm', model: 'cnpm-merged' },
      { protocol: 'openai', model: 'cnpm' },
    )
    const report = await testConnection(settings)
    expect(report).toMatchObject({ ok: false, kind: 'model-not-found', flavour: 'vllm' })
    expect(report.message).toContain('cnpm-merged')
    expect(server!.requests).toHaveLength(1)
  })

  it('a bad key is an auth failure that does not echo the key', async () => {
    const settings = await setup(
      { flavour: 'vllm', apiKey: 'right-key-1' },
      { protocol: 'openai', apiKey: 'wrong-key-2' },
    )
    const report = await testConnection(settings)
    expect(report).toMatchObject({ ok: false, kind: 'auth', status: 401 })
    expect(JSON.stringify(report)).not.toContain('wrong-key-2')
  })

  it('the OpenAI protocol against LLaMA-Factory says to switch protocol', async () => {
    const settings = await setup({ flavour: 'llamafactory' }, { protocol: 'openai' })
    const report = await testConnection(settings)
    expect(report).toMatchObject({ ok: false, kind: 'bad-request', status: 422 })
    expect(report.hint).toMatch(/LLaMA-Factory API/)
  })

  it('a reply that is not a chat completion is bad-reply', async () => {
    const settings = await setup({ flavour: 'llamafactory', faults: [{ kind: 'no-choices' }] })
    expect(await testConnection(settings)).toMatchObject({ ok: false, kind: 'bad-reply' })
  })

  it('invalid settings are reported without any request', async () => {
    expect(await testConnection({ ...DEFAULT_MODEL_SETTINGS, baseUrl: 'localhost:8000' })).toMatchObject({
      ok: false,
      kind: 'invalid-settings',
    })
  })

  it('unreachable: network, or cors when a no-cors probe gets through', async () => {
    const settings = await setup({ flavour: 'vllm' })
    await server!.close()
    server = undefined
    expect(await testConnection(settings, { probeNoCors: true })).toMatchObject({
      ok: false,
      kind: 'network',
    })
    // A fetch that fails CORS-mode requests but lets the opaque no-cors probe through, as a browser would.
    const corsBlocked: typeof fetch = async (_url, init) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 })
      throw new TypeError('Failed to fetch')
    }
    expect(await testConnection(settings, { fetch: corsBlocked, probeNoCors: true })).toMatchObject({
      ok: false,
      kind: 'cors',
    })
  })
})
