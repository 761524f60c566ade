import {
  askModel,
  DEFAULT_MODEL_SETTINGS,
  DEFAULT_QUEUE_POLICY,
  dequeue,
  enqueue,
  isRetryable,
  markFailed,
  MODEL_PROTOCOLS,
  ModelError,
  nextDue,
  retryAllNow,
  serverRoot,
  validateSettings,
  type ModelErrorKind,
  type ModelProtocol,
  type ModelReply,
  type ModelSettings,
  type OfflineQueue,
  type RetryNotice,
} from '../model/index.ts'
import { SvelteMap } from 'svelte/reactivity'
import { parseAnswer, type AnswerParse } from '../theory/answer.ts'
import type { AnalysisResult } from '../analysis/types.ts'
import type { Store } from '../store/store.ts'
import type { JsonObject, JsonValue, OutboxPayload, OutboxRecord } from '../store/schema.ts'
import type { Milliseconds, Timestamp } from '../theory/units.ts'
import type { ClipAudio, Segment } from './analyze.svelte.ts'

/** The part of the Store the model state uses (tests pass an in-memory fake). */
export type ModelStore = Pick<
  Store,
  'getSetting' | 'setSetting' | 'deleteSetting' | 'putOutbox' | 'listOutbox' | 'deleteOutbox'
>

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

/** How the model's answer relates to the offline analyzer's. */
export type Agreement =
  | 'agree'
  /** The answer names only a pattern, the same as the analyzer's. */
  | 'agree-pattern'
  | 'differ-tonic'
  | 'differ-pattern'
  | 'differ-both'
  | 'no-label'
  /** No analyzer result to compare with. */
  | 'no-analyzer'

/**
 * Compares the model's parsed answer with the analyzer's result: the mode is tonic + pattern
 * (the scale type is shown, not judged).
 */
export function agreement(parse: AnswerParse, result: AnalysisResult | null): Agreement {
  if (parse.status === 'none' || parse.status === 'ambiguous') return 'no-label'
  if (!result || !result.ok) return 'no-analyzer'
  const samePattern = parse.pattern === result.label.pattern
  if (parse.status === 'pattern-only') return samePattern ? 'agree-pattern' : 'differ-pattern'
  const sameTonic = parse.label.tonic === result.label.tonic
  if (sameTonic && samePattern) return 'agree'
  if (samePattern) return 'differ-tonic'
  return sameTonic ? 'differ-pattern' : 'differ-both'
}

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

