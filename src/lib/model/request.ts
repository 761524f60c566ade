import { bytesToBase64 } from './base64.ts'
import { DEFAULT_MAX_TOKENS, type ModelSettings } from './settings.ts'

/** A text part of a chat message. */
export interface TextPart {
  readonly type: 'text'
  readonly text: string
}
/** LLaMA-Factory's (and vLLM's) audio part: a data URL. */
export interface AudioUrlPart {
  readonly type: 'audio_url'
  readonly audio_url: { readonly url: string }
}
/** OpenAI's audio part, which vLLM accepts and LLaMA-Factory rejects. */
export interface InputAudioPart {
  readonly type: 'input_audio'
  readonly input_audio: { readonly data: string; readonly format: 'wav' }
}
export type ContentPart = TextPart | AudioUrlPart | InputAudioPart

/** One chat message; the system message is sent as a plain string, which every server version reads. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant'
  readonly content: string | readonly ContentPart[]
}

/** The JSON body of POST /v1/chat/completions, exactly as sent. */
export interface ChatRequestBody {
  readonly model: string
  readonly messages: readonly ChatMessage[]
  readonly temperature: number
  readonly stream: boolean
  readonly max_tokens?: number
  readonly max_completion_tokens?: number
}

/**
 * The request body for one question about one WAV clip, in the dialect of settings.protocol.
 * The audio part comes FIRST: LLaMA-Factory puts `<audio>` where the part stands, and training saw
 * `<audio>这段音乐是什么调式?`.
 */
export function buildRequest(settings: ModelSettings, wavBytes: Uint8Array): ChatRequestBody {
  const base64 = bytesToBase64(wavBytes)
  const maxTokens = settings.maxTokens ?? DEFAULT_MAX_TOKENS
  const messages: ChatMessage[] = []
  if (settings.systemPrompt?.trim()) messages.push({ role: 'system', content: settings.systemPrompt })
  if (settings.protocol === 'llamafactory') {
    messages.push({
      role: 'user',
      content: [
        { type: 'audio_url', audio_url: { url: `data:audio/wav;base64,${base64}` } },
        { type: 'text', text: settings.question },
      ],
    })
    // 0.01, not 0: LLaMA-Factory's engines divide by the temperature when sampling is on.
    return {
      model: settings.model,
      messages,
      max_tokens: maxTokens,
      temperature: 0.01,
      stream: settings.stream,
    }
  }
  messages.push({
    role: 'user',
    content: [
      { type: 'input_audio', input_audio: { data: base64, format: 'wav' } },
      { type: 'text', text: settings.question },
    ],
  })
  return {
    model: settings.model,
    messages,
    max_completion_tokens: maxTokens,
    temperature: 0,
    stream: settings.stream,
  }
}
