import type { Store } from '../store/store.ts'
import type { ReferencePlayer } from '../audio/player.ts'
import type { AnalyzeSession, UiError } from './analyze.svelte.ts'
import type { ReferenceScale } from './reference.svelte.ts'
import type { ModelState } from './model.svelte.ts'
import type { Preferences } from './preferences.svelte.ts'
import type { Timestamp } from '../theory/units.ts'

/** App-wide notices (another tab upgraded the database, storage problems…), shown as a banner. */
export class AppStatus {
  /** The store could not be opened: the app works, but nothing is saved. */
  storeError = $state<UiError | null>(null)
  /** Another tab opened a newer version of the database: this tab must reload to keep saving. */
  reloadNeeded = $state(false)
  /** Another tab holds an older version open, so the upgrade waits. */
  blocked = $state(false)
  persistence = $state<'granted' | 'denied' | 'unsupported' | 'unknown'>('unknown')
}

/**
 * Everything the pages share, built once by main.ts and handed down by context. Feature pages build their
 * own state classes from these.
 */
export interface Services {
  /** The IndexedDB store, or null when it could not be opened (see `status.storeError`). */
  readonly store: Store | null
  readonly status: AppStatus
  readonly player: ReferencePlayer
  readonly analyze: AnalyzeSession
  readonly reference: ReferenceScale
  /** The remote model: saved server settings, asking, and the offline outbox (Settings and Analyze share it). */
  readonly model: ModelState
  /** The clock, passed in so that state classes can be tested with fixed times. */
  readonly now: () => Timestamp
  /** Random numbers for drills (seeded in tests). */
  readonly random: () => number
  /** Per-device choices such as single-key shortcuts; absent in tests that do not need them (defaults apply). */
  readonly preferences?: Preferences
}
