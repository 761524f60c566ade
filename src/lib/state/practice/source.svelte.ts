import type { JsonValue } from '../../store/schema.ts'
import type { Timestamp } from '../../theory/units.ts'
import type { Attempt } from '../../tutor/types.ts'
import { PRACTICE_FOCUS_KEY, type PracticeFocus } from '../progress.svelte.ts'
import { readFocus, type ActiveFocus } from './focus.ts'
import { freeOptions, type FreeOptions } from './free.ts'
import type { PracticeWrites } from './writes.svelte.ts'

/**
 * Where the drill's questions come from: a rung of the ladder (one the learner chose, or the current one as it
 * advances) or free practice, which may follow a "practise these" focus from the Progress page until the learner
 * leaves it. The focus stays in the store while it is followed, so a reload goes on with it.
 */
export class PracticeSource {
  /** The rung chosen by the learner, or null to follow the current rung as it advances. */
  chosenRung = $state<string | null>(null)
  /** Free practice settings when free practice is on. */
  free = $state.raw<FreeOptions | null>(null)
  /** The "practise these" focus free practice follows, until the learner leaves it. */
  focus = $state.raw<ActiveFocus | null>(null)
  /** Set when a saved focus could not be read (it is dropped; the ladder goes on). */
  focusProblem = $state<'invalid' | null>(null)

  readonly #writes: PracticeWrites
  #focusRaw: PracticeFocus | null = null

  constructor(writes: PracticeWrites) {
    this.#writes = writes
  }

  /** Follows a rung of the ladder (null: the current one), leaving free practice and any focus. */
  followRung(id: string | null): void {
    this.free = null
    this.chosenRung = id
    this.leaveFocus()
  }

  /** Free practice with these choices, leaving any focus. */
  startFree(opts: FreeOptions): void {
    this.leaveFocus()
    this.free = freeOptions(opts)
  }

  /** Leaves focus mode: the focus is forgotten here and in the store (free practice itself goes on). */
  leaveFocus(): void {
    if (!this.focus && !this.#focusRaw) return
    this.focus = null
    this.#focusRaw = null
    this.#writes.deleteSetting(PRACTICE_FOCUS_KEY)
  }

  /**
   * Starts the free practice a saved focus asks for and returns true, or drops a focus that is stale or
   * unreadable (from the store too) and returns false.
   */
  applyFocus(value: JsonValue, now: Timestamp, attempts: readonly Attempt[]): boolean {
    const focus = readFocus(value, now, attempts)
    if (focus === 'stale' || focus === 'invalid') {
      if (focus === 'invalid') this.focusProblem = 'invalid'
      this.#writes.deleteSetting(PRACTICE_FOCUS_KEY)
      return false
    }
    this.focus = focus
    this.#focusRaw = value as unknown as PracticeFocus
    this.chosenRung = null
    this.free = freeOptions(focus.options)
    return true
  }

  /** Practising in focus mode keeps the focus fresh: a reload goes on with it. */
  practised(at: Timestamp): void {
    if (!this.#focusRaw || !this.focus) return
    this.#focusRaw = { ...this.#focusRaw, at }
    this.#writes.setSetting(PRACTICE_FOCUS_KEY, this.#focusRaw as unknown as JsonValue)
  }
}
