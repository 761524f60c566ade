/** Where preferences are kept (localStorage in the app; a Map in tests). Either may throw when blocked. */
export interface PreferenceStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const SHORTCUTS_KEY = 'wusheng.shortcuts'

/** Small per-device choices that are not model settings: for now, whether single-key shortcuts are on. */
export class Preferences {
  /** Single-key shortcuts (practice keys 1–5, Enter, Space/R, T). Off for speech input users (WCAG 2.1.4). */
  shortcuts = $state(true)
  readonly #storage: PreferenceStorage | null

  constructor(storage: PreferenceStorage | null) {
    this.#storage = storage
    try {
      this.shortcuts = storage?.getItem(SHORTCUTS_KEY) !== 'off'
    } catch {
      this.shortcuts = true
    }
  }

  setShortcuts(on: boolean): void {
    this.shortcuts = on
    try {
      this.#storage?.setItem(SHORTCUTS_KEY, on ? 'on' : 'off')
    } catch {
      // Blocked storage: the choice holds for this visit only.
    }
  }
}
