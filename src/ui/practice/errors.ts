import type { UiError } from '../../lib/state/ui-error.ts'
import { isMessageKey, type MessageKey } from '../i18n/messages.ts'

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** The learner-facing text of a practice error: the drill's own message, the audio layer's, or a generic one. */
export function errorText(t: T, e: UiError): string {
  const own = `practice.error.${e.kind}`
  if (isMessageKey(own)) return t(own, { message: e.message })
  const audio = `audio.error.${e.kind}`
  if (isMessageKey(audio)) return t(audio)
  return t('practice.error.unknown', { message: e.message })
}
