import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateDataset } from '../src/lib/eval/dataset.ts'
import { main, parseArgs } from './export-dataset.ts'

const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures')

/** Every file under dir, by its path relative to dir. */
async function readTree(dir: string, prefix = ''): Promise<Map<string, Uint8Array | string>> {
  const out = new Map<string, Uint8Array | string>()
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    if (e.isDirectory()) for (const [k, v] of await readTree(dir, rel)) out.set(k, v)
    else out.set(rel, new Uint8Array(await readFile(join(dir, rel))))
  }
  return out
}

describe('export-dataset command', () => {
  it('writes a LLaMA-Factory sharegpt audio dataset that its loader would accept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wusheng-ds-'))
    await writeFile(
      join(dir, 'labels.csv'),
      [
        'file,label',
        `${FIXTURES}/a-yu-pentatonic.wav,A羽五声`,
        `${FIXTURES}/d-shang-yanyue.wav,D商七声燕乐`,
        `${FIXTURES}/long-45s.wav,#C/bD商六声加变宫`,
        `${FIXTURES}/mic-a-yu.wav,A羽五声`,
        `${FIXTURES}/not-audio.wav,C宫五声`,
      ].join('\n'),
    )
    const outDir = join(dir, 'ds')
    const err: string[] = []
    const out: string[] = []
    const code = await main(
      ['--labels', join(dir, 'labels.csv'), '--out', outDir, '--name', 'cnpm_more', '--val', '0.25'],
      (l) => out.push(l),
      (l) => err.push(l),
    )
    expect(code).toBe(1) // not-audio.wav was left out, and said so
    expect(err.join('\n')).toMatch(/cannot read .*not-audio\.wav.*left out/)
    expect(out[0]).toMatch(/^4 clips .*3 train, 1 in cnpm_more_val/)
    const tree = await readTree(outDir)
    expect(validateDataset(tree)).toEqual([])
    const info = JSON.parse(new TextDecoder().decode(tree.get('dataset_info.json') as Uint8Array))
    expect(info.cnpm_more).toEqual({
      file_name: 'cnpm_more.json',
      formatting: 'sharegpt',
      columns: { messages: 'messages', audios: 'audios' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
    })
    const train = JSON.parse(new TextDecoder().decode(tree.get('cnpm_more.json') as Uint8Array))
    const val = JSON.parse(new TextDecoder().decode(tree.get('cnpm_more_val.json') as Uint8Array))
    expect(train).toHaveLength(3)
    expect(val).toHaveLength(1)
    const all = [...train, ...val]
    expect(all.every((e) => e.messages[0].content === '<audio>这段音乐是什么调式?')).toBe(true)
    expect(all.map((e) => e.messages[1].content).sort()).toEqual([
      '#C/bD商六声加变宫',
      'A羽五声',
      'A羽五声',
      'D商七声燕乐',
    ])
    // The 45 s clip is cut to its last 30 s: 16 kHz × 2 bytes × 30 s of data.
    const long = all.find((e) => e.messages[1].content.startsWith('#C'))!.audios[0]
    expect((tree.get(long) as Uint8Array).byteLength).toBe(44 + 16_000 * 2 * 30)
  })

  it('the validator catches what the loader would reject', () => {
    const wav = new Uint8Array(44)
    const good = () =>
      new Map<string, Uint8Array | string>([
        [
          'dataset_info.json',
          JSON.stringify({
            d: {
              file_name: 'd.json',
              formatting: 'sharegpt',
              columns: { messages: 'messages', audios: 'audios' },
            },
          }),
        ],
        [
          'd.json',
          JSON.stringify([
            {
              messages: [
                { role: 'assistant', content: 'A羽五声' },
                { role: 'user', content: '<audio><audio>?' },
              ],
              audios: ['audio/x.wav'],
            },
          ]),
        ],
        ['audio/y.wav', wav],
      ])
    const problems = validateDataset(good())
    expect(problems).toContain('d[0]: message 0 must be user, got assistant')
    expect(problems).toContain('d[0]: 2 <audio> tags for 1 audio files')
    expect(problems).toContain('d[0]: audio audio/x.wav is missing')
    expect(validateDataset(new Map())).toEqual(['dataset_info.json is missing'])
  })

  it('refuses bad options before reading anything', () => {
    expect(parseArgs(['--labels', 'l.csv'])).toEqual({ error: '--out is required' })
    expect(parseArgs(['--labels', 'l.csv', '--out', 'd', '--name', 'a b'])).toMatchObject({
      error: /dataset name/,
    })
    expect(parseArgs(['--labels', 'l.csv', '--out', 'd', '--val', '1'])).toMatchObject({
      error: /validation share/,
    })
    expect(parseArgs(['--labels', 'l.csv', '--out', 'd', '--answer', 'x'])).toMatchObject({
      error: /--answer/,
    })
  })
})
