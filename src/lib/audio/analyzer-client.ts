import type { AnalysisResult, ProgressFn } from '../analysis/types.ts'
import type { AnalyzeRequest, AnalyzerMessage } from './analyzer.worker.ts'

/** Options of {@link identifyInWorker}. */
export interface IdentifyInWorkerOptions {
  readonly onProgress?: ProgressFn
  /** Aborting terminates the worker and rejects with an AbortError. */
  readonly signal?: AbortSignal
  /** Creates the worker; tests and hosts with their own bundling can pass one. */
  readonly createWorker?: () => Worker
}

/** Thrown by {@link identifyInWorker} when the analysis fails inside the worker. */
export class AnalyzerWorkerError extends Error {
  override readonly name = 'AnalyzerWorkerError'
}

const defaultWorker = () => new Worker(new URL('./analyzer.worker.ts', import.meta.url), { type: 'module' })

/**
 * Runs analyze() in a module Web Worker so the page never freezes. The samples are copied and the copy's
 * buffer transferred, so the caller keeps its array. One worker per call, terminated when it settles.
 */
export function identifyInWorker(
  samples: Float32Array,
  sampleRate: number,
  opts: IdentifyInWorkerOptions = {},
): Promise<AnalysisResult> {
  const { onProgress, signal, createWorker = defaultWorker } = opts
  if (signal?.aborted) return Promise.reject(abortError())
  return new Promise<AnalysisResult>((resolve, reject) => {
    const worker = createWorker()
    const finish = () => {
      worker.terminate()
      signal?.removeEventListener('abort', onAbort)
    }
    const onAbort = () => {
      finish()
      reject(abortError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.onmessage = (e: MessageEvent<AnalyzerMessage>) => {
      const m = e.data
      if (m.type === 'progress') onProgress?.(m.fraction)
      else if (m.type === 'result') {
        finish()
        resolve(m.result)
      } else {
        finish()
        reject(new AnalyzerWorkerError(`analysis failed: ${m.message}`))
      }
    }
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault()
      finish()
      reject(new AnalyzerWorkerError(`analyzer worker crashed: ${e.message || 'failed to load'}`))
    }
    const copy = samples.slice()
    const request: AnalyzeRequest = { type: 'analyze', samples: copy, sampleRate }
    worker.postMessage(request, [copy.buffer])
  })
}

function abortError(): DOMException {
  return new DOMException('identify aborted', 'AbortError')
}
