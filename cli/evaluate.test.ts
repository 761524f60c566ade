import { describe, expect, it } from 'vitest'
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main, parseArgs, readLabelsCsv } from './evaluate.ts'
import { resampleSinc } from './model-cli.ts'
import { startModelServer } from '../tests/support/model-server.ts'

const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures')

describe('evaluate command', () => {
  it('parses arguments and refuses bad ones', () => {
    expect(parseArgs(['--labels', 'l.csv', '--json', 'o.json'])).toEqual({
      labels: 'l.csv',
      json: 'o.json',
      concurrency: 4,
    })
    expect(parseArgs(['--labels', 'l.csv', '--concurrency', '16'])).toMatchObject({ concurrency: 16 })
    expect(parseArgs(['--labels', 'l.csv', '--concurrency', '0'])).toMatchObject({ error: /--concurrency/ })
    expect(parseArgs(['--labels', 'l.csv', '--concurrency', 'x'])).toMatchObject({ error: /--concurrency/ })
    expect(parseArgs(['--json', 'o.json'])).toEqual({ error: '--labels is required' })
    expect(parseArgs(['--labels'])).toMatchObject({ error: '--labels needs a value' })
  })

  it('says plainly when the labels file cannot be read, with exit code 2', async () => {
    const errs: string[] = []
    const code = await main(
      ['--labels', '/nonexistent/labels.csv'],
      () => {},
      (l) => errs.push(l),
    )
    expect(code).toBe(2)
    expect(errs.join('\n')).toMatch(/cannot read the labels file \/nonexistent\/labels\.csv/)
  })

  it('reads a labels CSV relative to its folder, skipping the header and reporting bad labels', () => {
    const read = readLabelsCsv('file,label\nclips/a.wav,A羽五声\nb.wav,not a mode\n', '/data')
    if ('fatal' in read) throw new Error(read.fatal)
    const { files, errors } = read
    expect(files).toHaveLength(1)
    expect(files[0]).toMatchObject({
      file: 'clips/a.wav',
      path: '/data/clips/a.wav',
      truth: { tonic: 9, pattern: 'yu' },
    })
    expect(errors).toEqual(['line 3: cannot read the label in "b.wav,not a mode"'])
  })

  it('evaluates fixtures, writes JSON and CSV, and resumes from its cache', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-'))
    const labels = join(dir, 'labels.csv')
    await writeFile(
      labels,
      `file,label\n${FIXTURES}/a-yu-pentatonic.wav,A羽五声\n${FIXTURES}/not-audio.wav,C宫\n`,
    )
    const args = [
      '--labels',
      labels,
      '--json',
      join(dir, 'r.json'),
      '--csv',
      join(dir, 'r.csv'),
      '--resume',
      join(dir, 'c.jsonl'),
    ]
    const out: string[] = []
    const progress: string[] = []
    expect(
      await main(
        args,
        (l) => out.push(l),
        (l) => progress.push(l),
      ),
    ).toBe(1) // not-audio.wav cannot be read
    expect(progress.filter((l) => l.startsWith('['))).toHaveLength(2)
    expect(progress.join('\n')).toMatch(/cannot read .*not-audio\.wav: not an audio file/)
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'))
    expect(report.accuracy.analyzer.n).toBe(1) // what it says about the clip is the analyzer's business
    expect(out[0]).toBe('1 files (1 more could not be read and are not counted)')
    expect(await readFile(join(dir, 'r.csv'), 'utf8')).toMatch(/^file,truth,analyzer/)
    // Second run: everything is in the cache, nothing is analysed again, same numbers.
    const again: string[] = []
    expect(
      await main(
        args,
        () => {},
        (l) => again.push(l),
      ),
    ).toBe(1)
    // Only the unreadable file is tried again.
    expect(again.filter((l) => l.startsWith('['))).toEqual([expect.stringMatching(/1\/1 .*not-audio\.wav$/)])
    expect(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).accuracy).toEqual(report.accuracy)
  })

  it('--model fills the model column from the server, parsed and scored, with 16 kHz mono WAVs sent', async () => {
    const server = await startModelServer({
      flavour: 'llamafactory',
      replies: ['这段音乐是A羽调式，属于C宫系统。', '我认为是D宫调式。'],
    })
    try {
      const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-model-'))
      const labels = join(dir, 'labels.csv')
      // a-yu is 16 kHz, d-shang 8 kHz: the second is resampled before sending.
      await writeFile(
        labels,
        `file,label\n${FIXTURES}/a-yu-pentatonic.wav,A羽五声\n${FIXTURES}/d-shang-yanyue.wav,D商七声燕乐\n`,
      )
      const out: string[] = []
      const args = [
        '--labels',
        labels,
        '--json',
        join(dir, 'r.json'),
        '--model',
        server.url,
        '--api-key',
        'k-1',
      ]
      expect(
        await main(
          args,
          (l) => out.push(l),
          () => {},
          {},
        ),
      ).toBe(0)
      const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'))
      expect(report.rows.map((r: { modelRaw: string }) => r.modelRaw)).toEqual([
        '这段音乐是A羽调式，属于C宫系统。',
        '我认为是D宫调式。',
      ])
      expect(report.rows.map((r: { model: string }) => r.model)).toEqual(['A羽五声', 'D宫五声'])
      expect(report.accuracy.model).toMatchObject({ n: 2, exact: 0.5, pattern: 0.5, noLabel: 0 })
      expect(report.text.n).toBe(2)
      expect(out.join('\n')).toMatch(/model: exact 50\.0%/)
      const audio = server.requests.filter((r) => r.audio).map((r) => r.audio)
      expect(audio).toHaveLength(2)
      for (const a of audio) expect(a).toMatchObject({ sampleRate: 16_000, channels: 1 })
      expect(JSON.stringify(report)).not.toContain('k-1')
    } finally {
      await server.close()
    }
  })

  it('names each unreadable or missing file, leaves it out of every figure and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-bad-'))
    const labels = join(dir, 'labels.csv')
    await writeFile(
      labels,
      [
        'file,label',
        `${FIXTURES}/a-yu-pentatonic.wav,A羽五声`,
        `${FIXTURES}/empty.wav,C宫`,
        `${FIXTURES}/README.md,C宫`,
        `${dir}/missing.wav,D商`,
      ].join('\n'),
    )
    const out: string[] = []
    const err: string[] = []
    const code = await main(
      ['--labels', labels, '--json', join(dir, 'r.json')],
      (l) => out.push(l),
      (l) => err.push(l),
    )
    expect(code).toBe(1)
    const said = err.join('\n')
    expect(said).toMatch(/cannot read .*empty\.wav/)
    expect(said).toMatch(/cannot read .*README\.md: not an audio file/)
    expect(said).toMatch(/cannot read .*missing\.wav: file not found/)
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'))
    expect(report.n).toBe(1)
    expect(report.accuracy.analyzer.n).toBe(1) // what it says about the clip is the analyzer's business
    expect(out[0]).toMatch(/^1 files \(3 more could not be read/)
  })

  it('refuses an empty labels file, a quote never closed and non-UTF text, with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-csv-'))
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty.csv', '', /is empty/],
      ['blank.csv', '\n \r\n', /is empty/],
      ['header.csv', 'file,label\n', /no file,label rows/],
      [
        'quote.csv',
        'file,label\na.wav,A羽\n"b.wav,C宫\nc.wav,D商\n',
        /quote opened on line 3 is never closed/,
      ],
      ['gbk.csv', new Uint8Array([0x61, 0x2c, 0xd3, 0xf0, 0x0a]), /not UTF-8 or UTF-16/],
    ]
    for (const [name, content, message] of cases) {
      await writeFile(join(dir, name), content)
      const err: string[] = []
      expect(
        await main(
          ['--labels', join(dir, name)],
          () => {},
          (l) => err.push(l),
        ),
        name,
      ).toBe(2)
      expect(err.join('\n'), name).toMatch(message)
    }
  })

  it("reads a UTF-16 labels file (Excel's Unicode text, tab-separated) and says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-u16-'))
    const text = `file\tlabel\r\n${FIXTURES}/a-yu-pentatonic.wav\tA羽五声\r\n`
    const bytes = new Uint8Array(2 + text.length * 2)
    bytes.set([0xff, 0xfe])
    for (let i = 0; i < text.length; i++) {
      bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff
      bytes[3 + 2 * i] = text.charCodeAt(i) >> 8
    }
    await writeFile(join(dir, 'labels.csv'), bytes)
    const out: string[] = []
    const err: string[] = []
    expect(
      await main(
        ['--labels', join(dir, 'labels.csv')],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0)
    expect(err.join('\n')).toMatch(/UTF-16LE/)
    expect(out[0]).toBe('1 files')
    expect(out[1]).toMatch(/^analyzer: exact \d/)
  })

  it('--concurrency 16 keeps 16 requests in flight and keeps the CSV order', async () => {
    const server = await startModelServer({ flavour: 'vllm', replies: ['A羽五声'] })
    try {
      const n = 32
      server.setFaults(Array.from({ length: n }, () => ({ kind: 'delay', ms: 1500 }) as const))
      const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-conc-'))
      const rows = Array.from({ length: n }, () => `${FIXTURES}/a-yu-pentatonic.wav,A羽五声`)
      // Distinct names, so every row is its own file.
      const lines = await Promise.all(
        rows.map(async (row, i) => {
          const [src, label] = row.split(',')
          const name = `clip-${String(i).padStart(2, '0')}.wav`
          await copyFile(src, join(dir, name))
          return `${name},${label}`
        }),
      )
      await writeFile(join(dir, 'labels.csv'), `file,label\n${lines.join('\n')}\n`)
      const args = [
        '--labels',
        join(dir, 'labels.csv'),
        '--json',
        join(dir, 'r.json'),
        '--concurrency',
        '16',
        '--no-analyzer',
      ]
      const code = await main(
        [...args, '--model', server.url, '--protocol', 'openai'],
        () => {},
        () => {},
        {},
      )
      expect(code).toBe(0)
      expect(server.maxInFlight).toBe(16)
      const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'))
      expect(report.rows.map((r: { file: string }) => r.file)).toEqual(lines.map((l) => l.split(',')[0]))
      expect(report.accuracy.model.n).toBe(n)
      expect(report.accuracy.analyzer).toBeUndefined()
    } finally {
      await server.close()
    }
  }, 60_000)

  it('retries a request the server refuses with 429 or 503, and the others go on', async () => {
    const server = await startModelServer({ flavour: 'vllm', replies: ['A羽五声'] })
    try {
      server.setFaults([
        { kind: 'rate-limit', retryAfter: '0' },
        { kind: 'status', status: 503 },
      ])
      const dir = await mkdtemp(join(tmpdir(), 'wusheng-eval-retry-'))
      await writeFile(join(dir, 'labels.csv'), `a.wav,A羽五声\nb.wav,A羽五声\n`)
      await copyFile(`${FIXTURES}/a-yu-pentatonic.wav`, join(dir, 'a.wav'))
      await copyFile(`${FIXTURES}/a-yu-pentatonic.wav`, join(dir, 'b.wav'))
      const code = await main(
        [
          '--labels',
          join(dir, 'labels.csv'),
          '--json',
          join(dir, 'r.json'),
          '--concurrency',
          '2',
          '--no-analyzer',
          '--model',
          server.url,
          '--protocol',
          'openai',
        ],
        () => {},
        () => {},
        {},
      )
      expect(code).toBe(0)
      const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'))
      expect(report.rows.map((r: { modelRaw: string }) => r.modelRaw)).toEqual(['A羽五声', 'A羽五声'])
      expect(
        server.requests
          .filter((r) => r.path === '/v1/chat/completions')
          .map((r) => r.status)
          .sort(),
      ).toEqual([200, 200, 429, 503])
    } finally {
      await server.close()
    }
  }, 30_000)

  it('--model with a bad URL is refused before any work', async () => {
    const err: string[] = []
    expect(
      await main(
        ['--labels', 'x.csv', '--model', 'ftp://h'],
        () => {},
        (l) => err.push(l),
        {},
      ),
    ).toBe(2)
    expect(err[0]).toMatch(/http/)
  })

  it('resamples a tone without moving its pitch', () => {
    const from = 44_100
    const tone = Float32Array.from({ length: from }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / from))
    const out = resampleSinc(tone, from, 16_000)
    expect(out.length).toBe(16_000)
    // Count upward zero crossings in the middle second: 440 per second.
    let crossings = 0
    for (let i = 1; i < out.length; i++) if (out[i - 1] < 0 && out[i] >= 0) crossings++
    expect(Math.abs(crossings - 440)).toBeLessThanOrEqual(1)
  })
})
