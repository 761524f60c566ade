/**
 * Tunes the mode model fast: tracks each clip of a generated set once (notes cached in bench/out/), then
 * scores model variants on the cached notes. A development tool; report figures from analyzer-bench.ts.
 *
 *   npx tsx bench/tune.ts --seed 5 --n 300 --variants 'skeletonObservations=0; skeletonObservations=20'
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze, modeEvidenceOf } from '../src/lib/analysis/analyze.ts'
import { DEFAULT_MODE_MODEL, scoreModes, type ModeModel } from '../src/lib/analysis/mode.ts'
import type { NoteEvent } from '../src/lib/analysis/types.ts'
import type { Label } from '../src/lib/theory/label.ts'
import { makeClip, renderClip } from './clips.ts'

interface Cached {
  readonly label: Label
  readonly duration: number
  readonly notes: readonly NoteEvent[] | null
}

function load(seed: number, n: number, rate: number): Cached[] {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'out')
  const file = join(dir, `notes-${seed}-${n}-${rate}.json`)
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Cached[]
  const out: Cached[] = []
  for (let i = 0; i < n; i++) {
    const clip = makeClip(i, seed)
    const r = analyze(renderClip(clip, rate), rate)
    out.push({ label: clip.label, duration: r.duration, notes: r.ok ? r.evidence.notes : null })
    if (process.stderr.isTTY) process.stderr.write(`\r${i + 1}/${n}`)
  }
  mkdirSync(dir, { recursive: true })
  writeFileSync(file, JSON.stringify(out))
  return out
}

type Variant = Partial<ModeModel>

function parseVariants(text: string): Variant[] {
  return text.split(';').map((v) =>
    Object.fromEntries(
      v
        .split(',')
        .map((kv) => kv.trim())
        .filter(Boolean)
        .map((kv) => {
          const [k, x] = kv.split('=')
          return [k.trim(), Number(x)]
        }),
    ),
  )
}

function evaluate(set: readonly Cached[], v: Variant, show = false): string {
  const model: ModeModel = { ...DEFAULT_MODE_MODEL, ...v }
  let exact = 0
  let system = 0
  let type = 0
  let full = 0
  for (const c of set) {
    if (!c.notes) continue
    const ev = modeEvidenceOf(c.notes, c.duration, model)
    const best = scoreModes(ev, model)[0].label
    const t = c.label
    if (show && best.system !== t.system) {
      const rel = (p: readonly number[]): string =>
        p.map((_, s) => `${s}:${p[(s + t.system) % 12].toFixed(2)}`).join(' ')
      console.log(
        `${t.tonic}/${t.pattern}/${t.type} → ${best.tonic}/${best.pattern}/${best.type} (宫 ${t.system}→${best.system}, rel ${(best.system - t.system + 12) % 12})`,
      )
      console.log(`  profile  ${rel(ev.profile)}`)
    }
    const e = best.tonic === t.tonic && best.pattern === t.pattern
    exact += +e
    system += +(best.system === t.system)
    type += +(best.type === t.type)
    full += +(e && best.type === t.type)
  }
  const f = (x: number): string => (x / set.length).toFixed(3)
  return `exact ${f(exact)} system ${f(system)} type ${f(type)} all ${f(full)}`
}

function main(): void {
  const argv = process.argv.slice(2)
  const opt = (name: string, dflt: string): string => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : dflt
  }
  const seeds = opt('--seed', '5').split(',').map(Number)
  const n = Number(opt('--n', '300'))
  const rate = Number(opt('--rate', '16000'))
  const variants = parseVariants(opt('--variants', ''))
  for (const seed of seeds) {
    const set = load(seed, n, rate)
    for (const v of variants)
      console.log(`seed ${seed}  ${evaluate(set, v, argv.includes('--show'))}  ${JSON.stringify(v)}`)
  }
}

main()
