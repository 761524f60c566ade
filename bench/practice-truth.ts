/**
 * Practice questions as a learner meets them, checked against their key: random labels of all 360, 4 or 8
 * bars, a random seed, generated and rendered exactly as Practice renders a melody question for its feedback
 * (generateMelody, then the synth at 16 kHz with the question's seed), then named by analyze(). A question whose
 * analyzer label differs from its key is one whose feedback would contradict the key.
 *
 *   npx tsx bench/practice-truth.ts [--n 100] [--seed 1] [--tempo 84] [--quiet]
 *
 * This measures the project's own generated melodies (the generator and the analyzer agreeing), not accuracy
 * on real music.
 */
import { parseArgs } from 'node:util'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { renderMelody } from '../src/lib/synth/render.ts'
import { formatLabel } from '../src/lib/theory/format.ts'
import { allLabels, sameLabel } from '../src/lib/theory/label.ts'
import { mulberry32 } from '../src/lib/theory/random.ts'
import { LONG_BARS, SHORT_BARS } from '../src/lib/tutor/ladder.ts'
import { generateMelody } from '../src/lib/tutor/melody.ts'
import { DEFAULT_TEMPO } from '../src/lib/tutor/questions.ts'

const RATE = 16000

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    tempo: { type: 'string', default: String(DEFAULT_TEMPO) },
    quiet: { type: 'boolean', default: false },
  },
})
const n = Number(values.n)
const tempo = Number(values.tempo)
const random = mulberry32(Number(values.seed))
const labels = allLabels()

let agree = 0
const misses: string[] = []
const t0 = performance.now()
for (let i = 0; i < n; i++) {
  const label = labels[Math.floor(random() * labels.length)]
  const bars = random() < 0.5 ? SHORT_BARS : LONG_BARS
  const seed = Math.floor(random() * 2 ** 32)
  const m = generateMelody(label, { seed, bars, tempo })
  const samples = renderMelody({ notes: m.notes, tempo: m.tempo }, RATE, { seed })
  const r = analyze(samples, RATE)
  if (r.ok && sameLabel(r.label, label)) agree++
  else {
    const heard = r.ok ? `${formatLabel(r.label, 'cnpm')} (${(r.confidence * 100).toFixed(0)}%)` : 'no mode'
    misses.push(`${formatLabel(label, 'cnpm')} seed ${seed} bars ${bars}: heard ${heard}`)
  }
  if (!values.quiet && (i + 1) % 100 === 0) console.error(`${i + 1}/${n}`)
}
console.log(
  `practice questions (generated, tempo ${tempo}): ${agree}/${n} agree with their key` +
    ` (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
)
for (const m of misses) console.log(`  ${m}`)
