import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../store/memory-store.ts'
import { isSecretSetting } from '../../store/schema.ts'
import { StoreError } from '../../store/errors.ts'
import { labelFromTonic } from '../../theory/label.ts'
import { parseAnswer } from '../../theory/answer.ts'
import type { AnalysisResult } from '../../analysis/types.ts'
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../../model/index.ts'
import { agreement } from './agreement.ts'
import { ModelState } from './model.svelte.ts'
import { MODEL_SETTING_KEYS, settingsFromValues, settingsSnapshot } from './settings.ts'
import type { ModelDeps, ModelStore } from './types.ts'
import type { ClipAudio } from '../analyze.svelte.ts'
import { makeTestWav, startModelServer, type ModelServer } from '../../../../tests/support/model-server.ts'

const KEY = 'sk-state-test-1234'

/** The memory store (it refuses secrets in an outbox snapshot); `failPut` / `failList` / `failDelete` make those outbox calls fail. */
class TestStore implements ModelStore {
  readonly store = createMemoryStore()
  failPut = false
  failList = false
  failDelete = false
  getSetting: ModelStore['getSetting'] = (key) => this.store.getSetting(key)
  setSetting: ModelStore['setSetting'] = (key, value) => this.store.setSetting(key, value)
  deleteSetting: ModelStore['deleteSetting'] = (key) => this.store.deleteSetting(key)
  putOutbox: ModelStore['putOutbox'] = async (item) => {
    if (this.failPut) throw new StoreError('quota', 'Queueing the request to the model: the disk is full')
    await this.store.putOutbox(item)
  }
  listOutbox: ModelStore['listOutbox'] = async () => {
    if (this.failList) throw new StoreError('unknown', 'Reading the outbox: the database is gone')
    return this.store.listOutbox()
  }
  deleteOutbox: ModelStore['deleteOutbox'] = async (id) => {
    if (this.failDelete) throw new StoreError('unknown', 'Deleting from the outbox failed')
    await this.store.deleteOutbox(id)
  }
  /** True when the setting is stored. */
  async hasSetting(key: string): Promise<boolean> {
    return (await this.store.listSettings()).some((s) => s.key === key)
  }
}

const clip: ClipAudio = {
  samples: new Float32Array(16_000),
  sampleRate: 16_000,
  duration: 1,
  name: 'tune.wav',
}

let server: ModelServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function setup(overrides: Partial<ModelDeps> = {}) {
  const store = new TestStore()
  let online = true
  let listener: ((online: boolean) => void) | null = null
  let ids = 0
  let time = 1_000_000
  const deps: ModelDeps = {
    store,
    now: () => time,
    prepareWav: async () => makeTestWav({ seconds: 1 }),
    isOnline: () => online,
    watchNetwork: (l) => {
      listener = l
      return () => (listener = null)
    },
    newId: () => `q${++ids}`,
    sleep: async () => {},
    random: () => 0.5,
    ...overrides,
  }
  const model = new ModelState(deps)
  return {
    model,
    store,
    setOnline(v: boolean) {
      online = v
      listener?.(v)
    },
    advance(ms: number) {
      time += ms
    },
  }
}

async function serve(flavour: 'llamafactory' | 'vllm', replies = ['这段音乐是A羽调式，属于C宫系统。']) {
  server = await startModelServer({ flavour, apiKey: KEY, replies })
  const settings: ModelSettings = {
    ...DEFAULT_MODEL_SETTINGS,
    baseUrl: server.url,
    apiKey: KEY,
    protocol: flavour === 'vllm' ? 'openai' : 'llamafactory',
    timeoutMs: 5_000,
  }
  return settings
}

