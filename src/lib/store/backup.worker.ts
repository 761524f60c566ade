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
  | { readonly type: 'records'; readonly part: ChunkedPart; readonly records: readonly unknown[] }
  | { readonly type: 'done'; readonly result: Awaited<ReturnType<typeof readBackup>> }
  | { readonly type: 'refused'; readonly reason: BackupError['reason']; readonly message: string }
  | { readonly type: 'failed'; readonly message: string }

/** The parts that can hold many records: sent in slices, so the page decodes each in a short task of its own. */
export const CHUNKED_PARTS = ['attempts', 'cards', 'results'] as const
export type ChunkedPart = (typeof CHUNKED_PARTS)[number]
/** Records per message. */
const SLICE = 5000

const post = (m: BackupReadMessage) => postMessage(m)

addEventListener('message', async (event: MessageEvent<BackupReadRequest>) => {
  const { file, limits } = event.data
  try {
    const result = await readBackup(file, {
      ...(limits ? { limits } : {}),
      onProgress: (progress) => post({ type: 'progress', progress }),
    })
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
    else post({ type: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
  }
})
