import { readPack, type ReadPack } from './pack.ts'
import type { ReadOutcome } from './errors.ts'

/**
 * readPack in a module Web Worker (one per call), so a 200 MB pack never freezes the page; where there is no
 * Worker (Node, the CLI, unit tests) it runs here. Same result, same errors.
 */
export async function readPackOffThread(file: Blob): Promise<ReadOutcome<ReadPack>> {
  if (typeof Worker === 'undefined') return readPack(new Uint8Array(await file.arrayBuffer()))
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pack.worker.ts', import.meta.url), { type: 'module' })
    worker.addEventListener(
      'message',
      (event: MessageEvent<{ read?: ReadOutcome<ReadPack>; failed?: string }>) => {
        worker.terminate()
        if (event.data.read) resolve(event.data.read)
        else reject(new Error(`Reading the pack failed: ${event.data.failed}`))
      },
    )
    worker.addEventListener('error', (event) => {
      worker.terminate()
      reject(new Error(`Reading the pack failed: ${event.message || 'the worker stopped'}`))
    })
    worker.postMessage({ file })
  })
}
