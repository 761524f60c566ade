// getRandomValues, not randomUUID: the app may be served over plain http on a school network, where
// crypto.randomUUID does not exist (it is only offered to secure contexts).

/** 32 random hex digits (the model outbox's ids). */
export function randomHexId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  )
}

/** A random UUID (version 4, RFC 9562): packs and results carry these. */
export function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
