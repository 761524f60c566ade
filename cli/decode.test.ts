import { afterAll, describe, expect, it } from 'vitest'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeWav, encodeWavFloat32 } from '../src/lib/audio/wav.ts'
import { decodeFile, LAST_30_SECONDS, sliceSegment } from './decode.ts'

const dir = await mkdtemp(join(tmpdir(), 'decode-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

const tone = (n: number, rate: number) =>
  Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate))

describe('decodeFile', () => {
  it('zeroes and counts NaN and infinite samples of a float WAV; refuses a file of them', async () => {
    const x = tone(16000, 16000)
    x[100] = NaN
    x[200] = -Infinity
    await writeFile(join(dir, 'nan.wav'), encodeWavFloat32(x, 16000))
    const a = await decodeFile(join(dir, 'nan.wav'))
    expect(a.nonFinite).toBe(2)
    expect(a.samples.every(Number.isFinite)).toBe(true)
    x.fill(NaN, 0, 1000)
    await writeFile(join(dir, 'nans.wav'), encodeWavFloat32(x, 16000))
    await expect(decodeFile(join(dir, 'nans.wav'))).rejects.toThrow(
      /damaged audio: 1000 samples are not numbers/,
    )
  })

  it('says a damaged header is one, instead of a DataView error or "too short"', async () => {
    const bytes = encodeWav(tone(16000, 16000), 16000)
    new DataView(bytes.buffer).setUint16(32, 1, true)
    await writeFile(join(dir, 'block.wav'), bytes)
    await expect(decodeFile(join(dir, 'block.wav'))).rejects.toThrow(
      'damaged WAV header: the header says each frame is 1 bytes, but 1 channel of 16-bit samples need 2',
    )
    const slow = encodeWav(tone(16000, 16000), 16000)
    new DataView(slow.buffer).setUint32(24, 16, true)
    await writeFile(join(dir, 'slow.wav'), slow)
    await expect(decodeFile(join(dir, 'slow.wav'))).rejects.toThrow(/sample rate is 16 Hz/)
  })

  it('reads only a segment of a WAV by seeking, the same samples as a full decode', async () => {
    const x = tone(16000 * 50, 16000)
    await writeFile(join(dir, 'long.wav'), encodeWav(x, 16000))
    const full = await decodeFile(join(dir, 'long.wav'))
    const part = await decodeFile(join(dir, 'long.wav'), { segment: LAST_30_SECONDS })
    expect(part.samples.length).toBe(30 * 16000)
    expect(part.duration).toBe(50)
    expect(part.offset).toBe(20)
    const same = (a: Float32Array, b: Float32Array) =>
      a.length === b.length &&
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
        Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      )
    expect(same(sliceSegment(part, LAST_30_SECONDS), sliceSegment(full, LAST_30_SECONDS))).toBe(true)
    expect(same(sliceSegment(part, { start: 25, end: 35 }), sliceSegment(full, { start: 25, end: 35 }))).toBe(
      true,
    )
  })

  it('judges the last 30 s of a 2-hour WAV in bounded memory and time (a sparse file: no disk used)', async () => {
    const rate = 44100
    const frames = 2 * 3600 * rate
    const header = encodeWav(new Float32Array(0), rate)
    const v = new DataView(header.buffer)
    v.setUint32(4, 36 + frames * 2, true)
    v.setUint32(40, frames * 2, true)
    const path = join(dir, 'two-hours.wav')
    const f = await open(path, 'w')
    await f.write(header, 0, header.length, 0)
    await f.truncate(header.length + frames * 2)
    await f.close()
    const before = process.memoryUsage().rss
    const t0 = performance.now()
    const audio = await decodeFile(path, { segment: LAST_30_SECONDS })
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024)
    expect(audio.duration).toBe(7200)
    expect(sliceSegment(audio, LAST_30_SECONDS).length).toBe(30 * rate)
  })
})
