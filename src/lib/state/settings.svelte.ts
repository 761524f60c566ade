import {
  testConnection,
  validateSettings,
  type ConnectionReport,
  type ModelProtocol,
  type ModelSettings,
  type SettingsProblem,
} from '../model/index.ts'
import { SNAPSHOT_PARTS, type MergeCounts } from '../store/store.ts'
import type { Timestamp } from '../theory/units.ts'
import type { ModelState } from './model/model.svelte.ts'

// What the Settings pages show of the adapters' plain data: the UI imports state, never the adapters themselves.
export { SNAPSHOT_PARTS }
export type { ImportProgress } from '../store/backup.ts'
export type { DamagedRecord } from '../store/records.ts'
export { formatBytes } from '../archive/bytes.ts'
export {
  DEFAULT_QUESTION,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  MODEL_PROTOCOLS,
  serverRoot,
  type ModelProtocol,
  type ModelSettings,
  type SettingsProblem,
} from '../model/settings.ts'
export { matchingPreset, MODEL_PRESETS } from '../model/presets.ts'

/** What the Settings form needs; main.ts/the page pass the real ones, tests pass fakes. */
export interface SettingsFormDeps {
  readonly model: ModelState
  /** `location.protocol` of the app, to warn that an https page cannot call an http:// server. */
  readonly pageProtocol: string
  readonly test?: typeof testConnection
  readonly fetch?: typeof fetch
}

/**
 * The "Model server" form: a draft of the settings, its problems per field, Save, Test connection and
 * clearing the key. Nothing changes the saved settings until Save.
 */
export class SettingsForm {
  readonly #deps: SettingsFormDeps
  baseUrl = $state('')
  apiKey = $state('')
  model = $state('')
  protocol = $state<ModelProtocol>('llamafactory')
  question = $state('')
  systemPrompt = $state('')
  /** Seconds, as typed. */
  timeoutSeconds = $state<string | number | null>('')
  stream = $state(false)

