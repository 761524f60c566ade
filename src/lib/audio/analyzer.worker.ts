/// <reference lib="webworker" />
/**
 * Runs the offline analyzer off the main thread. One request per worker: analyze() is synchronous, so the
 * client cancels by terminating the worker (an abort message could not be read until the analysis ended).
 */
import { analyze } from '../analysis/analyze.ts'
import type { AnalysisResult } from '../analysis/types.ts'

/** What the page sends. */
export interface AnalyzeRequest {
  readonly type: 'analyze'
  readonly samples: Float32Array
  readonly sampleRate: number
}

/** What the worker answers. */
export type AnalyzerMessage =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'result'; readonly result: AnalysisResult }
  | { readonly type: 'error'; readonly message: string }

const scope = self as unknown as DedicatedWorkerGlobalScope

scope.onmessage = (e: MessageEvent<AnalyzeRequest>) => {
  const { samples, sampleRate } = e.data
  const post = (m: AnalyzerMessage) => scope.postMessage(m)
  let last = -1
  try {
    const result = analyze(samples, sampleRate, {
      // Throttled: a message per percent is plenty for a progress bar.
      onProgress: (fraction) => {
        if (fraction - last >= 0.01 || fraction === 1) {
          last = fraction
          post({ type: 'progress', fraction })
        }
      },
    })
    post({ type: 'result', result })
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) })
  }
}
