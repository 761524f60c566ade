import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// The pure core's lint rule (eslint.config.js): each way of reaching a clock, a timer, unseeded randomness, the
// network or the platform is refused in the core, and the same code stays allowed in an adapter and in tests.

const CORE_RULES = ['no-restricted-globals', 'no-restricted-properties', 'no-restricted-syntax']

/** Code the core must refuse, each line on its own. */
const REFUSED: readonly string[] = [
  'Math.random()',
  'new Date()',
  'new Date(0)',
  'Date()',
  'Date.now()',
  'performance.now()',
  'fetch("/x")',
  'globalThis.fetch("/x")',
  'globalThis["fetch"]("/x")',
  'globalThis.Date.now()',
  'const { fetch: get } = globalThis; get("/x")',
  'crypto.randomUUID()',
  'crypto.getRandomValues(new Uint8Array(4))',
  'setTimeout(() => {}, 1)',
  'setInterval(() => {}, 1)',
  'self.postMessage(1)',
  'window.alert(1)',
  'document.title',
  'navigator.language',
  'localStorage.getItem("x")',
  'indexedDB.open("x")',
  'new AudioContext()',
  'new OfflineAudioContext(1, 1, 44100)',
]

/** Code the core may use. */
const ALLOWED: readonly string[] = [
  'queueMicrotask(() => {})',
  'Math.floor(1.5)',
  'export const at = (now: number): number => now + 1',
  'export const ms = (d: Date): number => d.getTime()', // Date as a type reads no clock
]

const CORE_FILES = [
  'src/lib/theory/x.ts',
  'src/lib/analysis/x.ts',
  'src/lib/tutor/x.ts',
  'src/lib/synth/x.ts',
  'src/lib/theory/parse/x.ts',
]
const FREE_FILES = ['src/lib/audio/x.ts', 'src/lib/state/x.ts', 'src/lib/theory/x.test.ts', 'cli/x.ts']

let eslint: ESLint

async function coreReports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  const fatal = result.messages.filter((m) => m.fatal)
  if (fatal.length > 0) throw new Error(`${filePath}: ${fatal.map((m) => m.message).join('; ')}`)
  return result.messages
    .filter((m) => m.ruleId !== null && CORE_RULES.includes(m.ruleId))
    .map((m) => m.message)
}

beforeAll(async () => {
  eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' })
  await eslint.lintText('', { filePath: CORE_FILES[0] }) // loads the config and parsers once, outside the tests
}, 60_000)

describe('the core lint rule', () => {
  it.each(REFUSED)('refuses %s in every core folder', async (code) => {
    for (const file of CORE_FILES) expect(await coreReports(code, file), file).not.toEqual([])
  })

  it.each(REFUSED)('allows %s outside the core and in core tests', async (code) => {
    for (const file of FREE_FILES) expect(await coreReports(code, file), file).toEqual([])
  })

  it.each(ALLOWED)('allows %s in the core', async (code) => {
    for (const file of CORE_FILES) expect(await coreReports(code, file), file).toEqual([])
  })
})
