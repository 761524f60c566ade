// The model server's settings as the store keeps them: one setting per field, read back field by field.
import {
  DEFAULT_MODEL_SETTINGS,
  MODEL_PROTOCOLS,
  type ModelProtocol,
  type ModelSettings,
} from '../../model/index.ts'
import type { JsonObject, JsonValue } from '../../store/schema.ts'

/** Where each model setting lives in the store. `model.apiKey` is the store's secret key: never backed up. */
export const MODEL_SETTING_KEYS = {
  baseUrl: 'model.baseUrl',
  apiKey: 'model.apiKey',
  model: 'model.model',
  protocol: 'model.protocol',
  question: 'model.question',
  systemPrompt: 'model.systemPrompt',
  timeoutMs: 'model.timeoutMs',
  stream: 'model.stream',
  maxTokens: 'model.maxTokens',
} as const satisfies Record<keyof ModelSettings, string>

/** The settings as saved in a queued request: everything but the key. */
export function settingsSnapshot(settings: ModelSettings): JsonObject {
  const out: Record<string, JsonValue> = {}
  for (const [k, v] of Object.entries(settings))
    if (k !== 'apiKey' && v !== undefined) out[k] = v as JsonValue
  return out
}

/** Settings read back from stored values: each field checked, the default where absent or malformed. */
export function settingsFromValues(values: Partial<Record<keyof ModelSettings, unknown>>): ModelSettings {
  const d = DEFAULT_MODEL_SETTINGS
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback)
  const opt = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
  const protocol = MODEL_PROTOCOLS.includes(values.protocol as ModelProtocol)
    ? (values.protocol as ModelProtocol)
    : d.protocol
  const settings: ModelSettings = {
    baseUrl: str(values.baseUrl, d.baseUrl),
    model: str(values.model, d.model),
    protocol,
    question: str(values.question, d.question),
    timeoutMs: num(values.timeoutMs) ?? d.timeoutMs,
    stream: typeof values.stream === 'boolean' ? values.stream : d.stream,
    maxTokens: num(values.maxTokens) ?? d.maxTokens,
  }
  const apiKey = opt(values.apiKey)
  const systemPrompt = opt(values.systemPrompt)
  return { ...settings, ...(apiKey ? { apiKey } : {}), ...(systemPrompt ? { systemPrompt } : {}) }
}
