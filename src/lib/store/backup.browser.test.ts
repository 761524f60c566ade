import { afterEach, describe, expect, test } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate'
import { sha256Hex } from '../archive/hash.ts'
import { BackupError, exportBackup, importBackup } from './backup.ts'
import { DB_VERSION } from './migrations.ts'
import { crc32 } from '../archive/hash.ts'
import { deflateBombOfZeros, rawZip, type RawEntry } from '../archive/test-zips.ts'
import { BACKUP_VERSION, MANIFEST_NAME, type BackupManifest } from './backup-format.ts'
import { deleteDatabase, openStore } from './idb-store.ts'
import type { Store } from './store.ts'
import { StoreError } from './errors.ts'
import { toStatsRow } from './schema.ts'
import {
  bytesOf,
  makeAttempt,
  makeBytes,
  makeCard,
  makeClip,
  makePackManifest,
  makeResultsData,
  storedStats,
  uniqueDbName,
} from './test-fixtures.ts'

// Refused in under 1 s here (the reader stops a few kB past what an entry declares, see archive/zip.test.ts); a
// bound this wide only catches inflating a 2 GB bomb in full, and holds on a slow, loaded machine.
const BOMB_SECONDS = 15

const opened: Store[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) {
    s.close()
    await deleteDatabase(s.name)
  }
})

async function freshStore(): Promise<Store> {
  const store = await openStore(uniqueDbName('backup'))
  opened.push(store)
  return store
}

const NOW = 1_750_000_000_000

/** A device with a bit of everything, clips of several sizes (one empty) and the API key set. */
async function populated(): Promise<Store> {
  const store = await freshStore()
  for (let i = 0; i < 12; i++)
    await store.addAttempt(
      makeAttempt(i, i % 4 === 0 ? { kind: 'clip', clipId: `c${i % 3}`, assignmentId: 'p1' } : undefined),
    )
  await store.addAttempt({
    ...makeAttempt(50),
    analyzerLabel: makeAttempt(51).question.label,
    model: { raw: 'A羽调式', label: makeAttempt(50).question.label },
  })
  await store.putClip(
    makeClip('c0', 200_000, { sha256: 'ef'.repeat(32), origin: 'recording', mime: 'audio/webm;codecs=opus' }),
  )
  await store.putClip(makeClip('c1', 3_000, { label: undefined, duration: undefined }))
  await store.putClip(makeClip('c2', 0, { name: '../../evil<script>.wav', origin: 'assignment' }))
  await store.putCard(makeCard('k1', 'confusion:yu>shang', NOW))
  await store.putCard(makeCard('k2', 'clip:c1', NOW + 5))
  await store.setSetting('ui.locale', 'zh')
  await store.setSetting('model.baseUrl', 'http://gpu.lab:8000')
  await store.setSetting('drill.options', { tempo: 80, timbres: ['dizi', 'guzheng'], nested: { on: true } })
  await store.setSetting('model.apiKey', 'sk-do-not-export')
  await store.putAssignment({
    id: 'p1',
    title: 'Week 1',
    manifest: makePackManifest(),
    clipIds: ['c2'],
    checksum: 'abc',
    status: 'assigned',
    createdAt: NOW,
  })
  await store.putResult({
    id: 'r1',
    assignmentId: 'p1',
    student: '李明',
    data: makeResultsData('李明'),
    verified: true,
    importedAt: NOW,
  })
  return store
}

async function unzipBlob(blob: Blob): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await blob.arrayBuffer()))
}

/** The manifest as plain, editable JSON (what a hand-edit of the file can do). */
type Editable<T> = { -readonly [K in keyof T]: Editable<T[K]> }
type EditableManifest = Omit<Editable<BackupManifest>, 'settings'> & {
  settings: { key: string; value: unknown }[]
}

/** Removes a field, required or not (as a hand-edit can). */
function drop(obj: object, key: string): void {
  Reflect.deleteProperty(obj, key)
}

/** Rewrites a backup: `edit` may change the manifest and the files. */
async function tampered(
  blob: Blob,
  edit: (m: EditableManifest, files: Record<string, Uint8Array>) => void,
): Promise<Blob> {
  const files = await unzipBlob(blob)
  const manifest = JSON.parse(strFromU8(files[MANIFEST_NAME]))
  edit(manifest, files)
  files[MANIFEST_NAME] = strToU8(JSON.stringify(manifest))
  return new Blob([zipSync(files as Zippable)])
}

