/**
 * Prints per-clip evidence for the analyzer's misses on a generated set (a tuning aid, not a benchmark):
 *
 *   npx tsx bench/diagnose.ts [--seed 5] [--n 300] [--field system|exact|type]
 */
import { analyze } from '../src/lib/analysis/analyze.ts'
import { mod12, pitchClassName } from '../src/lib/theory/pitch-class.ts'
import { SCALE_TYPE_INFO } from '../src/lib/theory/scale-types.ts'
import { toneOf } from '../src/lib/theory/tones.ts'
import type { Label } from '../src/lib/theory/label.ts'
import { makeClip, renderClip } from './clips.ts'

const argv = process.argv.slice(2)
const opt = (name: string, dflt: string): string => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : dflt
}
const seed = Number(opt('--seed', '5'))
const n = Number(opt('--n', '300'))
const field = opt('--field', 'system')
const rate = 16000
const name = (l: Label): string =>
  `${pitchClassName(l.tonic)}${toneOf(l.pattern).hanzi}${SCALE_TYPE_INFO[l.type].zh}(宫${pitchClassName(l.system)})`

let misses = 0
for (let i = 0; i < n; i++) {
  const clip = makeClip(i, seed)
  const r = analyze(renderClip(clip, rate), rate)
  if (!r.ok) continue
  const t = clip.label
  const p = r.label
  const wrong =
    field === 'system'
      ? p.system !== t.system
      : field === 'type'
        ? p.type !== t.type
        : p.tonic !== t.tonic || p.pattern !== t.pattern
  if (!wrong) continue
  misses++
  const rel = (pc: number): string => String(mod12(pc - t.system)).padStart(2)
  console.log(
    `#${i} ${name(t)} → ${name(p)} conf ${r.confidence.toFixed(2)}/${(r.patternConfidence ?? 0).toFixed(2)} [${clip.conditions.join(',')}]`,
  )
  console.log(
    `  profile (rel. true 宫): ${r.evidence.pitchClassProfile
      .map((x, pc) => [mod12(pc - t.system), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([s, x]) => `${s}:${x.toFixed(2)}`)
      .join(' ')}`,
  )
  console.log(
    `  cadences: ${r.evidence.cadences.map((c) => `${rel(c.pitchClass)}${c.final ? 'F' : ''}`).join(' ')}`,
  )
  console.log(
    `  notes: ${r.evidence.notes.map((x) => `${rel(x.pitchClass)}:${(x.end - x.start).toFixed(2)}`).join(' ')}`,
  )
  const truthNotes = clip.melody.notes.map((x) => rel(x.midi) + ':' + x.duration).join(' ')
  console.log(`  score: ${truthNotes}`)
  console.log(
    `  alts: ${r.alternatives.map((a) => name(a.label) + ' ' + a.confidence.toFixed(2)).join(', ')}`,
  )
}
console.log(`${misses} misses of ${field} in ${n}`)
