/**
 * Throughput of `evaluate --model` against the local test server (tests/support/model-server.ts) answering each
 * request after a fixed delay: requests per second for --concurrency 1, 4 and 16. A script, not a test.
 *   npx tsx scripts/evaluate-throughput.ts [clips=48] [delayMs=400] [analyzer]
 * With `analyzer` the local analyzer runs too (CPU-bound, one clip at a time between requests).
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main } from '../cli/evaluate.ts'
import { startModelServer } from '../tests/support/model-server.ts'

const clips = Number(process.argv[2] ?? 48)
const delayMs = Number(process.argv[3] ?? 400)
const withAnalyzer = process.argv[4] === 'analyzer'
const fixture = resolve(import.meta.dirname, '../tests/fixtures/a-yu-pentatonic.wav')
const dir = await mkdtemp(join(tmpdir(), 'wusheng-throughput-'))
const rows: string[] = []
for (let i = 0; i < clips; i++) {
  await copyFile(fixture, join(dir, `c${i}.wav`))
  rows.push(`c${i}.wav,A羽五声`)
}
await writeFile(join(dir, 'labels.csv'), rows.join('\n') + '\n')
console.log(
  `${clips} clips (${fixture.split('/').pop()}), server answers after ${delayMs} ms, ${withAnalyzer ? 'with the analyzer' : '--no-analyzer'}`,
)
for (const n of [1, 4, 16]) {
  const server = await startModelServer({ flavour: 'vllm', replies: ['A羽五声'] })
  server.setFaults(Array.from({ length: clips }, () => ({ kind: 'delay', ms: delayMs }) as const))
  const t0 = performance.now()
  const code = await main(
    [
      '--labels',
      join(dir, 'labels.csv'),
      '--concurrency',
      String(n),
      ...(withAnalyzer ? [] : ['--no-analyzer']),
      '--model',
      server.url,
      '--protocol',
      'openai',
    ],
    () => {},
    () => {},
    {},
  )
  const s = (performance.now() - t0) / 1000
  console.log(
    `--concurrency ${String(n).padStart(2)}: ${s.toFixed(2)} s, ${(clips / s).toFixed(2)} req/s, most in flight ${server.maxInFlight}, exit ${code}`,
  )
  await server.close()
}
await rm(dir, { recursive: true })
