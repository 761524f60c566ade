import { describe, expect, it } from 'vitest'
import { encodeWav } from '../audio/wav.ts'
import { labelFromTonic } from '../theory/label.ts'
import { answerText, buildDataset, DEFAULT_DATASET_OPTIONS, validateDataset } from './dataset.ts'

const wav = () => encodeWav(new Float32Array(1600), 16_000)

describe('fine-tuning dataset', () => {
  it('writes the answer in CNPM form or as a sentence', () => {
    expect(answerText(labelFromTonic(1, 'yu'), 'cnpm')).toBe('#C/bD羽五声')
    expect(answerText(labelFromTonic(9, 'yu'), 'sentence')).toBe('这段音乐是A羽调式（C宫系统，五声）。')
  })

  it('splits off the same validation clips however the clips are ordered', () => {
    const clips = Array.from({ length: 20 }, (_, i) => ({
      key: `c${i}.wav`,
      wav: wav(),
      label: labelFromTonic(i % 12, 'gong'),
    }))
    const opts = { ...DEFAULT_DATASET_OPTIONS, valFraction: 0.2 }
    const valOf = (files: ReturnType<typeof buildDataset>) =>
      (
        JSON.parse(files.find((f) => f.path === 'wusheng_cnpm_val.json')!.data as string) as {
          messages: { content: string }[]
        }[]
      )
        .map((e) => e.messages[1].content)
        .sort()
    const a = buildDataset(clips, opts)
    const b = buildDataset([...clips].reverse(), opts)
    expect(valOf(a)).toHaveLength(4)
    expect(valOf(a)).toEqual(valOf(b))
    expect(validateDataset(new Map(a.map((f) => [f.path, f.data])))).toEqual([])
  })

  it('names audio files safely and uniquely', () => {
    const files = buildDataset(
      [
        { key: '课堂/第 1 段.wav', wav: wav(), label: labelFromTonic(0, 'gong') },
        { key: '../../etc/passwd', wav: wav(), label: labelFromTonic(0, 'gong') },
      ],
      DEFAULT_DATASET_OPTIONS,
    )
    expect(files.map((f) => f.path).filter((p) => p.startsWith('audio/'))).toEqual([
      'audio/0001-第_1_段.wav',
      'audio/0002-passwd.wav',
    ])
  })

  it('refuses a clip over 30 s or at the wrong rate', () => {
    const files = buildDataset(
      [{ key: 'a', wav: encodeWav(new Float32Array(31 * 16_000), 16_000), label: labelFromTonic(0, 'gong') }],
      DEFAULT_DATASET_OPTIONS,
    )
    expect(validateDataset(new Map(files.map((f) => [f.path, f.data])))).toEqual([
      'wusheng_cnpm[0]: audio audio/0001-a.wav is 31.0 s, over 30 s',
    ])
    const slow = buildDataset(
      [{ key: 'b', wav: encodeWav(new Float32Array(800), 8_000), label: labelFromTonic(0, 'gong') }],
      DEFAULT_DATASET_OPTIONS,
    )
    expect(validateDataset(new Map(slow.map((f) => [f.path, f.data])))[0]).toMatch(/not mono 16 kHz/)
  })
})
