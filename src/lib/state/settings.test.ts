import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStore } from '../store/memory-store.ts'
import type { MergeCounts } from '../store/store.ts'
import { DEFAULT_MODEL_SETTINGS } from '../model/index.ts'
import { ModelState } from './model/model.svelte.ts'
import { DataSettings, SettingsForm, type DataDeps } from './settings.svelte.ts'
import { makeTestWav, startModelServer, type ModelServer } from '../../../tests/support/model-server.ts'

let server: ModelServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function setup(pageProtocol = 'http:') {
  const store = createMemoryStore()
  const model = new ModelState({
    store,
    now: () => 0,
    prepareWav: async () => makeTestWav(),
    isOnline: () => true,
    watchNetwork: () => () => {},
    newId: () => 'x',
  })
  const form = new SettingsForm({ model, pageProtocol })
  return { store, model, form }
}

describe('SettingsForm', () => {
  it('starts from the saved settings, shows no problems until the user saves, then one per field', async () => {
    const { form } = setup()
    expect(form.question).toBe('这段音乐是什么调式?')
    expect(form.timeoutSeconds).toBe(60)
    expect(form.problem('baseUrl')).toBeUndefined()
    form.baseUrl = 'http://h:8000/v1/chat/completions'
    form.timeoutSeconds = 'abc'
    form.question = '  '
    expect(await form.save(1)).toBe(false)
    expect(form.problem('baseUrl')?.code).toBe('endpoint-in-url')
    expect(form.problem('timeoutMs')?.code).toBe('invalid-timeout')
    expect(form.problem('question')?.code).toBe('required')
    // A number input bound with bind:value gives a number, or null when emptied.
    form.timeoutSeconds = null
    expect(form.problem('timeoutMs')?.code).toBe('invalid-timeout')
    form.timeoutSeconds = 90
    expect(form.problem('timeoutMs')).toBeUndefined()
    expect(form.draft.timeoutMs).toBe(90_000)
  })

  it('an https page warns about an http server on the network', () => {
    const { form } = setup('https:')
    form.baseUrl = 'http://192.168.1.20:8000'
    form.showProblems = true
    expect(form.problem('baseUrl')?.code).toBe('mixed-content')
  })

  it('saves a valid draft, the key separately, and clears the key', async () => {
    const { form, store, model } = setup()
    form.baseUrl = 'http://192.168.1.20:8000'
    form.apiKey = 'sk-abcdef'
    form.protocol = 'openai'
    form.timeoutSeconds = '30'
    form.stream = true
    expect(form.dirty).toBe(true)
    expect(await form.save(42)).toBe(true)
    expect(form.dirty).toBe(false)
    expect(form.savedAt).toBe(42)
    expect(model.settings).toMatchObject({
      protocol: 'openai',
      timeoutMs: 30_000,
      stream: true,
      apiKey: 'sk-abcdef',
    })
    expect(await store.getSetting('model.apiKey')).toBe('sk-abcdef')
    expect(form.hasSavedKey).toBe(true)
    await form.clearKey()
    expect(form.apiKey).toBe('')
    expect(form.hasSavedKey).toBe(false)
    expect((await store.listSettings()).some((s) => s.key === 'model.apiKey')).toBe(false)
  })

  it.each(['llamafactory', 'vllm'] as const)(
    'Test connection against %s: ok, then a wrong key',
    async (flavour) => {
      server = await startModelServer({ flavour, apiKey: 'sk-right-key' })
      const { form } = setup()
      form.baseUrl = server.url
      form.apiKey = 'sk-right-key'
      form.protocol = flavour === 'vllm' ? 'openai' : 'llamafactory'
      await form.test()
      expect(form.report?.ok).toBe(true)
      expect(form.report?.kind).toBe('ok')
      form.apiKey = 'sk-wrong-key'
      await form.test()
      expect(form.report?.kind).toBe('auth')
      expect(form.testing).toBe(false)
    },
  )

  it('Test connection with invalid settings says so without a request', async () => {
    const { form } = setup()
    await form.test()
    expect(form.report?.kind).toBe('invalid-settings')
  })
})

describe('DataSettings', () => {
  const counts = Object.fromEntries(
    ['attempts', 'clips', 'cards', 'settings', 'assignments', 'results'].map((p) => [
      p,
      { added: 1, skipped: 2 },
    ]),
  ) as MergeCounts

  function data(overrides: Partial<DataDeps> = {}) {
    const downloads: { name: string; size: number }[] = []
    const deps: DataDeps = {
      exportBackup: async () => new Blob(['zip!']),
      importBackup: async () => ({ counts, exportedAt: 5 }),
      fileName: () => 'wusheng-backup-2026-01-01.zip',
      download: (blob, name) => downloads.push({ name, size: blob.size }),
      estimate: async () => ({ usage: 1000, quota: 10_000 }),
      ...overrides,
    }
    return { state: new DataSettings(deps), downloads }
  }

  it('exports to a download and reports its size', async () => {
    const { state, downloads } = data()
    await state.export()
    expect(downloads).toEqual([{ name: 'wusheng-backup-2026-01-01.zip', size: 4 }])
    expect(state.exported).toEqual({ name: 'wusheng-backup-2026-01-01.zip', bytes: 4 })
  })

  it('imports: counts on success, the specific refusal otherwise', async () => {
    const { state } = data()
    await state.import(new Blob(['x']))
    expect(state.imported).toEqual({ ok: true, counts, exportedAt: 5 })
    const refusing = data({
      importBackup: async () => {
        throw Object.assign(new Error('backup.json: version 9 is newer than this app'), {
          reason: 'future-version',
        })
      },
    }).state
    await refusing.import(new Blob(['x']))
    expect(refusing.imported).toEqual({
      ok: false,
      reason: 'future-version',
      message: 'backup.json: version 9 is newer than this app',
    })
  })

  it('without a store there is nothing to export; usage comes from the estimate', async () => {
    const { state } = data({ exportBackup: null, importBackup: null })
    expect(state.available).toBe(false)
    await state.refreshUsage()
    expect(state.usage).toEqual({ usage: 1000, quota: 10_000 })
    expect(DEFAULT_MODEL_SETTINGS.baseUrl).toBe('')
  })
})
