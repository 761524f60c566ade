import { ModelError, type ModelErrorKind, type ModelReply } from '../../model/index.ts'
import type { Store } from '../../store/store.ts'
import type { AnswerParse } from '../../theory/answer.ts'
import type { Milliseconds, Timestamp } from '../../theory/units.ts'
import type { ClipAudio, Segment } from '../analyze.svelte.ts'

/** The part of the Store the model state uses (tests pass an in-memory fake). */
export type ModelStore = Pick<
  Store,
  'getSetting' | 'setSetting' | 'deleteSetting' | 'putOutbox' | 'listOutbox' | 'deleteOutbox'
>

/** What the model state needs from the outside world; main.ts passes the real ones, tests pass fakes. */
export interface ModelDeps {
  /** Null when the store could not be opened: settings then live for this visit only, nothing can be queued. */
  readonly store: ModelStore | null
  readonly now: () => Timestamp
  /** The region of the clip as the WAV the model takes (mono 16 kHz 16-bit, ≤ 30 s). */
  readonly prepareWav: (clip: ClipAudio, segment: Segment) => Promise<Uint8Array>
  readonly isOnline: () => boolean
  /** Subscribes to the browser's 'online' and 'offline' events; returns the unsubscribe. */
  readonly watchNetwork: (listener: (online: boolean) => void) => () => void
  readonly newId: () => string
  readonly fetch?: typeof fetch
  readonly sleep?: (ms: Milliseconds, signal?: AbortSignal) => Promise<void>
  readonly random?: () => number
}

/** A failure as the UI shows it: the kind it translates, and the English detail, hint and timing. */
export interface ModelFailure {
  readonly kind: ModelErrorKind | 'prepare' | 'storage'
  readonly message: string
  readonly hint?: string
  readonly status?: number
  /** For 429: when the server said to come back. */
  readonly retryAt?: Timestamp
  readonly partialText?: string
}

/** Where one "Ask the model" stands. */
export type AskPhase =
  | 'idle'
  | 'preparing'
  | 'sending'
  | 'done'
  | 'failed'
  | 'cancelled'
  /** The device is offline: nothing was sent; the user may queue it. */
  | 'offline'
  /** Waiting in the outbox. */
  | 'queued'

/** What was asked: which clip and segment, so the UI can say when the page has moved on. */
export interface AskedFor {
  readonly clipName: string
  readonly segment: Segment
}

/** An answer that arrived for a queued request. */
export interface DeliveredAnswer {
  readonly id: string
  readonly queuedAt: Timestamp
  readonly clipName?: string
  readonly reply: ModelReply
  readonly parse: AnswerParse
}

/** A thrown error as the UI shows it (a ModelError's kind, hint and timing kept). */
export function toFailure(e: unknown, now: Timestamp): ModelFailure {
  if (e instanceof ModelError)
    return {
      kind: e.kind,
      message: e.message,
      hint: e.hint,
      status: e.status,
      retryAt: e.retryAfterMs !== undefined ? now + e.retryAfterMs : undefined,
      partialText: e.partialText,
    }
  const message = e instanceof Error ? e.message : String(e)
  return { kind: 'bad-request', message }
}
