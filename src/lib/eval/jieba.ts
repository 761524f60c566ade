import type { WordCutter } from './tokenize.ts'

let loading: Promise<WordCutter> | null = null

/**
 * jieba (jieba-rs compiled to WebAssembly, with Python jieba's default dictionary), loaded once. In the browser
 * the package exports an init that fetches its 4 MB .wasm, so it is imported only when text scores are needed;
 * in Node the package is ready on import.
 */
export function loadJieba(): Promise<WordCutter> {
  loading ??= import('jieba-wasm')
    .then(async (mod) => {
      const init: unknown = (mod as { default?: unknown }).default
      if (typeof init === 'function') await (init as () => Promise<unknown>)()
      return (text: string) => mod.cut(text, true)
    })
    .catch((e: unknown) => {
      loading = null // a failed load (offline, say) may be retried
      throw new Error(
        `cannot load the word segmenter (jieba): ${e instanceof Error ? e.message : String(e)}`,
        {
          cause: e,
        },
      )
    })
  return loading
}
