// Times computeStats (and pickNext's confusion scan) on 10,000 synthetic attempts: `npx tsx bench/stats-bench.ts`.
import { SCALE_TYPES } from '../src/lib/theory/scale-types.ts'
import { PATTERNS } from '../src/lib/theory/tones.ts'
import { LADDER } from '../src/lib/tutor/ladder.ts'
import { makeQuestion } from '../src/lib/tutor/questions.ts'
import { pick } from '../src/lib/tutor/random.ts'
import { pickNext } from '../src/lib/tutor/scheduler.ts'
import { computeStats } from '../src/lib/tutor/stats.ts'
import { answered, seededRandom } from '../src/lib/tutor/testing.ts'
import type { Attempt } from '../src/lib/tutor/types.ts'

const N = 10_000
const RUNS = 50
const random = seededRandom(1)
const start = Date.UTC(2024, 0, 1)
const attempts: Attempt[] = []
for (let i = 0; i < N; i++) {
  const rung = LADDER[Math.min(LADDER.length - 2, Math.floor((i / N) * (LADDER.length - 1)))]
  const at = start + i * 45 * 60_000 // ~ a year of practice
  const kind = pick(random, rung.kinds)
  const q = makeQuestion(rung, kind, random, at)
  const right = random() < 0.75
  const answer = right
    ? { tonic: q.label.tonic, pattern: q.label.pattern, type: q.label.type }
    : { tonic: Math.floor(random() * 12), pattern: pick(random, PATTERNS), type: pick(random, SCALE_TYPES) }
  attempts.push(
    answered(q, answer, at, { latency: 2000 + random() * 10_000, replays: random() < 0.2 ? 1 : 0 }),
  )
}

function time(label: string, fn: () => unknown): void {
  fn() // warm-up (JIT)
  const ms: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    fn()
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  console.log(
    `${label}: median ${ms[RUNS >> 1].toFixed(2)} ms, max ${ms[RUNS - 1].toFixed(2)} ms over ${RUNS} runs`,
  )
}

const now = attempts[N - 1].at + 3_600_000
time(`computeStats, ${N} attempts, daily buckets`, () =>
  computeStats(attempts, { now, utcOffsetMinutes: 480 }),
)
time(`computeStats, ${N} attempts, weekly buckets`, () =>
  computeStats(attempts, { now, utcOffsetMinutes: 480, bucket: 'week' }),
)
time(`computeStats, ${N} attempts, unsorted input`, () =>
  computeStats([...attempts].reverse(), { now, utcOffsetMinutes: 480 }),
)
time(`pickNext with ${N} attempts of history`, () =>
  pickNext({ rung: LADDER[2], attempts, cards: [] }, random, now),
)