  /** The form as settings (the timeout NaN when it is not a number, which validation reports). */
  draft = $derived<ModelSettings>(this.#toSettings())
  problems = $derived<readonly SettingsProblem[]>(this.#validate())
  /** Show problems only after the user tried to save or test (not while the form is fresh). */
  showProblems = $state(false)
  saving = $state(false)
  /** When the settings were last saved in this visit (for "Saved"). */
  savedAt = $state<Timestamp | null>(null)
  saveError = $state<string | null>(null)
  testing = $state(false)
  report = $state.raw<ConnectionReport | null>(null)
  /** The draft differs from what is saved. */
  dirty = $derived(!sameSettings(this.draft, this.#saved()))

  #abort: AbortController | null = null

  constructor(deps: SettingsFormDeps) {
    this.#deps = deps
    this.reset()
  }

  /** True when a key is saved on this device. */
  get hasSavedKey(): boolean {
    return Boolean(this.#deps.model.settings.apiKey)
  }

  /** The first problem of a field (shown under it), when problems are shown. */
  problem(field: keyof ModelSettings): SettingsProblem | undefined {
    return this.showProblems ? this.problems.find((p) => p.field === field) : undefined
  }

  /** Fills the form from the saved settings. */
  reset(): void {
    const s = this.#deps.model.settings
    this.baseUrl = s.baseUrl
    this.apiKey = s.apiKey ?? ''
    this.model = s.model
    this.protocol = s.protocol
    this.question = s.question
    this.systemPrompt = s.systemPrompt ?? ''
    this.timeoutSeconds = s.timeoutMs / 1000
    this.stream = s.stream
    this.showProblems = false
    this.report = null
  }

  /** Saves the draft when it is valid; returns whether it did. */
  async save(now: Timestamp): Promise<boolean> {
    this.showProblems = true
    this.saveError = null
    if (this.problems.length > 0) return false
    this.saving = true
    try {
      await this.#deps.model.save(this.draft)
      this.savedAt = now
      return true
    } catch (e) {
      this.saveError = e instanceof Error ? e.message : String(e)
      return false
    } finally {
      this.saving = false
    }
  }

  /** Forgets the saved key at once (and empties the field). */
  async clearKey(): Promise<void> {
    this.saveError = null
    try {
      await this.#deps.model.clearKey()
      this.apiKey = ''
    } catch (e) {
      this.saveError = e instanceof Error ? e.message : String(e)
    }
  }

  /** Tests the draft as typed (saved or not): settings, /v1/models, then a tiny real request. */
  async test(): Promise<void> {
    this.showProblems = true
    this.cancelTest()
    const abort = new AbortController()
    this.#abort = abort
    this.testing = true
    this.report = null
    try {
      const report = await (this.#deps.test ?? testConnection)(this.draft, {
        fetch: this.#deps.fetch,
        signal: abort.signal,
      })
      if (this.#abort === abort) this.report = report
    } catch (e) {
      if (this.#abort === abort)
        this.report = { ok: false, kind: 'bad-request', message: e instanceof Error ? e.message : String(e) }
    } finally {
      if (this.#abort === abort) {
        this.#abort = null
        this.testing = false
      }
    }
  }

  cancelTest(): void {
    this.#abort?.abort()
    this.#abort = null
    this.testing = false
  }

  #validate(): SettingsProblem[] {
    return validateSettings(this.draft, { pageProtocol: this.#deps.pageProtocol })
  }

  #saved(): ModelSettings {
    return this.#deps.model.settings
  }

  #toSettings(): ModelSettings {
    // A number input bound with bind:value hands over a number (or null when empty), a text input a string.
    const raw = String(this.timeoutSeconds ?? '').trim()
    const seconds = raw === '' ? NaN : Number(raw)
    const saved = this.#deps.model.settings
    return {
      baseUrl: this.baseUrl.trim(),
      model: this.model.trim(),
      protocol: this.protocol,
      question: this.question.trim(),
      timeoutMs: Math.round(seconds * 1000),
      stream: this.stream,
      maxTokens: saved.maxTokens,
      ...(this.apiKey ? { apiKey: this.apiKey } : {}),
      ...(this.systemPrompt.trim() ? { systemPrompt: this.systemPrompt.trim() } : {}),
    }
  }
}

function sameSettings(a: ModelSettings, b: ModelSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ModelSettings>
  return [...keys].every((k) => a[k] === b[k])
}

/** Storage used and available, from navigator.storage.estimate(). */
export interface StorageUsage {
  readonly usage: number
  readonly quota: number
}

/** An import's outcome as the UI shows it. */
export type ImportOutcome =
  | { readonly ok: true; readonly counts: MergeCounts; readonly exportedAt: Timestamp }
  | {
      readonly ok: false
      readonly reason: string
      readonly message: string
      /** The setting's key, when a setting was refused. */
      readonly setting?: string
    }

/** What "Your data" needs: the backup functions bound to the store, the browser's storage, a download. */
export interface DataDeps {
  /** Null when there is no store (nothing to back up, nowhere to import). */
  readonly exportBackup: (() => Promise<Blob>) | null
  readonly importBackup: ((file: Blob) => Promise<{ counts: MergeCounts; exportedAt: Timestamp }>) | null
  readonly fileName: () => string
  readonly download: (blob: Blob, name: string) => void
  readonly estimate: () => Promise<StorageUsage | null>
}

/** The "Your data" section: backup export and import, and how much the browser lets the app keep. */
export class DataSettings {
  exporting = $state(false)
  /** The last export: its file name and size. */
  exported = $state.raw<{ name: string; bytes: number } | null>(null)
  exportError = $state<string | null>(null)
  importing = $state(false)
  imported = $state.raw<ImportOutcome | null>(null)
  usage = $state.raw<StorageUsage | null>(null)

  readonly #deps: DataDeps

  constructor(deps: DataDeps) {
    this.#deps = deps
  }

  get available(): boolean {
    return this.#deps.exportBackup !== null
  }

  async refreshUsage(): Promise<void> {
    try {
      this.usage = await this.#deps.estimate()
    } catch {
      this.usage = null
    }
  }

  async export(): Promise<void> {
    const run = this.#deps.exportBackup
    if (!run) return
    this.exporting = true
    this.exportError = null
    this.exported = null
    try {
      const blob = await run()
      const name = this.#deps.fileName()
      this.#deps.download(blob, name)
      this.exported = { name, bytes: blob.size }
    } catch (e) {
      this.exportError = e instanceof Error ? e.message : String(e)
    } finally {
      this.exporting = false
    }
  }

  /** Imports a backup file: counts added/skipped, or the specific reason it was refused (nothing written). */
  async import(file: Blob): Promise<void> {
    const run = this.#deps.importBackup
    if (!run) return
    this.importing = true
    this.imported = null
    try {
      const { counts, exportedAt } = await run(file)
      this.imported = { ok: true, counts, exportedAt }
      void this.refreshUsage()
    } catch (e) {
      const reason =
        e && typeof e === 'object' && 'reason' in e && typeof e.reason === 'string'
          ? e.reason
          : e && typeof e === 'object' && 'kind' in e && typeof e.kind === 'string'
            ? `store-${e.kind}`
            : 'unknown'
      const setting =
        e && typeof e === 'object' && 'setting' in e && typeof e.setting === 'string' ? e.setting : undefined
      this.imported = {
        ok: false,
        reason,
        message: e instanceof Error ? e.message : String(e),
        ...(setting !== undefined ? { setting } : {}),
      }
    } finally {
      this.importing = false
    }
  }
}
