import { describe, expect, it } from 'vitest'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main, parseArgs, readLabelsCsv } from './evaluate.ts'

const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures')

describe('evaluate command', () => {
  it('parses arguments and refuses bad ones', () => {
    expect(parseArgs(['--labels', 'l.csv', '--json', 'o.json'])).toEqual({ labels: 'l.csv', json: 'o.json' })
    expect(parseArgs(['--json', 'o.json'])).toEqual({ error: '--labels is required' })
    expect(parseArgs(['--labels'])).toMatchObject({ error: '--labels needs a value' })
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
})
