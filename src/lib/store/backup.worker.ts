// Reads and validates a backup off the page's main thread: inflating, JSON parsing and checking a large backup
// take seconds, and the page must keep answering meanwhile. Asked to, it also merges the backup into the
// database here (IndexedDB is open to workers): cloning 100,000 records into the store then costs the page nothing.
import { BackupError, readBackup, type ImportProgress } from './backup.ts'
import type { BackupLimits } from './backup-format.ts'
import { StoreError, type StoreErrorKind } from './errors.ts'
import { openStore } from './idb-store.ts'
import type { SettingRecord } from './schema.ts'
import type { MergeCounts } from './store.ts'

/** What the page sends first. */
export interface BackupReadRequest {
  readonly file: Blob
  readonly limits?: Partial<BackupLimits>
  /**
   * Merge into this IndexedDB database here, once the page has checked the settings (it answers 'settings' with
   * a BackupGoAhead). Without it the records are sent to the page.
   */
  readonly mergeInto?: string
}

/** The page's answer to 'settings': write, or stop (a setting was refused; nothing is written). */
export interface BackupGoAhead {
  readonly go: boolean
}

/** What the worker answers: progress, then the result or the refusal. */
export type BackupReadMessage =
  | { readonly type: 'progress'; readonly progress: ImportProgress }
  | { readonly type: 'records'; readonly part: ChunkedPart; readonly records: readonly unknown[] }
  | { readonly type: 'done'; readonly result: Awaited<ReturnType<typeof readBackup>> }
  /** Merging: the backup is valid; its settings, for the page to check with the app's readers. */
  | { readonly type: 'settings'; readonly settings: readonly SettingRecord[] }
  /** Merging: written. */
  | {
      readonly type: 'merged'
      readonly counts: MergeCounts
      readonly exportedAt: number
      readonly schemaVersion: number
    }
  | { readonly type: 'refused'; readonly reason: BackupError['reason']; readonly message: string }
  | { readonly type: 'store-failed'; readonly kind: StoreErrorKind; readonly message: string }
  | { readonly type: 'failed'; readonly message: string }

/** The parts that can hold many records: sent in slices, so the page decodes each in a short task of its own. */
export const CHUNKED_PARTS = ['attempts', 'cards', 'results'] as const
export type ChunkedPart = (typeof CHUNKED_PARTS)[number]
/** Records per message. */
const SLICE = 5000

const post = (m: BackupReadMessage) => postMessage(m)

/** The page's next message (the answer to 'settings'). */
const nextAnswer = () =>
  new Promise<BackupGoAhead>((resolve) =>
    addEventListener('message', (e: MessageEvent<BackupGoAhead>) => resolve(e.data), { once: true }),
  )

addEventListener(
  'message',
  async (event: MessageEvent<BackupReadRequest>) => {
    const { file, limits, mergeInto } = event.data
    try {
      const result = await readBackup(file, {
        ...(limits ? { limits } : {}),
        onProgress: (progress) => post({ type: 'progress', progress }),
      })
      if (mergeInto !== undefined) {
        const answer = nextAnswer()
        post({ type: 'settings', settings: result.snapshot.settings })
        if (!(await answer).go) return
        const store = await openStore(mergeInto)
        try {
          const counts = await store.merge(result.snapshot, (done, total) =>
            post({ type: 'progress', progress: { phase: 'saving', done, total } }),
          )
          const { exportedAt, schemaVersion } = result.manifest
          return post({ type: 'merged', counts, exportedAt, schemaVersion })
        } finally {
          store.close()
        }
      }
      // One message of 100,000 records takes the page over a second to decode; slices keep each under ~100 ms.
      const rest = { ...result.snapshot }
      const manifest = { ...result.manifest }
      for (const part of CHUNKED_PARTS) {
        const records = result.snapshot[part]
        for (let i = 0; i < records.length; i += SLICE)
          post({ type: 'records', part, records: records.slice(i, i + SLICE) })
        Object.assign(rest, { [part]: [] })
        Object.assign(manifest, { [part]: [] })
      }
      post({ type: 'done', result: { manifest, snapshot: rest } })
    } catch (e) {
      if (e instanceof BackupError) post({ type: 'refused', reason: e.reason, message: e.message })
      else if (e instanceof StoreError) post({ type: 'store-failed', kind: e.kind, message: e.message })
      else post({ type: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
    }
  },
  { once: true },
)
