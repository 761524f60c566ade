import { describe, expect, it } from 'vitest'
import { askModelForFile, modelWavFromSamples, parseModelArgs } from './model-cli.ts'
import { startModelServer } from '../tests/support/model-server.ts'

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
