import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { decodeWavHeader } from '../../audio/wav.ts'
import { validateDataset } from '../../eval/dataset.ts'
import { labelFromTonic } from '../../theory/label.ts'
import { finetuneZip } from './finetune.ts'

const seconds = (s: number, rate = 16_000) => ({
  samples: new Float32Array(s * rate),
  sampleRate: rate,
  duration: s,
  channels: 1,
  name: 'x',
})

describe('finetuneZip', () => {
  it("keeps each clip's region (or its last 30 s), leaves out what cannot be decoded, and validates", async () => {
    const blob = new Blob([new Uint8Array(4)])
    const decode = async (_b: Blob, name: string) => {
      if (name === 'bad') throw new Error('not audio')
      return name === 'long' ? seconds(45) : seconds(10)
    }
    const { zip, clips, skipped } = await finetuneZip(
      [
        { key: 'short', blob, label: labelFromTonic(9, 'yu'), region: { start: 2, end: 5 } },
        { key: 'long', blob, label: labelFromTonic(2, 'shang') },
        { key: 'bad', blob, label: labelFromTonic(0, 'gong') },
      ],
      decode,
      { name: 'pack_a' },
    )
    expect([clips, skipped]).toEqual([2, ['bad']])
    const files = new Map(Object.entries(unzipSync(zip)).map(([k, v]) => [k.replace(/^pack_a\//, ''), v]))
    expect(validateDataset(files)).toEqual([])
    expect(decodeWavHeader(files.get('audio/0001-short.wav')!)!.duration).toBe(3)
    expect(decodeWavHeader(files.get('audio/0002-long.wav')!)!.duration).toBe(30)
  })
})
