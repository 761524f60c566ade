import { SvelteMap } from 'svelte/reactivity'
import {
  askModel,
  DEFAULT_QUEUE_POLICY,
  dequeue,
  enqueue,
  isRetryable,
  markFailed,
  ModelError,
  nextDue,
  retryAllNow,
  serverRoot,
  type ModelReply,
  type ModelSettings,
  type OfflineQueue,
} from '../../model/index.ts'
import { parseAnswer } from '../../theory/answer.ts'
import type { JsonObject, OutboxPayload, OutboxRecord } from '../../store/schema.ts'
import { settingsFromValues, settingsSnapshot } from './settings.ts'
import type { DeliveredAnswer, ModelDeps, ModelStore } from './types.ts'

/** A request that could not be sent, to be queued. */
export interface UnsentRequest {
  readonly wav: Uint8Array
  readonly settings: ModelSettings
  readonly clipName: string
}

/** What the outbox tells the asking side about a queued request. */
export interface OutboxHooks {
  /** The settings in use now (a queued request gets the key only if it still goes to the same server). */
  settings(): ModelSettings
  /** A queued request was answered. */
  answered(id: string, reply: ModelReply): void
  /** A queued request gave up (a failure not worth retrying, or retried too often). */
  gaveUp(id: string, error: unknown): void
}

/**
 * The outbox of requests made while offline: queueing one (without its key), sending what is due oldest first
 * while the network is up, retrying with backoff while the page is open, and the answers that arrived.
 */
export class ModelOutbox {
  /** Requests waiting in the outbox (and those that gave up), oldest first. */
  outbox = $state.raw<readonly OutboxRecord[]>([])
  /** Answers that arrived for queued requests during this visit, newest first. */
  delivered = $state.raw<readonly DeliveredAnswer[]>([])
  flushing = $state(false)
  /** Why the request could not be queued (no storage, queue full), or why the outbox could not be read or written. */
  queueProblem = $state<'no-store' | 'full' | 'storage' | null>(null)
  queueProblemDetail = $state('')

  readonly #deps: ModelDeps
  readonly #hooks: OutboxHooks
  #started = false
  #retryTimer: ReturnType<typeof setTimeout> | undefined = undefined
  /** Requests the user removed during this visit (a send in flight must not put them back). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #discarded = new Set<string>()
  #names = new SvelteMap<string, string>()
  #flushAgain = false

  constructor(deps: ModelDeps, hooks: OutboxHooks) {
    this.#deps = deps
    this.#hooks = hooks
  }

  /** Requests still to send (not given up). */
  get waiting(): number {
    return this.outbox.filter((o) => !o.gaveUp).length
  }

  /** Reads the outbox from the store. */
  async load(store: ModelStore): Promise<void> {
    this.outbox = await store.listOutbox()
  }

  /** Sends what is due now, or waits for the next request's backoff; keeps doing so until stop(). */
  start(): void {
    this.#started = true
    // A new visit respects the backoff: a dead server is not asked again on every page load.
    if (this.#deps.isOnline() && this.waiting > 0) void this.flush()
    else this.#scheduleNext()
  }

  stop(): void {
    this.#started = false
    clearTimeout(this.#retryTimer)
  }

  clearProblem(): void {
    this.queueProblem = null
  }

  /** Puts a request into the outbox; returns its id, or null with `queueProblem` saying why it could not be. */
  async add(request: UnsentRequest): Promise<string | null> {
    const store = this.#deps.store
    this.queueProblem = null
    if (!store) {
      this.queueProblem = 'no-store'
      return null
    }
    const id = this.#deps.newId()
    const now = this.#deps.now()
    const wav = new Blob([request.wav.slice().buffer as ArrayBuffer], { type: 'audio/wav' })
    let current: OutboxRecord[]
    try {
      current = await store.listOutbox()
    } catch (e) {
      this.#storageProblem(e)
      return null
    }
    const { queue, accepted } = enqueue(
      current,
      {
        id,
        payload: {
          wav,
          settings: settingsSnapshot(request.settings),
          ...(request.clipName ? { clipName: request.clipName } : {}),
        },
      },
      now,
    )
    if (!accepted) {
      this.queueProblem = 'full'
      this.queueProblemDetail = String(DEFAULT_QUEUE_POLICY.maxItems)
      return null
    }
    const record = queue.find((q) => q.id === id)
    try {
      if (record) await store.putOutbox(record)
    } catch (e) {
      this.#storageProblem(e)
      return null
    }
    this.outbox = queue
    this.#names.set(id, request.clipName)
    return id
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
      let queue: OfflineQueue<OutboxPayload> = await store.listOutbox()
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
          if (updated?.gaveUp) this.#hooks.gaveUp(item.id, e)
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

  /** Drops a queued (or given-up) request, even while it is being sent. */
  async discard(id: string): Promise<void> {
    this.#discarded.add(id)
    await this.#deps.store?.deleteOutbox(id)
    this.outbox = this.outbox.filter((o) => o.id !== id)
  }

  /** The clip name a queued request was made for (kept with the request, so a reload still knows it). */
  nameOf(id: string): string | undefined {
    return this.#names.get(id) ?? this.outbox.find((o) => o.id === id)?.payload.clipName
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

  /** A failure of the outbox's storage, shown beside the queue. */
  #storageProblem(e: unknown): void {
    this.queueProblem = 'storage'
    this.queueProblemDetail = e instanceof Error ? e.message : String(e)
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
    this.#hooks.answered(item.id, reply)
  }

  /** A queued request's settings, with the key only if it still goes to the same server. */
  #settingsFor(snapshot: JsonObject): ModelSettings {
    const saved = settingsFromValues(snapshot as Partial<Record<keyof ModelSettings, unknown>>)
    const current = this.#hooks.settings()
    const key = current.apiKey
    const sameServer =
      key && serverRoot(saved.baseUrl) !== null && serverRoot(saved.baseUrl) === serverRoot(current.baseUrl)
    return sameServer ? { ...saved, apiKey: key } : saved
  }
}
