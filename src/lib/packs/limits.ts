/**
 * Size limits for packs and results files. Both are untrusted input (email, USB stick, shared drive), so every
 * size is capped before and while reading. The README's "Limits" section repeats these numbers.
 */
export const LIMITS = Object.freeze({
  /** A whole `.wusheng` file, as stored (compressed). */
  packBytes: 200 * 1024 * 1024,
  /** Everything inflated from one pack (manifest + all audio): caps memory use on a student's device. */
  packUncompressedBytes: 250 * 1024 * 1024,
  /** Entries in the zip's central directory (items + manifest + slack for stray files such as `__MACOSX/`). */
  zipEntries: 512,
  /** Items (clips) in one pack. */
  items: 200,
  /** One audio file, inflated. */
  audioBytes: 20 * 1024 * 1024,
  /** manifest.json, inflated. */
  manifestBytes: 1024 * 1024,
  /** A whole `.wusheng-results` file. */
  resultsBytes: 2 * 1024 * 1024,
  /** Longest accepted text field, in characters (UTF-16 code units). */
  text: Object.freeze({
    title: 200,
    instructions: 5000,
    author: 200,
    itemName: 200,
    labelText: 40,
    student: 100,
    fileName: 100,
  }),
  /** Longest region end, seconds: clips are short excerpts, not concerts. */
  regionSeconds: 3600,
})
