import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY_ENV, askModelForFile, modelWavFromSamples, parseModelArgs } from './model-cli.ts'
import type { ModelSettings } from '../src/lib/model/index.ts'
import { decodeWavHeader } from '../src/lib/audio/wav.ts'
import { makeTestWav, startModelServer, type ModelServer } from '../tests/support/model-server.ts'

let server: ModelServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('parseModelArgs', () => {
  it('reads the model options and leaves the rest', () => {
    const r = parseModelArgs([
      '--json',
      '--model',
      'http://h:8000/v1',
      '--protocol=openai',
      '--model-name',
      'cnpm-merged',
      '--api-key',
      'k-1234',
      'a.wav',
    ])
    expect(r).toMatchObject({
      settings: { baseUrl: 'http://h:8000/v1', protocol: 'openai', model: 'cnpm-merged', apiKey: 'k-1234' },
      rest: ['--json', 'a.wav'],
    })
  })

  it('gives null settings without --model, and defaults to LLaMA-Factory with the key from the environment', () => {
    expect(parseModelArgs(['a.wav'])).toEqual({ settings: null, rest: ['a.wav'] })
    const r = parseModelArgs(['--model', 'http://h:8000'], { [API_KEY_ENV]: 'env-key-99' })
    expect(r).toMatchObject({ settings: { protocol: 'llamafactory', model: 'cnpm', apiKey: 'env-key-99' } })
  })

  it.each([
    [['--model'], /needs a value/],
    [['--model', 'ftp://h'], /http:\/\/ or https:\/\//],
    [['--model', 'http://h:8000', '--protocol', 'grpc'], /llamafactory or openai/],
    [['--api-key', 'k'], /needs --model/],
    [['--model', 'http://h:8000/v1/chat/completions'], /not an endpoint/],
  ])('rejects %j', (argv, message) => {
    const r = parseModelArgs(argv)
    expect('error' in r && r.error).toMatch(message)
  })
})

/** Settings from argv, failing the test when parsing does not give them. */
function settingsFor(argv: string[]): ModelSettings {
  const r = parseModelArgs(argv)
  if (!('settings' in r) || !r.settings) throw new Error(`no settings from ${argv.join(' ')}`)
  return r.settings
}

describe('askModelForFile', () => {
  it.each(['llamafactory', 'vllm'] as const)(
    '%s: returns the raw answer and the parsed CNPM label',
    async (flavour) => {
      server = await startModelServer({ flavour, replies: ['这段音乐是A羽调式，属于C宫系统。'] })
      const protocol = flavour === 'vllm' ? 'openai' : 'llamafactory'
      const settings = settingsFor(['--model', server.url, '--protocol', protocol])
      const result = await askModelForFile(settings, makeTestWav())
      expect(result).toMatchObject({
        raw: '这段音乐是A羽调式，属于C宫系统。',
        label: 'A羽五声',
        status: 'label',
      })
    },
  )

  it('returns no label for a rambling answer, and an error record for a failure', async () => {
    server = await startModelServer({
      flavour: 'vllm',
      replies: ['这是一段优美的中国传统音乐。'],
      faults: [{ kind: 'status', status: 413 }],
    })
    const settings = settingsFor(['--model', server.url, '--protocol', 'openai'])
    expect(await askModelForFile(settings, makeTestWav())).toMatchObject({ kind: 'too-large' })
    expect(await askModelForFile(settings, makeTestWav())).toMatchObject({ label: null, status: 'none' })
  })

  it('encodes samples as a 16 kHz mono WAV of at most 30 s', () => {
    const info = decodeWavHeader(modelWavFromSamples(new Float32Array(16_000 * 40)))
    expect(info).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, duration: 30 })
  })
})

describe("the CLI's model record", () => {
  it('carries the pattern of a pattern-only answer as a field, with a null tonic', async () => {
    const server = await startModelServer({
      flavour: 'vllm',
      replies: [
        '羽调式',
        'Mode: Shang; tonic: G',
        'The mode of this music is Gong, with C as the tonic.',
        '很好听',
      ],
    })
    try {
      const args = parseModelArgs(['--model', server.url, '--protocol', 'openai'])
      if (!('settings' in args) || !args.settings) throw new Error('bad args')
      const wav = modelWavFromSamples(new Float32Array(16_000))
      const ask = () => askModelForFile(args.settings!, wav)
      expect(await ask()).toMatchObject({
        status: 'pattern-only',
        label: null,
        tonic: null,
        pattern: 'yu',
        type: null,
      })
      expect(await ask()).toMatchObject({ status: 'label', label: 'G商五声', tonic: 'G', pattern: 'shang' })
      expect(await ask()).toMatchObject({ status: 'label', label: 'C宫五声', tonic: 'C', pattern: 'gong' })
      expect(await ask()).toMatchObject({ status: 'none', label: null, tonic: null, pattern: null })
    } finally {
      await server.close()
    }
  })
})
