/**
 * Runs `work` on each item with at most `limit` running at once, started in input order; `onDone` sees each
 * result as it settles. Once `signal` aborts no new item starts (running ones finish). Resolves with the results
 * by input index (undefined for items never started).
 * @example await mapPool(files, 16, ask) → answers in the files' order, 16 requests in flight
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  onDone?: (result: R, index: number) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<(R | undefined)[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`)
  const results = new Array<R | undefined>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const i = next++
      results[i] = await work(items[i], i)
      await onDone?.(results[i] as R, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Concurrency bounds for model requests: 1 (one at a time) to 64. */
export const MIN_CONCURRENCY = 1
export const MAX_CONCURRENCY = 64
/** Enough to keep a vLLM server batching without flooding a LLaMA-Factory one (it queues the rest). */
export const DEFAULT_CONCURRENCY = 4

/**
 * A progress line for a long run: a bar, the count, the rate and the time left at the rate so far.
 * @example progressLine(12, 48, 6000, 20) → '[#####...............] 12/48  2.0/s  ETA 0:18'
 */
export function progressLine(done: number, total: number, elapsedMs: number, width = 20): string {
  const filled = total ? Math.round((done / total) * width) : width
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled)
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0
  const left = rate > 0 ? Math.round((total - done) / rate) : null
  const eta = left === null ? '?' : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`
  return `[${bar}] ${done}/${total}  ${rate.toFixed(1)}/s  ETA ${eta}`
}

/**
 * A lock that runs the functions given to it one at a time, in the order given (a failure does not block the next).
 * @example const cpu = serial(); await Promise.all(files.map((f) => cpu(() => decode(f)))) // one decode at a time
 */
export function serial(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work)
    tail = run.catch(() => undefined)
    return run
  }
}
