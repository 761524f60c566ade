import type { AnalysisResult } from '../../analysis/types.ts'
import { toUiError, type UiError } from '../ui-error.ts'

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed'

/** The analyzer's run on the current question's sound, in the background, for the feedback's evidence. */
export class QuestionAnalysis {
  status = $state<AnalysisStatus>('idle')
  result = $state.raw<AnalysisResult | null>(null)
  error = $state<UiError | null>(null)

  #abort: AbortController | null = null

  /**
   * Starts a run; `current()` says whether its question is still the one shown (a result for another is dropped),
   * and `onResult` is told of a result that was kept.
   */
  start(
    run: (signal: AbortSignal) => Promise<AnalysisResult>,
    current: () => boolean,
    onResult: (result: AnalysisResult) => void,
  ): void {
    const abort = new AbortController()
    this.#abort = abort
    this.result = null
    this.error = null
    this.status = 'running'
    run(abort.signal).then(
      (result) => {
        if (abort.signal.aborted || !current()) return
        this.result = result
        this.status = 'done'
        onResult(result)
      },
      (e: unknown) => {
        if (abort.signal.aborted || !current()) return
        this.status = 'failed'
        this.error = toUiError(e, 'analyzer')
      },
    )
  }

  /** Stops the run in progress: whatever it finds is dropped. */
  cancel(): void {
    this.#abort?.abort()
    this.#abort = null
  }
}
