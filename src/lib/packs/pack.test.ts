import { describe, expect, it } from 'vitest'
import { deflateSync, strToU8, zipSync } from 'fflate'
import { crc32, sha256Hex } from '../archive/hash.ts'
import { deflateBombOfZeros, rawZip } from '../archive/test-zips.ts'
import { LIMITS } from './limits.ts'
import type { PackDraft } from './manifest.ts'
import { readPack, writePack } from './pack.ts'
import { PackWriteError } from './errors.ts'

const WAV_A = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7) & 0xff)
const WAV_B = Uint8Array.from({ length: 3000 }, (_, i) => (i * 13) & 0xff)

function draft(over: Partial<PackDraft> = {}): PackDraft {
  return {
    id: '0b7c5a8e-2f4d-4c1a-9e3b-5d6f7a8b9c0d',
    title: 'Week 3: 羽 and 商',
    instructions: 'Listen to the ending.\nName the mode.',
    due: '2025-06-01',
    passThreshold: 0.6,
    createdAt: '2025-05-20T09:00:00Z',
    author: 'Ms. Li',
    items: [
      {
        id: 'a',
        file: 'audio/01.wav',
        name: 'Clip one',
        label: { text: 'A羽五声', system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic' },
        kind: 'tonic-pattern',
        region: { start: 0, end: 12.5 },
      },
      {
        id: 'b',
        file: 'audio/02.wav',
        name: 'Clip two',
        label: { text: 'D商五声', system: 0, tonic: 2, pattern: 'shang', type: 'pentatonic' },
        kind: 'pattern',
      },
    ],
    ...over,
  }
}

const AUDIO = new Map([
  ['audio/01.wav', WAV_A],
  ['audio/02.wav', WAV_B],
])

/** The manifest JSON a valid pack would hold, for tests that hand-build broken zips around it. */
async function manifestJson(): Promise<Record<string, unknown>> {
  const d = draft()
  return {
    ...d,
    format: 'wusheng-pack',
    schemaVersion: 1,
    items: [
      { ...d.items[0], sha256: await sha256Hex(WAV_A) },
      { ...d.items[1], sha256: await sha256Hex(WAV_B) },
    ],
  }
}

function zipOf(manifest: unknown, audio: Record<string, Uint8Array> = Object.fromEntries(AUDIO)): Uint8Array {
  const m = typeof manifest === 'string' ? manifest : JSON.stringify(manifest)
  return zipSync({ 'manifest.json': strToU8(m), ...audio })
}

describe('pack round trip', () => {
  it('writes a pack and reads back the same manifest and audio', async () => {
    const bytes = await writePack(draft(), AUDIO)
    const read = await readPack(bytes)
    if (!read.ok) throw new Error(read.error.message)
    expect(read.pack.title).toBe('Week 3: 羽 and 商')
    expect(read.pack.items.map((i) => i.label.text)).toEqual(['A羽五声', 'D商五声'])
    expect(read.pack.items[0].region).toEqual({ start: 0, end: 12.5 })
    expect(read.pack.items[0].sha256).toBe(await sha256Hex(WAV_A))
    expect(read.audio.get('audio/02.wav')).toEqual(WAV_B)
    expect(read.checksum).toMatch(/^[0-9a-f]{64}$/)
    // The checksum is a function of the manifest: the same draft gives the same checksum.
    const again = await readPack(await writePack(draft(), AUDIO))
    expect(again.ok && again.checksum).toBe(read.checksum)
    const other = await readPack(await writePack(draft({ title: 'Week 4' }), AUDIO))
    expect(other.ok && other.checksum).not.toBe(read.checksum)
  })

  it('keeps text as plain text: control and bidi-override characters removed, markup left as it is', async () => {
    const read = await readPack(await writePack(draft({ title: '<b>Hi</b>\u202E\u0007 there' }), AUDIO))
    expect(read.ok && read.pack.title).toBe('<b>Hi</b> there')
  })

  it('refuses to write what it would refuse to read', async () => {
    await expect(writePack(draft({ passThreshold: 2 }), AUDIO)).rejects.toBeInstanceOf(PackWriteError)
    await expect(writePack(draft(), new Map([['audio/01.wav', WAV_A]]))).rejects.toThrow(/audio\/02.wav/)
  })
})

describe('pack validation failures', () => {
  it('refuses a file that is not a zip', async () => {
    const r = await readPack(strToU8('just some text, not a zip at all'))
    expect(!r.ok && r.error.code).toBe('not-zip')
  })

  it('refuses a zip without manifest.json', async () => {
    const r = await readPack(zipSync({ 'audio/01.wav': WAV_A }))
    expect(!r.ok && r.error.code).toBe('no-manifest')
  })

  it('refuses a manifest that is not JSON', async () => {
    const r = await readPack(zipOf('{"format": "wusheng-pack",'))
    expect(!r.ok && r.error.code).toBe('bad-json')
  })

  it('refuses another kind of file', async () => {
    const r = await readPack(zipOf({ ...(await manifestJson()), format: 'something-else' }))
    expect(!r.ok && r.error.code).toBe('wrong-format')
  })

  it('refuses a pack from a newer Wusheng with a clear message', async () => {
    const r = await readPack(zipOf({ ...(await manifestJson()), schemaVersion: 2, newField: { x: 1 } }))
    expect(!r.ok && r.error.code).toBe('newer-version')
    expect(!r.ok && r.error.message).toMatch(/newer Wusheng.*update the app/)
  })

  const violations: [string, (m: Record<string, unknown>) => void, string][] = [
    ['a missing id', (m) => delete m.id, 'id'],
    ['a malformed id', (m) => (m.id = 'not-a-uuid'), 'id'],
    ['an empty title', (m) => (m.title = '   '), 'title'],
    ['an over-long title', (m) => (m.title = 'x'.repeat(LIMITS.text.title + 1)), 'title'],
    ['a threshold above 1', (m) => (m.passThreshold = 1.5), 'passThreshold'],
    ['a bad due date', (m) => (m.due = 'next tuesday'), 'due'],
    ['no items', (m) => (m.items = []), 'items'],
    ['too many items', (m) => (m.items = Array(LIMITS.items + 1).fill(0)), 'items'],
    ['an unknown question kind', (m) => (item(m, 0).kind = 'guess'), 'items[0].kind'],
    ['a tonic out of range', (m) => (label(m, 1).tonic = 12), 'items[1].label.tonic'],
    [
      'a pattern that contradicts tonic and system',
      (m) => (label(m, 0).pattern = 'gong'),
      'items[0].label.pattern',
    ],
    ['an unknown scale type', (m) => (label(m, 0).type = 'octatonic'), 'items[0].label.type'],
    [
      'a region that ends before it starts',
      (m) => (item(m, 0).region = { start: 5, end: 2 }),
      'items[0].region.end',
    ],
    ['a repeated item id', (m) => (item(m, 1).id = 'a'), 'items[1].id'],
    ['a malformed sha256', (m) => (item(m, 0).sha256 = 'abc'), 'items[0].sha256'],
    ['an item file outside audio/', (m) => (item(m, 0).file = 'manifest.json'), 'items[0].file'],
  ]
  it.each(violations)('names the field for %s', async (_, mutate, field) => {
    const m = await manifestJson()
    mutate(m)
    const r = await readPack(zipOf(m))
    expect(!r.ok && r.error.code).toBe('schema')
    expect(!r.ok && r.error.field).toBe(field)
  })

  it('refuses item paths that climb out, are absolute or use backslashes', async () => {
    for (const bad of ['audio/../../etc/passwd', '/etc/passwd', 'audio\\01.wav', '../01.wav']) {
      const m = await manifestJson()
      item(m, 0).file = bad
      const r = await readPack(zipOf(m))
      expect(!r.ok && r.error.field, bad).toBe('items[0].file')
    }
  })

  it('refuses an archive that holds an entry with a traversal path, even one the manifest never names', async () => {
    const m = strToU8(JSON.stringify(await manifestJson()))
    for (const name of ['../evil.sh', '/abs.txt', 'a\\b.txt']) {
      const r = await readPack(
        rawZip([
          { name: 'manifest.json', data: m, crc: crc32(m) },
          { name, data: WAV_A },
        ]),
      )
      expect(!r.ok && r.error.code, name).toBe('unsafe-path')
    }
  })

  it('refuses a pack whose manifest names audio it does not hold', async () => {
    const r = await readPack(zipOf(await manifestJson(), { 'audio/01.wav': WAV_A }))
    expect(!r.ok && r.error).toMatchObject({ code: 'missing-audio', file: 'audio/02.wav' })
  })

  it('refuses audio that does not match its checksum', async () => {
    const tampered = WAV_B.slice()
    tampered[100] ^= 1
    const r = await readPack(zipOf(await manifestJson(), { 'audio/01.wav': WAV_A, 'audio/02.wav': tampered }))
    expect(!r.ok && r.error).toMatchObject({ code: 'checksum-mismatch', file: 'audio/02.wav' })
  })

  it('refuses a zip whose data fails its CRC', async () => {
    const m = strToU8(JSON.stringify(await manifestJson()))
    const r = await readPack(rawZip([{ name: 'manifest.json', data: m, crc: crc32(m) ^ 1 }]))
    expect(!r.ok && r.error.code).toBe('zip-corrupt')
  })
})

describe('pack size limits', () => {
  it('refuses a file over the pack size limit before reading it', async () => {
    const r = await readPack(new Uint8Array(LIMITS.packBytes + 1))
    expect(!r.ok && r.error.code).toBe('too-large')
  })

  it('refuses an archive with too many entries before inflating any', async () => {
    const files: Record<string, Uint8Array> = {}
    for (let i = 0; i <= LIMITS.zipEntries; i++) files[`x/${i}`] = new Uint8Array(1)
    const r = await readPack(zipSync(files, { level: 0 }))
    expect(!r.ok && r.error.code).toBe('too-many-entries')
  })

  it('refuses audio whose declared size is over the limit, without inflating it', async () => {
    const m = strToU8(JSON.stringify(await manifestJson()))
    const r = await readPack(
      rawZip([
        { name: 'manifest.json', data: m, crc: crc32(m) },
        { name: 'audio/01.wav', data: deflateSync(WAV_A), method: 8, declaredSize: LIMITS.audioBytes + 1 },
        { name: 'audio/02.wav', data: WAV_B, crc: crc32(WAV_B) },
      ]),
    )
    expect(!r.ok && r.error).toMatchObject({ code: 'too-large', file: 'audio/01.wav' })
  })

  it('refuses a manifest over 1 MB', async () => {
    const m = await manifestJson()
    const big = strToU8(JSON.stringify({ ...m, padding: 'x'.repeat(LIMITS.manifestBytes) }))
    const r = await readPack(zipSync({ 'manifest.json': big }))
    expect(!r.ok && r.error.code).toBe('too-large')
  })
})

describe('zip bombs', () => {
  const GiB = 1024 ** 3
  const bomb = deflateBombOfZeros(GiB)

  it('the hand-made stream really is a gigabyte of zeros (checked on its first megabytes)', async () => {
    // fflate inflates it happily when nobody caps it; read only a slice of it to keep the test fast.
    const { Inflate } = await import('fflate')
    let seen = 0
    let nonZero = 0
    const inf = new Inflate((chunk) => {
      seen += chunk.length
      for (const b of chunk) nonZero += b
    })
    inf.push(bomb.subarray(0, 64 * 1024))
    expect(seen).toBeGreaterThan(5_000_000) // 64 kB of input → >5 MB out: ratio > 80:1
    expect(nonZero).toBe(0)
    expect(bomb.length).toBeLessThan(7_000_000)
  })

  it('stops a manifest declared as 200 bytes that inflates to 1 GiB', async () => {
    const r = await readPack(rawZip([{ name: 'manifest.json', data: bomb, method: 8, declaredSize: 200 }]))
    expect(!r.ok && r.error).toMatchObject({ code: 'zip-bomb', file: 'manifest.json' })
  })

  it('stops audio declared as 1 MB that inflates to 1 GiB', async () => {
    const m = strToU8(JSON.stringify(await manifestJson()))
    const r = await readPack(
      rawZip([
        { name: 'manifest.json', data: m, crc: crc32(m) },
        { name: 'audio/01.wav', data: bomb, method: 8, declaredSize: 1024 * 1024 },
        { name: 'audio/02.wav', data: WAV_B, crc: crc32(WAV_B) },
      ]),
    )
    expect(!r.ok && r.error).toMatchObject({ code: 'zip-bomb', file: 'audio/01.wav' })
  })

  it('refuses the same bomb declared honestly as 1 GiB before inflating anything', async () => {
    const r = await readPack(rawZip([{ name: 'manifest.json', data: bomb, method: 8, declaredSize: GiB }]))
    expect(!r.ok && r.error.code).toBe('too-large')
  })
})

function item(m: Record<string, unknown>, i: number): Record<string, unknown> {
  return (m.items as Record<string, unknown>[])[i]
}
function label(m: Record<string, unknown>, i: number): Record<string, unknown> {
  return item(m, i).label as Record<string, unknown>
}
