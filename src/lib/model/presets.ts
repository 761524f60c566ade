import { DEFAULT_QUESTION, type ModelProtocol, type ModelSettings } from './settings.ts'

/** A starting point for Settings: which server dialect, model name, question and system prompt to use. */
export interface ModelPreset {
  readonly id: 'qwen2-audio-llamafactory' | 'qwen2-audio-vllm' | 'qwen2.5-omni-vllm' | 'qwen3-omni-vllm'
  /** The product names, the same in every language. */
  readonly name: string
  readonly protocol: ModelProtocol
  readonly model: string
  readonly question: string
  readonly systemPrompt: string
}

/**
 * A question for a general audio model that was not fine-tuned on CNPM: it asks for the answer in CNPM's words,
 * so the answer parser can read it. Nothing is claimed about how often such a model is right.
 */
export const GENERAL_MODEL_QUESTION =
  '这段音乐是什么调式？请只回答主音和调式，例如“A羽调式”（宫、商、角、徵、羽之一）。'

/**
 * Presets for the servers the README documents. Qwen2-Audio is the fine-tuned model (its LoRA served by
 * LLaMA-Factory, or merged and served by vLLM as `cnpm`); the Omni models are served by vLLM under their
 * Hugging Face names. A preset leaves the address, key and timeout as they are.
 */
export const MODEL_PRESETS: readonly ModelPreset[] = Object.freeze([
  {
    id: 'qwen2-audio-llamafactory',
    name: 'Qwen2-Audio-7B-Instruct + LoRA · LLaMA-Factory API',
    protocol: 'llamafactory',
    model: 'cnpm',
    question: DEFAULT_QUESTION,
    // The qwen2_audio template adds its default system prompt, as in training.
    systemPrompt: '',
  },
  {
    id: 'qwen2-audio-vllm',
    name: 'Qwen2-Audio-7B-Instruct (LoRA merged) · vLLM',
    protocol: 'openai',
    model: 'cnpm',
    question: DEFAULT_QUESTION,
    systemPrompt: '',
  },
  {
    id: 'qwen2.5-omni-vllm',
    name: 'Qwen2.5-Omni-7B · vLLM',
    protocol: 'openai',
    model: 'Qwen/Qwen2.5-Omni-7B',
    question: GENERAL_MODEL_QUESTION,
    // The system prompt of the model card's examples.
    systemPrompt:
      'You are Qwen, a virtual human developed by the Qwen Team, Alibaba Group, capable of perceiving auditory and visual inputs, as well as generating text and speech.',
  },
  {
    id: 'qwen3-omni-vllm',
    name: 'Qwen3-Omni-30B-A3B-Instruct · vLLM',
    protocol: 'openai',
    model: 'Qwen/Qwen3-Omni-30B-A3B-Instruct',
    question: GENERAL_MODEL_QUESTION,
    systemPrompt: '',
  },
])

/**
 * Settings with a preset applied: dialect, model name, question and system prompt from the preset; the server
 * address, key, timeout and the rest kept.
 * @example withPreset(settings, MODEL_PRESETS[1]).protocol → 'openai'
 */
export function withPreset(settings: ModelSettings, preset: ModelPreset): ModelSettings {
  return {
    ...settings,
    protocol: preset.protocol,
    model: preset.model,
    question: preset.question,
    systemPrompt: preset.systemPrompt || undefined,
  }
}

/** The preset the settings match (protocol, model, question, system prompt), or null. */
export function matchingPreset(
  settings: Pick<ModelSettings, 'protocol' | 'model' | 'question' | 'systemPrompt'>,
): ModelPreset | null {
  return (
    MODEL_PRESETS.find(
      (p) =>
        p.protocol === settings.protocol &&
        p.model === settings.model.trim() &&
        p.question === settings.question.trim() &&
        p.systemPrompt === (settings.systemPrompt ?? '').trim(),
    ) ?? null
  )
}
