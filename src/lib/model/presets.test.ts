import { describe, expect, it } from 'vitest'
import { parseAnswer } from '../theory/answer.ts'
import { DEFAULT_MODEL_SETTINGS, validateSettings } from './settings.ts'
import { GENERAL_MODEL_QUESTION, matchingPreset, MODEL_PRESETS, withPreset } from './presets.ts'

describe('model presets', () => {
  const base = { ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://gpu:8000', apiKey: 'k', timeoutMs: 90_000 }

  it('each gives valid settings and keeps the address, key and timeout', () => {
    for (const p of MODEL_PRESETS) {
      const s = withPreset(base, p)
      expect(validateSettings(s), p.id).toEqual([])
      expect(s).toMatchObject({ baseUrl: 'http://gpu:8000', apiKey: 'k', timeoutMs: 90_000, model: p.model })
      expect(matchingPreset(s)?.id).toBe(p.id)
    }
  })

  it('speaks LLaMA-Factory only to LLaMA-Factory, and asks the fine-tuned model its training question', () => {
    expect(MODEL_PRESETS.map((p) => [p.id, p.protocol])).toEqual([
      ['qwen2-audio-llamafactory', 'llamafactory'],
      ['qwen2-audio-vllm', 'openai'],
      ['qwen2.5-omni-vllm', 'openai'],
      ['qwen3-omni-vllm', 'openai'],
    ])
    expect(MODEL_PRESETS[0].question).toBe('这段音乐是什么调式?')
    expect(matchingPreset({ ...base, model: 'other' })).toBeNull()
  })

  it('the general models are asked for an answer in a form the parser reads', () => {
    expect(GENERAL_MODEL_QUESTION).toMatch(/A羽调式/)
    expect(parseAnswer('A羽调式').status).toBe('label')
  })
})
