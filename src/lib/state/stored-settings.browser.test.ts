// A backup's settings are checked with the readers the app reads them with: an unknown key or a value its reader
// refuses makes the whole import refuse, before anything is written.
import { afterEach, describe, expect, test } from 'vitest'
import { BackupError, exportBackup, importBackup } from '../store/backup.ts'
import { deleteDatabase, openStore } from '../store/idb-store.ts'
import type { JsonValue } from '../store/schema.ts'
import type { Store } from '../store/store.ts'
import { makeAttempt, uniqueDbName } from '../store/test-fixtures.ts'
import { checkStoredSetting } from './stored-settings.ts'

const opened: Store[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) {
    s.close()
    await deleteDatabase(s.name)
  }
})

async function freshStore(): Promise<Store> {
  const store = await openStore(uniqueDbName('settings-import'))
  opened.push(store)
  return store
}

const NOW = 1_750_000_000_000

/** Every setting the app writes, each with a value it wrote. */
const GOOD: Record<string, JsonValue> = {
  'model.baseUrl': 'http://gpu.lab:8000',
  'model.model': 'cnpm',
  'model.protocol': 'openai',
  'model.question': '这段音乐是什么调式?',
  'model.systemPrompt': 'You are a music theorist.',
  'model.timeoutMs': 30_000,
  'model.stream': true,
  'model.maxTokens': 64,
  'practice.timbre': 'soft',
  'practice.tempo': 96,
  'practice.focus': { patterns: ['yu'], from: 'pattern:yu', at: NOW },
  'assignments.mode': 'teacher',
  'assignments.studentName': '李明',
}

/** A backup made on a device holding these settings (and one attempt). */
async function backupWith(settings: Record<string, JsonValue>): Promise<Blob> {
  const source = await freshStore()
  await source.addAttempt(makeAttempt(1))
  for (const [key, value] of Object.entries(settings)) await source.setSetting(key, value)
  return exportBackup(source, { now: NOW })
}

const importChecked = (store: Store, file: Blob) =>
  importBackup(store, file, { validateSetting: checkStoredSetting })

describe('importing the settings of a backup', () => {
  test('every setting the app writes comes back as it was', async () => {
    expect.hasAssertions()
    const file = await backupWith(GOOD)
    const target = await freshStore()
    const report = await importChecked(target, file)
    expect(report.counts.settings).toEqual({ added: Object.keys(GOOD).length, skipped: 0 })
    for (const [key, value] of Object.entries(GOOD)) expect(await target.getSetting(key)).toEqual(value)
  })

  const bad: [key: string, value: JsonValue, reason: string][] = [
    ['practice.tempo', 'fast', 'bad-setting'],
    ['practice.tempo', 500, 'bad-setting'],
    ['practice.timbre', 'kazoo', 'bad-setting'],
    ['model.timeoutMs', -5, 'bad-setting'],
    ['model.protocol', 'grpc', 'bad-setting'],
    ['model.baseUrl', 'ftp://lab', 'bad-setting'],
    ['model.maxTokens', 1.5, 'bad-setting'],
    ['model.stream', 'yes', 'bad-setting'],
    ['practice.focus', { patterns: ['nope'], from: 'x', at: NOW }, 'bad-setting'],
    ['assignments.mode', 'admin', 'bad-setting'],
    ['assignments.studentName', 'x'.repeat(10_000), 'bad-setting'],
    ['ui.locale', 'zh', 'unknown-setting'],
  ]
  test.for(
    bad.map(([key, value, reason]) => ({ key, value, reason, shown: JSON.stringify(value).slice(0, 30) })),
  )('$key = $shown is refused ($reason) and nothing is written', async ({ key, value, reason }) => {
    expect.hasAssertions()
    const file = await backupWith({ ...GOOD, [key]: value })
    const target = await freshStore()
    await target.addAttempt(makeAttempt(99))
    await target.setSetting('practice.tempo', 72)
    const before = await target.snapshot()

    const error = await importChecked(target, file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackupError)
    expect((error as BackupError).reason).toBe(reason)
    expect((error as BackupError).setting).toBe(key)
    expect((error as BackupError).message).toContain(`'${key}'`)
    expect(await target.snapshot()).toEqual(before)
  })

  test('without the check (as the store alone imports), the same bad value would be written', async () => {
    expect.hasAssertions()
    const file = await backupWith({ 'practice.tempo': 'fast' })
    const target = await freshStore()
    await importBackup(target, file)
    expect(await target.getSetting('practice.tempo')).toBe('fast')
  })
})
