import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../src/lib/archive/csv.ts'
import { main, readPredictions } from './score.ts'

const REFERENCE = resolve(import.meta.dirname, '../src/lib/eval/reference')
const PREDICTIONS = join(REFERENCE, 'generated_predictions.jsonl')

async function run(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  )
  return { code, out, err }
}

describe('score command', () => {
  it("prints LLaMA-Factory's BLEU-4 and ROUGE means exactly as Python computes them", async () => {
    const reference = JSON.parse(await readFile(join(REFERENCE, 'llamafactory-reference.json'), 'utf8'))
    const { code, out } = await run([PREDICTIONS, '--json'])
    expect(code).toBe(0)
    const s = JSON.parse(out.join('\n'))
    expect(s.n).toBe(reference.n)
    expect([s['bleu-4'], s['rouge-1'], s['rouge-2'], s['rouge-l']]).toEqual([
      reference.mean['bleu-4'],
      reference.mean['rouge-1'],
      reference.mean['rouge-2'],
      reference.mean['rouge-l'],
    ])
  })

  it('reads predict and label as modes: exact, per field, no mode, 5×5 confusion', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-score-'))
    const file = join(dir, 'p.jsonl')
    const line = (predict: string, label: string) => JSON.stringify({ prompt: 'p', predict, label })
    await writeFile(
      file,
      [
        line('A羽五声', 'A羽五声'), // exact
        line('C宫系统 A羽调式', 'A羽五声'), // exact, BLEU low
        line('E角五声', 'A羽五声'), // wrong tonic and pattern, same system (C)
        line('羽调式', 'A羽五声'), // pattern only: no mode
        line('调式：商；主音：G', 'G商五声'), // exact (field form)
      ].join('\n') + '\n',
    )
    const { code, out } = await run([file, '--json', '--csv', join(dir, 's.csv')])
    expect(code).toBe(0)
    const s = JSON.parse(out[0])
    expect(s).toMatchObject({
      n: 5,
      labelled: 5,
      exact: 0.6,
      tonic: 0.6,
      pattern: 0.6,
      system: 0.8,
      'no-mode': 1,
    })
    // rows: truth pattern; columns: answered pattern, then none.
    expect(s.confusion.counts[4]).toEqual([0, 0, 1, 0, 2, 1]) // yu → jue once, yu twice, none once
    expect(s.confusion.counts[1]).toEqual([0, 1, 0, 0, 0, 0])
    const csv = parseCsv(await readFile(join(dir, 's.csv'), 'utf8'))
    expect(csv[0]).toEqual([
      'line',
      'predict',
      'label',
      'bleu-4',
      'rouge-1',
      'rouge-2',
      'rouge-l',
      'predictMode',
      'labelMode',
      'exact',
    ])
    expect(csv[1].slice(3, 7)).toEqual(['100', '100', '100', '100'])
    expect(csv[4][7]).toBe('yu') // the pattern of a pattern-only answer
    expect(csv).toHaveLength(6)
  })

  it('prints a table by default', async () => {
    const { out } = await run([PREDICTIONS])
    expect(out[1]).toMatch(/^ {2}BLEU-4 27\.1134 {3}ROUGE-1 47\.3500/)
    expect(out.join('\n')).toMatch(/exact \(tonic \+ pattern\)/)
  })

  it('names lines it cannot read (exit 1) and refuses a file with none (exit 2)', async () => {
    expect(
      readPredictions('{"predict":"a","label":"b"}\nnot json\n{"predict":1,"label":"b"}\n').errors,
    ).toEqual(['line 2: not JSON', 'line 3: needs string fields "predict" and "label"'])
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-score-bad-'))
    await writeFile(join(dir, 'some.jsonl'), '{"predict":"A羽五声","label":"A羽五声"}\n{oops\n')
    expect((await run([join(dir, 'some.jsonl'), '--json'])).code).toBe(1)
    await writeFile(join(dir, 'none.jsonl'), '\n')
    const none = await run([join(dir, 'none.jsonl')])
    expect(none.code).toBe(2)
    expect(none.err[0]).toMatch(/has no predictions/)
    expect((await run([join(dir, 'missing.jsonl')])).err[0]).toMatch(/cannot read/)
    expect((await run(['--frobnicate'])).code).toBe(2)
  })
})
