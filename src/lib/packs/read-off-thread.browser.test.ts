import { expect, test } from 'vitest'
import { deflateBombOfZeros, rawZip } from '../archive/test-zips.ts'
import { readPackOffThread } from './read-off-thread.ts'

// Refused in under 1 s here (the reader stops a few kB past what an entry declares, see archive/zip.test.ts); a
// bound this wide only catches inflating a 2 GB bomb in full, and holds on a slow, loaded machine.
const BOMB_SECONDS = 15

test('a pack is read in a worker: a 2 GB manifest bomb is refused there in seconds, with the same error', async () => {
  const bomb = rawZip([
    { name: 'manifest.json', data: deflateBombOfZeros(2 * 1024 ** 3 - 1), method: 8, declaredSize: 1000 },
  ])
  const t0 = performance.now()
  const read = await readPackOffThread(new Blob([bomb]))
  expect(performance.now() - t0).toBeLessThan(BOMB_SECONDS * 1000)
  expect(!read.ok && read.error).toMatchObject({ code: 'zip-bomb', file: 'manifest.json' })
  const junk = await readPackOffThread(new Blob(['not a zip at all']))
  expect(!junk.ok && junk.error.code).toBe('not-zip')
})
