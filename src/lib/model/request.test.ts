import { describe, expect, it } from 'vitest'
import { buildRequest } from './request.ts'
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from './settings.ts'
import { silentWav } from './wav.ts'

const settings: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://10.0.0.5:8000' }

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