function toFailure(e: unknown, now: Timestamp): ModelFailure {
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

/**
 * The remote model for the whole app: the saved server settings (shared by Settings and the Analyze page),
 * one "Ask the model" at a time, and the outbox of requests made while offline.
 */
export class ModelState {
  settings = $state.raw<ModelSettings>(DEFAULT_MODEL_SETTINGS)
  /** True once the saved settings were read (or there is no store). */
  loaded = $state(false)
  /** A server is set up well enough to ask. */
  configured = $derived(validateSettings(this.settings).length === 0)

  phase = $state<AskPhase>('idle')
  /** The answer text so far (streamed) or in full. */
  text = $state('')
  reply = $state.raw<ModelReply | null>(null)
  parse = $state.raw<AnswerParse | null>(null)
  error = $state.raw<ModelFailure | null>(null)
  /** A retry is waiting (503, 429, a dropped connection). */
  retrying = $state.raw<{ attempt: number; delayMs: Milliseconds; kind: ModelErrorKind } | null>(null)
  askedFor = $state.raw<AskedFor | null>(null)
  /** The last failure could be queued (offline, or the network failed). */
  canQueue = $state(false)
  /** Why the request could not be queued (no storage, queue full). */
  queueProblem = $state<'no-store' | 'full' | 'storage' | null>(null)
  queueProblemDetail = $state('')

  /** Requests waiting in the outbox (and those that gave up), oldest first. */
  outbox = $state.raw<readonly OutboxRecord[]>([])
  /** Answers that arrived for queued requests during this visit, newest first. */
  delivered = $state.raw<readonly DeliveredAnswer[]>([])
  flushing = $state(false)
  /** The browser says it has a network (kept current by start()). */
  online = $state(true)
  /** Why the saved settings or the outbox could not be read (the defaults are used). */
  loadError = $state<string | null>(null)
  /** Why the last settings write failed, if it did. */
  saveError = $state<string | null>(null)

  readonly #deps: ModelDeps
  #abort: AbortController | null = null
  #pending: { wav: Uint8Array; settings: ModelSettings; askedFor: AskedFor } | null = null
  #queuedId: string | null = null
  #started = false
  #retryTimer: ReturnType<typeof setTimeout> | undefined = undefined
  /** Requests the user removed during this visit (a send in flight must not put them back). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #discarded = new Set<string>()
  #names = new SvelteMap<string, string>()
  #flushAgain = false

  constructor(deps: ModelDeps) {
    this.#deps = deps
    this.online = deps.isOnline()
  }

  /** Requests still to send (not given up). */
  get waiting(): number {
    return this.outbox.filter((o) => !o.gaveUp).length
  }

  /** Reads the saved settings and the outbox, listens for the network, and sends what is due. Returns a stop. */
  async start(): Promise<() => void> {
    try {
      await this.load()
    } catch (e) {
      this.loadError = e instanceof Error ? e.message : String(e)
      this.loaded = true
    }
    const off = this.#deps.watchNetwork((online) => {
      this.online = online
      if (online) void this.flush(true)
    })
    this.#started = true
    // A new visit respects the backoff: a dead server is not asked again on every page load.
    if (this.#deps.isOnline() && this.waiting > 0) void this.flush()
    else this.#scheduleNext()
    return () => {
      off()
      this.#started = false
      clearTimeout(this.#retryTimer)
    }
  }

  /** Reads the saved settings and the outbox from the store. */
  async load(): Promise<void> {
    const store = this.#deps.store
    if (store) {
      const entries = await Promise.all(
        Object.entries(MODEL_SETTING_KEYS).map(async ([field, key]) => [field, await store.getSetting(key)]),
      )
      this.settings = settingsFromValues(Object.fromEntries(entries) as Record<keyof ModelSettings, unknown>)
      this.outbox = await store.listOutbox()
    }
    this.loaded = true
  }

  /** Saves new settings (an empty key is removed from the store, not stored empty). */
  async save(settings: ModelSettings): Promise<void> {
    const store = this.#deps.store
    this.saveError = null
    if (store) {
      try {
        for (const [field, key] of Object.entries(MODEL_SETTING_KEYS)) {
          const value = settings[field as keyof ModelSettings]
          if (value === undefined || value === '') await store.deleteSetting(key)
          else await store.setSetting(key, value)
        }
      } catch (e) {
        this.saveError = e instanceof Error ? e.message : String(e)
        throw e
      }
    }
    this.settings = settings
  }

  /** Forgets the API key, on this device, at once. */
  async clearKey(): Promise<void> {
    const rest: ModelSettings = { ...this.settings }
    delete (rest as { apiKey?: string }).apiKey
    await this.#deps.store?.deleteSetting(MODEL_SETTING_KEYS.apiKey)
    this.settings = rest
  }

  /** Asks the model about a segment of a clip. A newer ask cancels an older one still running. */
  /**
   * Asks the configured model about a ready-made 16 kHz WAV and returns its raw answer, with none of this
   * panel's state (for batch work: pack proposals, evaluation). Throws the ModelError as it is.
   */
  async askRaw(wav16k: Uint8Array, signal?: AbortSignal): Promise<string> {
    const reply = await askModel(this.settings, wav16k, {
      signal,
      fetch: this.#deps.fetch,
      sleep: this.#deps.sleep,
      random: this.#deps.random,
      now: this.#deps.now,
    })
    return reply.raw
  }

  async ask(clip: ClipAudio, segment: Segment): Promise<void> {
    if (!this.configured) return
    this.cancel()
    const abort = new AbortController()
    this.#abort = abort
    const settings = this.settings
    const askedFor: AskedFor = { clipName: clip.name, segment }
    this.#reset(askedFor)
    this.phase = 'preparing'
    let wav: Uint8Array
    try {
      wav = await this.#deps.prepareWav(clip, segment)
    } catch (e) {
      if (this.#abort !== abort) return
      this.#abort = null
      this.phase = 'failed'
      this.error = { kind: 'prepare', message: e instanceof Error ? e.message : String(e) }
      return
    }
    if (this.#abort !== abort) return
    this.#pending = { wav, settings, askedFor }
    if (!this.#deps.isOnline()) {
      this.#abort = null
      this.phase = 'offline'
      this.canQueue = true
      return
    }
    this.phase = 'sending'
    try {
      const reply = await askModel(settings, wav, {
        signal: abort.signal,
        fetch: this.#deps.fetch,
        sleep: this.#deps.sleep,
        random: this.#deps.random,
        now: this.#deps.now,
        onDelta: (_d, text) => {
          if (this.#abort === abort) {
            this.text = text
            this.retrying = null
          }
        },
        onRetry: (n: RetryNotice) => {
          if (this.#abort === abort)
            this.retrying = { attempt: n.attempt, delayMs: n.delayMs, kind: n.error.kind }
        },
      })
      if (this.#abort !== abort) return
      this.#showReply(reply)
      this.#pending = null
    } catch (e) {
      if (this.#abort !== abort) return
      this.retrying = null
      if (e instanceof ModelError && e.kind === 'aborted') {
        this.phase = 'cancelled'
        return
      }
      this.phase = 'failed'
      this.error = toFailure(e, this.#deps.now())
      if (e instanceof ModelError && e.partialText) this.text = e.partialText
      // Only a request that never reached the server is worth queueing for later.
      this.canQueue = e instanceof ModelError && (e.kind === 'network' || !this.#deps.isOnline())
    } finally {
      if (this.#abort === abort) this.#abort = null
    }
  }

  /** Stops the request in flight (the analyzer's result is untouched). */
  cancel(): void {
    if (!this.#abort) return
    this.#abort.abort()
    this.#abort = null
    if (this.phase === 'sending' || this.phase === 'preparing') this.phase = 'cancelled'
    this.retrying = null
  }

  /** Puts the request that could not be sent into the outbox, to be sent when the network is back. */
  async queue(): Promise<boolean> {
    const pending = this.#pending
    if (!pending || !this.canQueue) return false
    const store = this.#deps.store
    this.queueProblem = null
    if (!store) {
      this.queueProblem = 'no-store'
      return false
    }
    const id = this.#deps.newId()
    const now = this.#deps.now()
    const wav = new Blob([pending.wav.slice().buffer as ArrayBuffer], { type: 'audio/wav' })
    let current: OutboxRecord[]
    try {
      current = await this.#readOutbox(store)
    } catch (e) {
      this.#storageProblem(e)
      return false
    }
    const { queue, accepted } = enqueue(
      current,
      {
        id,
        payload: {
          wav,
          settings: settingsSnapshot(pending.settings),
          ...(pending.askedFor.clipName ? { clipName: pending.askedFor.clipName } : {}),
        },
      },
      now,
    )
    if (!accepted) {
      this.queueProblem = 'full'
      this.queueProblemDetail = String(DEFAULT_QUEUE_POLICY.maxItems)
      return false
    }
    const record = queue.find((q) => q.id === id)
    try {
      if (record) await store.putOutbox(record)
    } catch (e) {
      this.queueProblem = 'storage'
      this.queueProblemDetail = e instanceof Error ? e.message : String(e)
      return false
    }
    this.outbox = queue
    this.#names.set(id, pending.askedFor.clipName)
    this.#queuedId = id
    this.#pending = null
    this.canQueue = false
    this.phase = 'queued'
    this.error = null
    if (this.#deps.isOnline()) void this.flush(true)
    return true
  }

  /**
   * Sends what is due in the outbox, oldest first, while the network is up. `now` = true ignores the backoff
   * (the network just came back, or the user pressed "send now").
   */
  async flush(now = false): Promise<void> {
    const store = this.#deps.store
    if (!store) return
    if (this.flushing) {
      this.#flushAgain = true
      return
    }
    this.flushing = true
    try {
      let queue: OfflineQueue<OutboxPayload> = await this.#readOutbox(store)
      if (now) queue = retryAllNow(queue, this.#deps.now())
      for (let item = nextDue(queue, this.#deps.now()); item; item = nextDue(queue, this.#deps.now())) {
        if (!this.#deps.isOnline()) break
        const settings = this.#settingsFor(item.payload.settings)
        try {
          if (!item.payload.wav) throw new ModelError('bad-request', 'The queued request has no audio.')
          const wav = new Uint8Array(await item.payload.wav.arrayBuffer())
          const reply = await askModel(settings, wav, {
            fetch: this.#deps.fetch,
            sleep: this.#deps.sleep,
            random: this.#deps.random,
            now: this.#deps.now,
          })
          // The answer is shown first: a failure to delete the sent request must not lose it.
          this.#delivered(item, reply)
          queue = dequeue(queue, item.id)
          try {
            await store.deleteOutbox(item.id)
          } catch (e) {
            this.#storageProblem(e)
          }
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e)
          const retry = e instanceof ModelError && isRetryable(e)
          queue = retry
            ? markFailed(queue, item.id, message, this.#deps.now())
            : queue.map((q) =>
                q.id === item.id ? { ...q, attempts: q.attempts + 1, lastError: message, gaveUp: true } : q,
              )
          // Removed by the user while it was being sent: do not write it back.
          if (this.#discarded.has(item.id)) queue = dequeue(queue, item.id)
          const updated = queue.find((q) => q.id === item.id)
          if (updated) await store.putOutbox(updated)
          if (item.id === this.#queuedId && updated?.gaveUp) {
            this.phase = 'failed'
            this.error = toFailure(e, this.#deps.now())
            this.#queuedId = null
          }
          // Still unreachable: the rest would fail the same way.
          if (e instanceof ModelError && (e.kind === 'network' || e.kind === 'cors')) break
        }
        this.outbox = this.#visible(queue)
      }
      this.outbox = this.#visible(queue)
    } catch (e) {
      // The outbox could not be read or written: say so rather than fail silently.
      this.#storageProblem(e)
    } finally {
      this.flushing = false
    }
    if (this.#flushAgain) {
      this.#flushAgain = false
      await this.flush(now)
      return
    }
    this.#scheduleNext()
  }

  /** The queue as shown: without what the user removed meanwhile. */
  #visible(queue: OfflineQueue<OutboxPayload>): OutboxRecord[] {
    return queue.filter((q) => !this.#discarded.has(q.id))
  }

  /** When the next waiting request is due (its backoff), while this page is open: try it then. */
  #scheduleNext(): void {
    clearTimeout(this.#retryTimer)
    if (!this.#started) return
    const waiting = this.outbox.filter((o) => !o.gaveUp)
    if (waiting.length === 0) return
    const at = Math.min(...waiting.map((o) => o.notBefore))
    const wait = Math.max(1000, at - this.#deps.now())
    this.#retryTimer = setTimeout(() => {
      if (this.#deps.isOnline()) void this.flush()
    }, wait)
  }

  /** Drops a queued (or given-up) request, even while it is being sent. */
  async discard(id: string): Promise<void> {
    this.#discarded.add(id)
    await this.#deps.store?.deleteOutbox(id)
    this.outbox = this.outbox.filter((o) => o.id !== id)
    if (id === this.#queuedId) {
      this.#queuedId = null
      this.phase = 'idle'
    }
  }

  /** The clip name a queued request was made for (kept with the request, so a reload still knows it). */
  nameOf(id: string): string | undefined {
    return this.#names.get(id) ?? this.outbox.find((o) => o.id === id)?.payload.clipName
  }

  /** A failure of the outbox's storage, shown beside the queue. */
  #storageProblem(e: unknown): void {
    this.queueProblem = 'storage'
    this.queueProblemDetail = e instanceof Error ? e.message : String(e)
  }

  #reset(askedFor: AskedFor | null): void {
    this.askedFor = askedFor
    this.text = ''
    this.reply = null
    this.parse = null
    this.error = null
    this.retrying = null
    this.canQueue = false
    this.queueProblem = null
    this.#pending = null
    this.#queuedId = null
  }

  #showReply(reply: ModelReply): void {
    this.reply = reply
    this.text = reply.raw
    this.parse = parseAnswer(reply.raw)
    this.phase = 'done'
    this.retrying = null
  }

  #delivered(item: OutboxRecord, reply: ModelReply): void {
    const answer: DeliveredAnswer = {
      id: item.id,
      queuedAt: item.createdAt,
      clipName: this.#names.get(item.id) ?? item.payload.clipName,
      reply,
      parse: parseAnswer(reply.raw),
    }
    this.delivered = [answer, ...this.delivered].slice(0, 20)
    if (item.id === this.#queuedId) {
      this.#queuedId = null
      this.#showReply(reply)
    }
  }

  async #readOutbox(store: ModelStore): Promise<OutboxRecord[]> {
    return store.listOutbox()
  }

  /** A queued request's settings, with the key only if it still goes to the same server. */
  #settingsFor(snapshot: JsonObject): ModelSettings {
    const saved = settingsFromValues(snapshot as Partial<Record<keyof ModelSettings, unknown>>)
    const key = this.settings.apiKey
    const sameServer =
      key &&
      serverRoot(saved.baseUrl) !== null &&
      serverRoot(saved.baseUrl) === serverRoot(this.settings.baseUrl)
    return sameServer ? { ...saved, apiKey: key } : saved
  }
}
