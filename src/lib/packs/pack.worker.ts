// Reads and verifies a pack off the page's main thread: inflating up to 250 MB and hashing every clip take
// seconds, and the page must keep answering meanwhile.
import { readPack } from './pack.ts'

addEventListener('message', async (event: MessageEvent<{ file: Blob }>) => {
  try {
    const read = await readPack(new Uint8Array(await event.data.file.arrayBuffer()))
    const transfer = read.ok ? [...read.audio.values()].map((a) => a.buffer as ArrayBuffer) : []
    postMessage({ read }, { transfer })
  } catch (e) {
    postMessage({ failed: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
  }
})