describe('export → import round trip', () => {
  test('into a fresh database is lossless: every record equal, every audio byte identical, no API key', async () => {
    const source = await populated()
    const file = await exportBackup(source, { now: NOW })
    expect(file.type).toBe('application/zip')
    const target = await freshStore()
    const report = await importBackup(target, file)
    expect(report.exportedAt).toBe(NOW)
    expect(report.counts).toEqual({
      attempts: { added: 13, skipped: 0 },
      clips: { added: 3, skipped: 0 },
      cards: { added: 2, skipped: 0 },
      settings: { added: 3, skipped: 0 },
      assignments: { added: 1, skipped: 0 },
      results: { added: 1, skipped: 0 },
    })
    const a = await source.snapshot()
    const b = await target.snapshot()
    const byId = <T extends { id: string }>(xs: readonly T[]) =>
      [...xs].sort((x, y) => x.id.localeCompare(y.id))
    expect(byId(b.attempts)).toEqual(byId(a.attempts))
    // The statistics rows are not in the file: the import stored them (read raw, not rebuilt on read).
    const stats = await storedStats(target.name)
    expect(stats.rows).toEqual(byId(b.attempts.map(toStatsRow)))
    expect(await target.listAttemptStats()).toEqual(await source.listAttemptStats())
    expect(byId(b.cards)).toEqual(byId(a.cards))
    expect(b.settings).toEqual(a.settings)
    expect(b.assignments).toEqual(a.assignments)
    expect(b.results).toEqual(a.results)
    expect(await target.getSetting('model.apiKey')).toBeUndefined()
    for (const clip of a.clips) {
      const back = (await target.getClip(clip.id))!
      const { blob: blobA, ...metaA } = clip
      const { blob: blobB, ...metaB } = back
      expect(metaB).toEqual(metaA)
      expect(blobB.type).toBe(blobA.type)
      const [x, y] = [await bytesOf(blobA), await bytesOf(blobB)]
      expect(y.length).toBe(x.length)
      // Every byte, not a sample of them.
      expect(y.every((v, i) => v === x[i])).toBe(true)
    }
  })

  test('the API key is nowhere in the file, and audio paths never come from ids or names', async () => {
    const file = await exportBackup(await populated(), { now: NOW })
    const files = await unzipBlob(file)
    const everything = Object.values(files)
      .map((f) => strFromU8(f, true))
      .join('\n')
    expect(everything).not.toContain('sk-do-not-export')
    expect(everything).not.toContain('model.apiKey')
    expect(Object.keys(files).sort()).toEqual(
      ['audio/1.webm', 'audio/2.wav', 'audio/3.wav', MANIFEST_NAME].sort(),
    )
  })

  test('importing twice adds nothing the second time; local records with the same id are kept', async () => {
    const source = await populated()
    const file = await exportBackup(source, { now: NOW })
    const target = await freshStore()
    await target.addAttempt({ ...makeAttempt(3), latency: 42 }) // same id, different content: local wins
    await target.setSetting('ui.locale', 'en')
    const first = await importBackup(target, file)
    expect(first.counts.attempts).toEqual({ added: 12, skipped: 1 })
    expect(first.counts.settings).toEqual({ added: 2, skipped: 1 })
    const second = await importBackup(target, file)
    for (const part of Object.values(second.counts)) expect(part.added).toBe(0)
    expect(second.counts.clips.skipped).toBe(3)
    expect(await target.countAttempts()).toBe(13)
    expect((await target.getAttempt('a3'))?.latency).toBe(42)
    expect(await target.getSetting('ui.locale')).toBe('en')
  })

  test('a card under another id but the same key as a local card is skipped (one card per key)', async () => {
    const source = await populated()
    const file = await exportBackup(source, { now: NOW })
    const target = await freshStore()
    await target.putCard(makeCard('local', 'confusion:yu>shang', 1))
    const report = await importBackup(target, file)
    expect(report.counts.cards).toEqual({ added: 1, skipped: 1 })
    expect((await target.getCardByKey('confusion:yu>shang'))?.id).toBe('local')
  })
})