/** Waits until the condition holds (the flush runs in the background). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(cond()).toBe(true)
}

const analyzed = (tonic: number, pattern: 'yu' | 'gong' | 'shang'): AnalysisResult => ({
  ok: true,
  label: labelFromTonic(tonic, pattern),
  confidence: 0.9,
  alternatives: [],
  evidence: {
    tuningOffset: 0,
    pitchClassProfile: [],
    notes: [],
    majorThird: [0, 4],
    cadences: [],
    extraTones: [],
  },
  frames: [],
  duration: 1,
})

describe('settings', () => {
  it('saves every field under model.*, the key under the secret name, and reads them back', async () => {
    const { model, store } = setup()
    const s: ModelSettings = {
      ...DEFAULT_MODEL_SETTINGS,
      baseUrl: 'http://10.0.0.5:8000',
      apiKey: KEY,
      systemPrompt: 'You are a musicologist.',
      stream: true,
      timeoutMs: 30_000,
    }
    await model.save(s)
    expect(await store.getSetting('model.apiKey')).toBe(KEY)
    expect(isSecretSetting(MODEL_SETTING_KEYS.apiKey)).toBe(true)
    expect(await store.getSetting('model.baseUrl')).toBe('http://10.0.0.5:8000')
    const again = setup({ store })
    await again.model.load()
    expect(again.model.settings).toEqual(s)
    expect(again.model.configured).toBe(true)
  })

  it('clearing the key removes it from the store and from the live settings', async () => {
    const { model, store } = setup()
    await model.save({ ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://h:8000', apiKey: KEY })
    await model.clearKey()
    expect(await store.hasSetting('model.apiKey')).toBe(false)
    expect(model.settings.apiKey).toBeUndefined()
    expect(model.settings.baseUrl).toBe('http://h:8000')
  })

  it('malformed stored values fall back to the defaults; no server means not configured', () => {
    const s = settingsFromValues({ protocol: 'grpc', timeoutMs: 'soon', stream: 'yes', question: 7 })
    expect(s).toEqual(DEFAULT_MODEL_SETTINGS)
    const { model } = setup()
    expect(model.configured).toBe(false)
  })

  it('the queued snapshot never holds the key', () => {
    const snap = settingsSnapshot({ ...DEFAULT_MODEL_SETTINGS, apiKey: KEY })
    expect(Object.keys(snap)).not.toContain('apiKey')
    expect(JSON.stringify(snap)).not.toContain(KEY)
  })
})

describe('asking', () => {
  it.each(['llamafactory', 'vllm'] as const)('%s: shows the answer and its parsed label', async (flavour) => {
    const { model } = setup()
    await model.save(await serve(flavour))
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.phase).toBe('done')
    expect(model.text).toBe('这段音乐是A羽调式，属于C宫系统。')
    expect(model.parse?.status).toBe('label')
    expect(model.parse?.label.tonic).toBe(9)
    expect(model.askedFor).toEqual({ clipName: 'tune.wav', segment: { start: 0, end: 1 } })
    const body = server!.requests.at(-1)!.body as { messages: { content: { type: string }[] }[] }
    expect(body.messages[0].content[0].type).toBe(flavour === 'vllm' ? 'input_audio' : 'audio_url')
  })

  it('streams: the text grows as it arrives', async () => {
    const { model } = setup()
    const settings = await serve('vllm', ['C宫系统 A羽调式'])
    await model.save({ ...settings, stream: true })
    await model.ask(clip, { start: 0, end: 1 })
    expect((server!.requests.at(-1)!.body as { stream: boolean }).stream).toBe(true)
    expect(model.text).toBe('C宫系统 A羽调式')
    expect(model.reply?.raw).toBe('C宫系统 A羽调式')
  })

  it('a wrong key is an auth failure, and nothing is offered for queueing', async () => {
    const { model } = setup()
    const settings = await serve('llamafactory')
    await model.save({ ...settings, apiKey: 'sk-wrong-key-0000' })
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.phase).toBe('failed')
    expect(model.error?.kind).toBe('auth')
    expect(model.error?.message).not.toContain('sk-wrong-key-0000')
    expect(model.canQueue).toBe(false)
  })

  it('a 503 is retried and then answered; a 429 that outlasts the retries says when to come back', async () => {
    const { model } = setup()
    await model.save(await serve('vllm'))
    server!.setFaults([{ kind: 'status', status: 503 }])
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.phase).toBe('done')
    expect(model.reply?.attempts).toBe(2)
    server!.setFaults([{ kind: 'rate-limit', retryAfter: '120' }])
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.phase).toBe('failed')
    expect(model.error?.kind).toBe('rate-limited')
    expect(model.error?.retryAt).toBe(1_000_000 + 120_000)
  })

  it('cancel stops the request and reports cancelled', async () => {
    const { model } = setup()
    await model.save(await serve('vllm'))
    server!.setFaults([{ kind: 'delay', ms: 3_000 }])
    const asking = model.ask(clip, { start: 0, end: 1 })
    await until(() => model.phase === 'sending')
    model.cancel()
    await asking
    expect(model.phase).toBe('cancelled')
    expect(model.reply).toBeNull()
  })

  it('a clip that cannot be prepared is a clear failure', async () => {
    const { model } = setup({
      prepareWav: async () => {
        throw new Error('OfflineAudioContext failed')
      },
    })
    await model.save(await serve('vllm'))
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.error).toEqual({ kind: 'prepare', message: 'OfflineAudioContext failed' })
  })
})

describe('offline queue', () => {
  it('offline: nothing is sent; queued with the WAV and no key; sent when the network returns', async () => {
    const { model, store, setOnline } = setup()
    await model.save(await serve('llamafactory'))
    const stop = await model.start()
    setOnline(false)
    expect(model.online).toBe(false)
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.phase).toBe('offline')
    expect(model.canQueue).toBe(true)
    expect(server!.requests.filter((r) => r.method === 'POST')).toHaveLength(0)
    expect(await model.queue()).toBe(true)
    expect(model.phase).toBe('queued')
    expect(model.waiting).toBe(1)
    const [record] = await store.listOutbox()
    expect(record.payload.wav?.size).toBe(makeTestWav({ seconds: 1 }).length)
    expect(JSON.stringify(record.payload.settings)).not.toContain(KEY)
    setOnline(true)
    await until(() => model.phase === 'done')
    expect(model.text).toBe('这段音乐是A羽调式，属于C宫系统。')
    expect(model.waiting).toBe(0)
    expect(await store.listOutbox()).toHaveLength(0)
    expect(model.delivered[0].clipName).toBe('tune.wav')
    // The key was sent to its own server, although the snapshot did not hold it.
    expect(server!.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`)
    stop()
  })

  it('a network failure offers the queue; a second failure backs off; "send now" delivers', async () => {
    const { model, store } = setup()
    await model.save(await serve('vllm'))
    // Three attempts when asking, three more when the queue is first flushed.
    server!.setFaults(Array.from({ length: 6 }, () => ({ kind: 'drop' as const })))
    await model.ask(clip, { start: 0, end: 1 })
    expect(model.error?.kind).toBe('network')
    expect(model.canQueue).toBe(true)
    await model.queue()
    await until(() => !model.flushing)
    const [item] = await store.listOutbox()
    expect(item.attempts).toBe(1)
    expect(item.notBefore).toBeGreaterThan(1_000_000)
    await model.flush(true)
    expect(model.phase).toBe('done')
    expect(model.outbox).toHaveLength(0)
  })

  it('a queued request keeps its clip name after a reload; a new visit waits out the backoff; it can be removed', async () => {
    const { model, store } = setup()
    await model.save(await serve('vllm'))
    server!.setFaults(Array.from({ length: 6 }, () => ({ kind: 'drop' as const })))
    await model.ask(clip, { start: 0, end: 1 })
    await model.queue()
    await until(() => !model.flushing)
    const [item] = await store.listOutbox()
    expect(item.attempts).toBe(1)
    const posts = server!.requests.filter((r) => r.method === 'POST').length
    // The next visit (same store, same clock): the name is there, and the dead server is not asked again yet.
    const again = setup({ store }).model
    const stop = await again.start()
    expect(again.nameOf(item.id)).toBe('tune.wav')
    await again.flush()
    await until(() => !again.flushing)
    expect(server!.requests.filter((r) => r.method === 'POST')).toHaveLength(posts)
    expect(again.outbox[0].notBefore).toBeGreaterThan(1_000_000)
    await again.discard(item.id)
    expect(again.outbox).toHaveLength(0)
    expect(await store.listOutbox()).toHaveLength(0)
    stop()
  })

  it('the key is not sent to a different server than the one queued for', async () => {
    const { model, setOnline } = setup()
    const settings = await serve('vllm')
    await model.save({ ...settings, apiKey: undefined })
    await model.start()
    setOnline(false)
    await model.ask(clip, { start: 0, end: 1 })
    await model.queue()
    // The user points the app at another server and enters its key before the network returns.
    await model.save({ ...settings, baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-other-server' })
    setOnline(true)
    // Sent to the server it was queued for, without the other server's key: that server wants its own.
    await until(() => model.phase === 'failed')
    expect(model.error?.kind).toBe('auth')
    expect(server!.requests.at(-1)!.headers.authorization).toBeUndefined()
  })

  it('no store: cannot queue, and says so', async () => {
    const { model, setOnline } = setup({ store: null })
    model.settings = { ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://127.0.0.1:9' }
    setOnline(false)
    await model.ask(clip, { start: 0, end: 1 })
    expect(await model.queue()).toBe(false)
    expect(model.queueProblem).toBe('no-store')
  })

  it('a storage failure while queueing is reported and nothing is lost', async () => {
    const { model, store, setOnline } = setup()
    model.settings = { ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://127.0.0.1:9' }
    setOnline(false)
    await model.ask(clip, { start: 0, end: 1 })
    store.failPut = true
    expect(await model.queue()).toBe(false)
    expect(model.queueProblem).toBe('storage')
    expect(model.queueProblemDetail).toContain('disk is full')
    expect(model.canQueue).toBe(true)
    store.failPut = false
    expect(await model.queue()).toBe(true)
  })

  it('an outbox that cannot be read is reported, not thrown; a delivered answer survives a failed delete', async () => {
    const { model, store, setOnline } = setup()
    await model.save(await serve('llamafactory'))
    setOnline(false)
    await model.ask(clip, { start: 0, end: 1 })
    store.failList = true
    expect(await model.queue()).toBe(false)
    expect(model.queueProblem).toBe('storage')
    expect(model.queueProblemDetail).toContain('database is gone')
    store.failList = false
    expect(await model.queue()).toBe(true)
    store.failList = true
    await model.flush(true) // must not throw
    expect(model.queueProblem).toBe('storage')
    store.failList = false
    store.failDelete = true
    setOnline(true)
    await model.flush(true)
    // The answer arrived: it is shown although the sent request could not be removed from the outbox.
    expect(model.delivered[0]?.clipName).toBe('tune.wav')
    expect(model.queueProblemDetail).toContain('Deleting from the outbox failed')
  })

  it('a request the server refuses (401) gives up at once and is kept for the user to see', async () => {
    const { model, store, setOnline } = setup()
    await model.save({ ...(await serve('vllm')), apiKey: 'sk-wrong-key-0000' })
    setOnline(false)
    await model.ask(clip, { start: 0, end: 1 })
    await model.queue()
    setOnline(true)
    await model.flush(true)
    const [item] = await store.listOutbox()
    expect(item.gaveUp).toBe(true)
    expect(model.phase).toBe('failed')
    expect(model.error?.kind).toBe('auth')
    await model.discard(item.id)
    expect(model.outbox).toHaveLength(0)
  })
})

describe('agreement', () => {
  const a = analyzed(9, 'yu')
  it('agree, differ on tonic, on pattern, on both; pattern-only; no label; no analyzer', () => {
    expect(agreement(parseAnswer('A羽调式'), a)).toBe('agree')
    expect(agreement(parseAnswer('D羽调式'), a)).toBe('differ-tonic')
    expect(agreement(parseAnswer('A商调式'), a)).toBe('differ-pattern')
    expect(agreement(parseAnswer('C宫调式'), a)).toBe('differ-both')
    expect(agreement(parseAnswer('这是羽调式'), a)).toBe('agree-pattern')
    expect(agreement(parseAnswer('这是宫调式'), a)).toBe('differ-pattern')
    expect(agreement(parseAnswer('这是一段优美的音乐。'), a)).toBe('no-label')
    expect(agreement(parseAnswer('A羽调式'), null)).toBe('no-analyzer')
  })
})
