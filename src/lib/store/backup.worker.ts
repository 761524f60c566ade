// Reads and validates a backup off the page's main thread: inflating, JSON parsing and checking a large backup
// take seconds, and the page must keep answering meanwhile.
import { BackupError, readBackup, type ImportProgress } from './backup.ts'
import type { BackupLimits } from './backup-format.ts'

/** What the page sends. */
export interface BackupReadRequest {
  readonly file: Blob
  readonly limits?: Partial<BackupLimits>
}

/** What the worker answers: progress, then the result or the refusal. */
export type BackupReadMessage =
  | { readonly type: 'progress'; readonly progress: ImportProgress }
  | { readonly type: 'done'; readonly result: Awaited<ReturnType<typeof readBackup>> }
  | { readonly type: 'refused'; readonly reason: BackupError['reason']; readonly message: string }
  | { readonly type: 'failed'; readonly message: string }

const post = (m: BackupReadMessage) => postMessage(m)

addEventListener('message', async (event: MessageEvent<BackupReadRequest>) => {
  const { file, limits } = event.data
  try {
    const result = await readBackup(file, {
      ...(limits ? { limits } : {}),
      onProgress: (progress) => post({ type: 'progress', progress }),
    })
    post({ type: 'done', result })
  } catch (e) {
    if (e instanceof BackupError) post({ type: 'refused', reason: e.reason, message: e.message })
    else post({ type: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
  }
})
