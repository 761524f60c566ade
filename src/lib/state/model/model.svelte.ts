import {
  askModel,
  DEFAULT_MODEL_SETTINGS,
  ModelError,
  validateSettings,
  type ModelErrorKind,
  type ModelReply,
  type ModelSettings,
  type RetryNotice,
} from '../../model/index.ts'
import { parseAnswer, type AnswerParse } from '../../theory/answer.ts'
import type { OutboxRecord } from '../../store/schema.ts'
import type { Milliseconds } from '../../theory/units.ts'
import type { ClipAudio, Segment } from '../analyze.svelte.ts'
import { ModelOutbox } from './outbox.svelte.ts'
import { MODEL_SETTING_KEYS, settingsFromValues } from './settings.ts'
import {
  toFailure,
  type AskedFor,
  type AskPhase,
  type DeliveredAnswer,
  type ModelDeps,
  type ModelFailure,
} from './types.ts'

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
  readonly #outbox: ModelOutbox

  constructor(deps: ModelDeps) {
    this.#deps = deps
    this.online = deps.isOnline()
    this.#outbox = new ModelOutbox(deps, {
      settings: () => this.settings,
      answered: (id, reply) => {
        if (id !== this.#queuedId) return
        this.#queuedId = null
        this.#showReply(reply)
      },
      gaveUp: (id, e) => {
        if (id !== this.#queuedId) return
        this.phase = 'failed'
        this.error = toFailure(e, this.#deps.now())
        this.#queuedId = null
      },
    })
  }

  // The outbox's state (documented in outbox.svelte.ts).
  get outbox(): readonly OutboxRecord[] {
    return this.#outbox.outbox
  }
  get delivered(): readonly DeliveredAnswer[] {
    return this.#outbox.delivered
  }
  get flushing(): boolean {
    return this.#outbox.flushing
  }
  get queueProblem(): ModelOutbox['queueProblem'] {
    return this.#outbox.queueProblem
  }
  get queueProblemDetail(): string {
    return this.#outbox.queueProblemDetail
  }
  /** Requests still to send (not given up). */
  get waiting(): number {
    return this.#outbox.waiting
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
    this.#outbox.start()
    return () => {
      off()
      this.#outbox.stop()
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
      await this.#outbox.load(store)
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

  /** Asks the model about a segment of a clip. A newer ask cancels an older one still running. */
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
    const id = await this.#outbox.add({ ...pending, clipName: pending.askedFor.clipName })
    if (id === null) return false
    this.#queuedId = id
    this.#pending = null
    this.canQueue = false
    this.phase = 'queued'
    this.error = null
    if (this.#deps.isOnline()) void this.flush(true)
    return true
  }

  /** Sends what is due in the outbox (`now`: ignoring the backoff). */
  flush(now = false): Promise<void> {
    return this.#outbox.flush(now)
  }

  /** Drops a queued (or given-up) request, even while it is being sent. */
  async discard(id: string): Promise<void> {
    await this.#outbox.discard(id)
    if (id === this.#queuedId) {
      this.#queuedId = null
      this.phase = 'idle'
    }
  }

  /** The clip name a queued request was made for (kept with the request, so a reload still knows it). */
  nameOf(id: string): string | undefined {
    return this.#outbox.nameOf(id)
  }

  #reset(askedFor: AskedFor | null): void {
    this.askedFor = askedFor
    this.text = ''
    this.reply = null
    this.parse = null
    this.error = null
    this.retrying = null
    this.canQueue = false
    this.#outbox.clearProblem()
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
}
