import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { labelFromTonic } from '../src/lib/theory/label.ts'
import { melodyNotes, synthesize } from '../src/lib/analysis/test-signals.ts'
import { parseSegment, sliceSegment } from './decode.ts'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { main, MID_PHRASE_NOTE, parseArgs } from './identify.ts'

const run = promisify(execFile)
import { startModelServer } from '../tests/support/model-server.ts'

/** A 16-bit PCM mono WAV, enough for the decoder under test. */
function wav(samples: Float32Array, sampleRate: number): Uint8Array {
  const buf = new ArrayBuffer(44 + 2 * samples.length)
  const v = new DataView(buf)
  const str = (o: number, s: string) => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)))
  str(0, 'RIFF')
  v.setUint32(4, 36 + 2 * samples.length, true)
  str(8, 'WAVEfmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, 1, true)
  v.setUint16(22, 1, true)
  v.setUint32(24, sampleRate, true)
  v.setUint32(28, 2 * sampleRate, true)
  v.setUint16(32, 2, true)
  v.setUint16(34, 16, true)
  str(36, 'data')
  v.setUint32(40, 2 * samples.length, true)
  samples.forEach((s, i) => v.setInt16(44 + 2 * i, Math.max(-1, Math.min(1, s)) * 32767, true))
  return new Uint8Array(buf)
}

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'identify-'))
  // A melody that ends as a recording of it does: its last note, then a moment of silence.
  const ending = [...melodyNotes(labelFromTonic(9, 'yu')), { midi: NaN, dur: 0.6 }]
  await writeFile(join(dir, 'a-yu.wav'), wav(synthesize(ending, { sampleRate: 22050 }), 22050))
  const melody = synthesize(melodyNotes(labelFromTonic(9, 'yu')), { sampleRate: 22050 })
  // The same melody stopped mid-note (61% of the way), as a recording stopped mid-phrase is.
  await writeFile(join(dir, 'a-yu-cut.wav'), wav(melody.subarray(0, Math.round(0.61 * melody.length)), 22050))
  await writeFile(join(dir, 'silence.wav'), wav(new Float32Array(22050 * 2), 22050))
  await writeFile(join(dir, 'junk.wav'), new TextEncoder().encode('not audio at all'))
})

