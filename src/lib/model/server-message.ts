/** The human-readable part of an error body: FastAPI `detail`, OpenAI/vLLM `error.message` or `message`. */
export function serverMessage(body: string): string {
  const text = body.trim()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return clip(text.replace(/\s+/g, ' '))
  }
  const o = json as Record<string, unknown> | null
  const detail = o?.detail
  if (typeof detail === 'string') return clip(detail)
  if (Array.isArray(detail))
    return clip(
      detail
        .map((d) => (d as { msg?: unknown })?.msg)
        .filter((m) => typeof m === 'string')
        .join('; '),
    )
  const error = o?.error as Record<string, unknown> | string | undefined
  if (typeof error === 'string') return clip(error)
  if (typeof error?.message === 'string') return clip(error.message)
  if (typeof o?.message === 'string') return clip(o.message)
  return clip(text)
}

export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
