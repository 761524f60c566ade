import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { ArchiveError } from './errors.ts'
import { crc32, sha256Hex } from './hash.ts'
import { formatBytes } from './bytes.ts'
import { deflateBombOfZeros, rawZip } from './test-zips.ts'
import { blobSource, bytesSource, ZipArchive, type ArchiveLimits } from './zip.ts'

const MiB = 1024 * 1024
const GiB = 1024 * MiB
const LIMITS: ArchiveLimits = { maxArchiveBytes: 100 * MiB, maxEntries: 100, maxTotalBytes: 50 * MiB }

async function refusal(run: () => Promise<unknown>): Promise<ArchiveError> {
  const e = await run().then(
    () => null,
    (x: unknown) => x,
  )
  expect(e).toBeInstanceOf(ArchiveError)
  return e as ArchiveError
}

describe('ZipArchive', () => {
  it('reads stored and deflated entries from bytes and from a Blob, CRC checked', async () => {
    const a = strToU8('hello '.repeat(1000))
    const zip = zipSync({ 'a.txt': [a, { level: 6 }], 'b.bin': [new Uint8Array([1, 2, 3]), { level: 0 }] })
    for (const source of [bytesSource(zip), blobSource(new Blob([zip]))]) {
      const archive = await ZipArchive.open(source, LIMITS)
      expect([...archive.entries.keys()]).toEqual(['a.txt', 'b.bin'])
      expect(await archive.extract('a.txt', MiB)).toEqual(a)
      expect(await archive.extract('b.bin', MiB)).toEqual(new Uint8Array([1, 2, 3]))
      expect(archive.inflatedBytes).toBe(a.length + 3)
    }
  })

  it('refuses an entry whose content fails its CRC, stored or deflated', async () => {
    const data = strToU8('{"a": 1}')
    const stored = await ZipArchive.open(
      bytesSource(rawZip([{ name: 'x', data, crc: crc32(data) ^ 1 }])),
      LIMITS,
    )
    expect((await refusal(() => stored.extract('x', MiB))).code).toBe('zip-corrupt')
    // A good deflated zip with one bit of its stored CRC flipped.
    const zip = zipSync({ 'y.txt': [strToU8('abc'.repeat(500)), { level: 6 }] })
    const view = new DataView(zip.buffer)
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true)
      if (sig === 0x04034b50) view.setUint32(i + 14, view.getUint32(i + 14, true) ^ 1, true)
      if (sig === 0x02014b50) view.setUint32(i + 16, view.getUint32(i + 16, true) ^ 1, true)
    }
    const deflated = await ZipArchive.open(bytesSource(zip), LIMITS)
    const e = await refusal(() => deflated.extract('y.txt', MiB))
    expect(e).toMatchObject({ code: 'zip-corrupt', file: 'y.txt' })
    expect(e.message).toMatch(/CRC/)
  })

  it('stops an entry that declares 1,000 bytes and inflates to 2 GiB a few kB past that, memory bounded', async () => {
    const bomb = deflateBombOfZeros(2 * GiB - 1)
    const archive = await ZipArchive.open(
      bytesSource(rawZip([{ name: 'audio/1.wav', data: bomb, method: 8, declaredSize: 1000 }])),
      LIMITS,
    )
    const heap = process.memoryUsage().arrayBuffers
    const e = await refusal(() => archive.extract('audio/1.wav', 20 * MiB))
    // How much was inflated, not how long it took: a loaded machine stretches time, not bytes.
    expect(archive.inflatedBytes).toBeLessThan(64 * 1024)
    expect(process.memoryUsage().arrayBuffers - heap).toBeLessThan(64 * MiB)
    expect(e).toMatchObject({ code: 'zip-bomb', file: 'audio/1.wav' })
    expect(e.message).toContain('damaged or was made to exhaust memory')
  })

  it('refuses an honestly declared huge entry, and the total budget, before inflating', async () => {
    const bomb = deflateBombOfZeros(GiB)
    const archive = await ZipArchive.open(
      bytesSource(
        rawZip([
          { name: 'big', data: bomb, method: 8, declaredSize: GiB },
          { name: 'mid', data: bomb, method: 8, declaredSize: 40 * MiB },
        ]),
      ),
      LIMITS,
    )
    expect((await refusal(() => archive.extract('big', 20 * MiB))).code).toBe('too-large')
    expect(archive.inflatedBytes).toBe(0)
    // 40 MiB under a per-entry cap of 64 MiB but the archive's budget is 50 MiB: after 'mid' fails, nothing left.
    const tight = await ZipArchive.open(
      bytesSource(rawZip([{ name: 'mid', data: bomb, method: 8, declaredSize: 40 * MiB }])),
      { ...LIMITS, maxTotalBytes: 30 * MiB },
    )
    const e = await refusal(() => tight.extract('mid', 64 * MiB))
    expect(e.code).toBe('too-large')
    expect(e.message).toContain(formatBytes(30 * MiB))
  })

  it('refuses an unlisted entry before inflating anything', async () => {
    const bomb = deflateBombOfZeros(GiB)
    const archive = await ZipArchive.open(
      bytesSource(
        rawZip([
          { name: 'backup.json', data: strToU8('{}'), crc: crc32(strToU8('{}')) },
          { name: 'junk/huge.bin', data: bomb, method: 8, declaredSize: 900 * MiB },
        ]),
      ),
      LIMITS,
    )
    const e = await refusal(async () => archive.refuseUnlisted((n) => n === 'backup.json', 'the backup'))
    expect(e).toMatchObject({ code: 'unexpected-file', file: 'junk/huge.bin' })
    expect(archive.inflatedBytes).toBe(0)
  })

  it('refuses what is not a zip, too many entries, unsafe names, a file over the cap', async () => {
    expect((await refusal(() => ZipArchive.open(bytesSource(strToU8('plain text')), LIMITS))).code).toBe(
      'not-zip',
    )
    const many = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, new Uint8Array(1)]))
    const five = bytesSource(zipSync(many))
    expect((await refusal(() => ZipArchive.open(five, { ...LIMITS, maxEntries: 4 }))).code).toBe(
      'too-many-entries',
    )
    expect((await refusal(() => ZipArchive.open(five, { ...LIMITS, maxArchiveBytes: 10 }))).code).toBe(
      'too-large',
    )
    const evil = bytesSource(rawZip([{ name: '../evil.sh', data: new Uint8Array(1) }]))
    expect((await refusal(() => ZipArchive.open(evil, LIMITS))).code).toBe('unsafe-path')
  })

  it('a truncated zip is called damaged, not a bomb', async () => {
    const zip = zipSync({ 'a.txt': [strToU8('abcdefgh'.repeat(4000)), { level: 9 }] })
    // Damage the middle of the deflate stream.
    const bad = zip.slice()
    for (let i = 60; i < 80; i++) bad[i] ^= 0xff
    const archive = await ZipArchive.open(bytesSource(bad), LIMITS)
    const e = await refusal(() => archive.extract('a.txt', MiB))
    expect(['zip-corrupt', 'zip-bomb']).toContain(e.code)
    expect(e.message).toMatch(/damaged/)
  })
})

it('sha256Hex matches a known digest and formatBytes reads naturally', async () => {
  expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  expect(formatBytes(20 * MiB)).toBe('20 MB')
  expect(formatBytes(1536)).toBe('1.5 kB')
  expect(formatBytes(3 * GiB)).toBe('3 GB')
})