describe('identify CLI', () => {
  it('prints one JSON object per file, in input order, and goes on after errors', async () => {
    const lines: string[] = []
    const files = ['a-yu.wav', 'junk.wav', 'missing.wav', 'silence.wav'].map((f) => join(dir, f))
    const code = await main(['--json', ...files], (l) => lines.push(l))
    expect(code).toBe(0)
    const records = lines.map((l) => JSON.parse(l))
    expect(records.map((r) => r.file)).toEqual(files)
    expect(records[0]).toMatchObject({
      label: 'A羽五声',
      system: 'C',
      tonic: 'A',
      pattern: 'yu',
      type: 'pentatonic',
    })
    expect(records[0].confidence).toBeGreaterThan(0)
    expect(records[0].alternatives).toHaveLength(2)
    expect(typeof records[0].seconds).toBe('number')
    expect(records[1].error).toMatch(/not an audio file/)
    expect(records[2].error).toMatch(/ENOENT/)
    expect(records[3]).toMatchObject({ reason: 'silence' })
  })
  it('says when the segment stops mid-phrase and the tonic was inferred from context', async () => {
    const lines: string[] = []
    await main(['--json', join(dir, 'a-yu.wav'), join(dir, 'a-yu-cut.wav')], (l) => lines.push(l))
    const [whole, cut] = lines.map((l) => JSON.parse(l))
    expect(whole).toMatchObject({ endsOnCadence: true })
    expect(whole.note).toBeUndefined()
    expect(cut).toMatchObject({ endsOnCadence: false, note: MID_PHRASE_NOTE })
    expect(cut.cadenceProbability).toBeLessThan(whole.cadenceProbability)
    expect(cut.patternConfidence).toBeLessThan(whole.patternConfidence)
  })
  it('prints a readable table without --json', async () => {
    const lines: string[] = []
    await main([join(dir, 'a-yu.wav')], (l) => lines.push(l))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('A羽五声')
  })
  it('exits 2 with a usage message on bad usage', async () => {
    const errs: string[] = []
    expect(await main([], undefined, (l) => errs.push(l))).toBe(2)
    expect(errs.join('\n')).toMatch(/usage/)
    expect(await main(['--segment', 'x', 'f.wav'], undefined, () => {})).toBe(2)
    expect(await main(['--bogus', 'f.wav'], undefined, () => {})).toBe(2)
  })
  it('parses segments and slices from the end by default', () => {
    expect(parseSegment('10:40')).toEqual({ start: 10, end: 40 })
    expect(parseSegment(':5')).toEqual({ start: 0, end: 5 })
    expect(parseSegment('40:10')).toBeNull()
    expect(parseArgs(['--segment=1:2', 'f'])).toMatchObject({ segment: { start: 1, end: 2 }, files: ['f'] })
    const audio = { samples: new Float32Array(100), sampleRate: 1, duration: 100 }
    expect(sliceSegment(audio, { start: -30, end: Infinity }).length).toBe(30)
    expect(sliceSegment(audio, { start: 10, end: 20 }).length).toBe(10)
  })
  it('with --model, asks the model about the same segment and prints its raw answer and parsed label', async () => {
    for (const flavour of ['llamafactory', 'vllm'] as const) {
      const server = await startModelServer({
        flavour,
        apiKey: 'k-123',
        replies: ['这段音乐是A羽调式，属于C宫系统。', '[401 below]'],
        faults: [{ kind: 'none' }, { kind: 'status', status: 401 }],
      })
      try {
        const protocol = flavour === 'vllm' ? 'openai' : 'llamafactory'
        const lines: string[] = []
        const files = [join(dir, 'a-yu.wav'), join(dir, 'a-yu.wav'), join(dir, 'junk.wav')]
        const code = await main(
          ['--json', '--model', server.url, '--api-key', 'k-123', '--protocol', protocol, ...files],
          (l) => lines.push(l),
        )
        expect(code).toBe(0)
        const [first, second, junk] = lines.map((l) => JSON.parse(l))
        expect(first.label).toBe('A羽五声')
        expect(first.model).toMatchObject({
          raw: '这段音乐是A羽调式，属于C宫系统。',
          label: 'A羽五声',
          status: 'label',
        })
        expect(second.model).toMatchObject({ kind: 'auth' })
        expect(JSON.stringify(second)).not.toContain('k-123')
        // A file that cannot be decoded is not sent.
        expect(junk.model).toBeUndefined()
        const chat = server.requests.filter((r) => r.path.endsWith('/chat/completions'))
        expect(chat).toHaveLength(2)
        expect(chat[0].audio).toMatchObject({ sampleRate: 16000, channels: 1 })
      } finally {
        await server.close()
      }
    }
  })
  it('refuses a bad --model value with exit code 2', async () => {
    expect(await main(['--model', 'ftp://x', join(dir, 'a-yu.wav')], undefined, () => {})).toBe(2)
    expect(await main(['--protocol', 'openai', join(dir, 'a-yu.wav')], undefined, () => {})).toBe(2)
  })
})

describe('the compiled command', () => {
  it('spreads a batch over worker threads and still prints one record per file in input order', async () => {
    const files = ['a-yu.wav', 'junk.wav', 'a-yu-cut.wav', 'silence.wav', 'a-yu.wav'].map((f) => join(dir, f))
    const { stdout } = await run(process.execPath, ['scripts/run-cli.mjs', 'identify', '--json', ...files])
    const records = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(records.map((r) => r.file)).toEqual(files)
    expect(records[0]).toMatchObject({ label: 'A羽五声', endsOnCadence: true })
    expect(records[1].error).toMatch(/not an audio file/)
    expect(records[2]).toMatchObject({ endsOnCadence: false })
    expect(records[3]).toMatchObject({ reason: 'silence' })
    expect(records[4]).toEqual({ ...records[0], seconds: records[4].seconds })
  }, 60_000)
})
