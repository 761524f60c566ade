import type { JsonValue } from '../../store/schema.ts'
import { applyAttempt, type ReviewCard } from '../../tutor/scheduler.ts'
import type { Attempt } from '../../tutor/types.ts'
import { toUiError, type UiError } from '../ui-error.ts'
import { cardToRecord, recordToCard } from './cards.ts'
import type { PracticeStore } from './deps.ts'

/**
 * The drill's writes to the store, queued so that attempts, cards and settings are saved in order; a failure is
 * shown (`saveError`) without losing what is in memory. Without a store every write is a no-op.
 */
export class PracticeWrites {
  saving = $state(false)
  saveError = $state<UiError | null>(null)
  /** Attempts saved in this session. */
  saved = $state(0)

  readonly #store: PracticeStore | null
  #writes: Promise<void> = Promise.resolve()
  // Private bookkeeping, never rendered: a plain set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #savedIds = new Set<string>()
  #pending = 0

  constructor(store: PracticeStore | null) {
    this.#store = store
  }

  /**
   * Saves an attempt and reviews its cards (none: the attempt alone, saved again with the analyzer's label);
   * `onCards` gets the cards as written.
   */
  saveAttempt(
    attempt: Attempt,
    cards: readonly ReviewCard[],
    onCards: (written: ReviewCard[]) => void,
  ): void {
    const store = this.#store
    if (!store) return
    this.#pending++
    this.saving = true
    this.#writes = this.#writes.then(async () => {
      try {
        // The cards are re-derived from what is stored, inside the store's transaction: another tab may have
        // reviewed them since this one loaded, and its reviews must not be overwritten by this tab's copy.
        // (An attempt saved again with the analyzer's label, `cards` empty, reviews nothing a second time.)
        const written =
          cards.length === 0
            ? (await store.addAttempt(attempt), [])
            : await store.recordAttempt(attempt, (stored) =>
                applyAttempt(stored.map(recordToCard), attempt).map((c) => cardToRecord(c, attempt.at)),
              )
        onCards(written.map(recordToCard))
        this.#savedIds.add(attempt.id)
        this.saved = this.#savedIds.size
        this.saveError = null
      } catch (e) {
        this.saveError = toUiError(e, 'store')
      } finally {
        this.saving = --this.#pending > 0
      }
    })
  }

  setSetting(key: string, value: JsonValue): void {
    this.#queue((store) => store.setSetting(key, value))
  }

  deleteSetting(key: string): void {
    this.#queue((store) => store.deleteSetting(key))
  }

  /** Resolves when every pending write has finished. */
  flush(): Promise<void> {
    return this.#writes
  }

  #queue(write: (store: PracticeStore) => Promise<void>): void {
    const store = this.#store
    if (!store) return
    this.#writes = this.#writes.then(async () => {
      try {
        await write(store)
      } catch (e) {
        this.saveError = toUiError(e, 'store')
      }
    })
  }
}