describe('refused files leave the existing data untouched', () => {
  /** Imports `file` into a store holding one attempt and one clip; checks the refusal and that nothing changed. */
  async function expectRefused(
    file: Blob,
    reason: BackupError['reason'],
    options?: Parameters<typeof importBackup>[2],
  ) {
    const target = await freshStore()
    await target.addAttempt(makeAttempt(99))
    await target.putClip(makeClip('mine', 500))
    const before = await target.snapshot()
    const error = await importBackup(target, file, options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackupError)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as BackupError).reason).toBe(reason)
    const after = await target.snapshot()
    expect(after.attempts).toEqual(before.attempts)
    expect(after.clips.map((c) => c.id)).toEqual(['mine'])
    expect(after.cards).toEqual([])
    expect(after.settings).toEqual([])
    return error as BackupError
  }

  test('garbage bytes, an empty file, a zip that is not a backup', async () => {
    await expectRefused(new Blob([makeBytes(5000)]), 'not-a-zip')
    await expectRefused(new Blob([]), 'not-a-zip')
    await expectRefused(new Blob([zipSync({ 'notes.txt': strToU8('hi') })]), 'no-manifest')
    await expectRefused(
      new Blob([zipSync({ [MANIFEST_NAME]: strToU8('{"format": "wusheng-backup", ') })]),
      'bad-json',
    )
    await expectRefused(
      new Blob([zipSync({ [MANIFEST_NAME]: strToU8('{"format": "something-else"}') })]),
      'not-a-backup',
    )
  })

  test('a backup from a newer version is refused with kind "version" and says to update', async () => {
    const file = await tampered(await exportBackup(await populated(), { now: NOW }), (m) => {
      m.version = BACKUP_VERSION + 1
      m.attempts = [{ brandNew: 'shape' }] as never
    })
    const error = await expectRefused(file, 'future-version')
    expect(error.kind).toBe('version')
    expect(error.message).toMatch(/newer version/)
  })

  test('missing, extra and mistyped fields are refused with the path of the problem', async () => {
    const good = await exportBackup(await populated(), { now: NOW })
    const missing = await expectRefused(
      await tampered(good, (m) => drop(m.attempts[2], 'at')),
      'invalid-data',
    )
    expect(missing.message).toContain('attempts[2].at: missing')
    const extra = await expectRefused(
      await tampered(good, (m) => Reflect.set(m.cards[0], 'evil', 1)),
      'invalid-data',
    )
    expect(extra.message).toContain('cards[0].evil: unexpected field')
    const wrongType = await expectRefused(
      await tampered(good, (m) => Reflect.set(m.attempts[0], 'correct', 'yes')),
      'invalid-data',
    )
    expect(wrongType.message).toContain('attempts[0].correct')
    const badLabel = await expectRefused(
      await tampered(
        good,
        (m) => (m.attempts[1].question.label.tonic = (m.attempts[1].question.label.tonic + 1) % 12),
      ),
      'invalid-data',
    )
    expect(badLabel.message).toContain('attempts[1].question.label')
    await expectRefused(await tampered(good, (m) => drop(m, 'results')), 'invalid-data')
  })

  test('tampered audio, a missing or an extra file, duplicate ids, a smuggled API key', async () => {
    const good = await exportBackup(await populated(), { now: NOW })
    await expectRefused(
      await tampered(good, (_m, files) => void (files['audio/2.wav'][100] ^= 1)),
      'damaged-audio',
    )
    await expectRefused(await tampered(good, (_m, files) => delete files['audio/1.webm']), 'missing-audio')
    await expectRefused(
      await tampered(good, (_m, files) => (files['audio/../../x.js'] = strToU8('alert(1)'))),
      'unsafe-path',
    )
    await expectRefused(
      await tampered(good, (m) => (m.attempts = [m.attempts[0], m.attempts[0]])),
      'duplicate-id',
    )
    await expectRefused(
      await tampered(good, (m) => (m.clips = [m.clips[0], { ...m.clips[0], id: 'other' }])),
      'duplicate-id',
    )
    await expectRefused(
      await tampered(good, (m) => void m.settings.push({ key: 'model.apiKey', value: 'x' })),
      'secret-setting',
    )
    await expectRefused(
      await tampered(
        good,
        (m) => (m.clips[0] = { ...m.clips[0], audio: { ...m.clips[0].audio, file: '../evil.wav' } }),
      ),
      'invalid-data',
    )
  })

  test('zip bombs: too many entries, or too much declared data, are refused before inflating', async () => {
    const good = await exportBackup(await populated(), { now: NOW })
    // 10 MB of zeros deflates to ~10 kB: a small file that would inflate far past the cap given here.
    const bomb = await tampered(good, (m, files) => {
      const zeros = new Uint8Array(10 * 1024 * 1024)
      files['audio/9.wav'] = zeros
      m.clips.push({
        ...m.clips[0],
        id: 'zeros',
        audio: { ...m.clips[0].audio, file: 'audio/9.wav', size: zeros.length },
      })
    })
    expect(bomb.size).toBeLessThan(300 * 1024)
    const big = await expectRefused(bomb, 'too-large', { limits: { maxTotalBytes: 1024 * 1024 } })
    expect(big.message).toMatch(/inflate to 10 MB; the limit is 1 MB/)
    const many: Zippable = { [MANIFEST_NAME]: strToU8('{}') }
    for (let i = 0; i < 50; i++) many[`audio/${i}.wav`] = new Uint8Array(0)
    await expectRefused(new Blob([zipSync(many)]), 'too-many-entries', { limits: { maxEntries: 20 } })
    await expectRefused(good, 'too-large', { limits: { maxFileBytes: 1000 } })
  })

  test('hostile zips are refused in seconds, without inflating them, in a worker', async () => {
    const good = await unzipBlob(await exportBackup(await populated(), { now: NOW }))
    const manifest = good[MANIFEST_NAME]
    const listed = { name: MANIFEST_NAME, data: manifest, crc: crc32(manifest) }
    const bomb = deflateBombOfZeros(2 * 1024 ** 3 - 1)
    const cases: [RawEntry[], BackupError['reason']][] = [
      // An entry the backup does not list, declaring 900 MB: refused from the directory alone.
      [
        [listed, { name: 'audio/77.wav', data: bomb, method: 8, declaredSize: 900 * 1024 ** 2 }],
        'unexpected-file',
      ],
      // backup.json declaring 1,000 bytes that inflates to 2 GB: stopped a few kB past 1,000.
      [[{ name: MANIFEST_NAME, data: bomb, method: 8, declaredSize: 1000 }], 'zip-bomb'],
      // ... or declaring its 2 GB honestly: over the manifest cap before inflating.
      [[{ name: MANIFEST_NAME, data: bomb, method: 8, declaredSize: 2 * 1024 ** 3 - 1 }], 'too-large'],
      // backup.json whose bytes fail the zip's CRC.
      [[{ ...listed, crc: crc32(manifest) ^ 1 }], 'zip-corrupt'],
    ]
    for (const [entries, reason] of cases) {
      const t0 = performance.now()
      const error = await expectRefused(new Blob([rawZip(entries)]), reason)
      expect(performance.now() - t0, `${reason}: ${error.message}`).toBeLessThan(BOMB_SECONDS * 1000)
    }
  })

  test('a listed clip that declares 1,000 bytes and inflates to 2 GB is stopped as a bomb', async () => {
    const m = JSON.parse(
      strFromU8((await unzipBlob(await exportBackup(await populated(), { now: NOW })))[MANIFEST_NAME]),
    )
    m.clips = [{ ...m.clips[1], audio: { ...m.clips[1].audio, file: 'audio/1.wav', size: 1000 } }]
    const json = strToU8(JSON.stringify(m))
    const zip = rawZip([
      { name: MANIFEST_NAME, data: json, crc: crc32(json) },
      { name: 'audio/1.wav', data: deflateBombOfZeros(2 * 1024 ** 3 - 1), method: 8, declaredSize: 1000 },
    ])
    const t0 = performance.now()
    const error = await expectRefused(new Blob([zip]), 'zip-bomb')
    expect(performance.now() - t0).toBeLessThan(BOMB_SECONDS * 1000)
    expect(error.message).toContain('audio/1.wav')
  })

  test('a backup whose database schema is newer than this app is refused', async () => {
    const file = await tampered(await exportBackup(await populated(), { now: NOW }), (m) => {
      m.schemaVersion = DB_VERSION + 1
    })
    const error = await expectRefused(file, 'future-version')
    expect(error.kind).toBe('version')
    expect(error.message).toContain(`schema version ${DB_VERSION + 1}`)
  })

  test('a zip that lies about a file size inflates no further than declared, then fails its checksum', async () => {
    const store = await freshStore()
    // Compressible (a repeated pattern), so it is deflated with back-references rather than stored blocks.
    const real = new Uint8Array(64 * 1024).map((_, i) => (i * 7) % 251)
    await store.putClip({ ...makeClip('liar'), blob: new Blob([real], { type: 'audio/wav' }) })
    const good = await exportBackup(store, { now: NOW })
    // Re-zip the audio deflated, then patch its declared uncompressed size (local header + central directory).
    const files = await unzipBlob(good)
    const zipped = zipSync({
      [MANIFEST_NAME]: files[MANIFEST_NAME],
      'audio/1.wav': [files['audio/1.wav'], { level: 6 }],
    })
    const view = new DataView(zipped.buffer)
    let patched = 0
    for (let i = 0; i + 4 <= zipped.length; i++) {
      const sig = view.getUint32(i, true)
      const nameAt = sig === 0x04034b50 ? i + 30 : sig === 0x02014b50 ? i + 46 : -1
      if (nameAt < 0 || strFromU8(zipped.subarray(nameAt, nameAt + 11)) !== 'audio/1.wav') continue
      view.setUint32(sig === 0x04034b50 ? i + 22 : i + 24, 100, true)
      patched++
    }
    expect(patched).toBe(2)
    const error = await importBackup(await freshStore(), new Blob([zipped])).catch((e: unknown) => e)
    expect((error as BackupError).reason).toBe('damaged-audio')
  })
})

test('sha256Hex matches a known digest', async () => {
  expect(await sha256Hex(strToU8('abc'))).toBe(
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  )
})
