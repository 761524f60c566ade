import { describe, expect, it } from 'vitest'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main, parseArgs, readLabelsCsv } from './evaluate.ts'
import { resampleSinc } from './model-cli.ts'
import { startModelServer } from '../tests/support/model-server.ts'

const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures')

describe('evaluate command', () => {
  it('parses arguments and refuses bad ones', () => {
    expect(parseArgs(['--labels', 'l.csv', '--json', 'o.json'])).toEqual({ labels: 'l.csv', json: 'o.json' })
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
    const { files, errors } = readLabelsCsv('file,label\nclips/a.wav,A羽五声\nb.wav,not a mode\n', '/data')
    expect(files).toHaveLength(1)
    expect(files[0]).toMatchObject({
      file: 'clips/a.wav',
      path: '/data/clips/a.wav',
      truth: { tonic: 9, pattern: 'yu' },
    })
    expect(errors).toEqual(['line 3: cannot read the label "not a mode"'])
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
    ).toBe(0)
    expect(progress).toHaveLength(2)
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'))
    expect(report.accuracy.analyzer).toMatchObject({ n: 2, exact: 0.5, noLabel: 1 })
    expect(await readFile(join(dir, 'r.csv'), 'utf8')).toMatch(/^file,truth,analyzer/)
    // Second run: everything is in the cache, nothing is analysed again, same numbers.
    const again: string[] = []
    expect(
      await main(
        args,
        () => {},
        (l) => again.push(l),
      ),
    ).toBe(0)
    expect(again).toEqual([])
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
