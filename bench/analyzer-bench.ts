/**
 * The analyzer benchmark, in three parts:
 *  1. the Han development set (real folk melodies from ../shared/melodies, when the file is there) in five
 *     conditions beside the final-note rule (bench/han-bench.ts);
 *  2. a deterministic labelled set of generated folk melodies rendered under realistic conditions;
 *  3. the command line's speed: `identify` on a batch of 40 generated clips of ~17 s, process start included.
 *
 *   npm run bench -- [--n 300] [--seed 1] [--quick] [--rate 16000] [--accompaniment]
 *                    [--han-songs held-out|fit|all] [--han-limit N] [--no-han] [--no-generated] [--no-cli]
 *
 * `--accompaniment` puts an ensemble (chords or arpeggios in the mode) under every generated melody.
 *
 * Prints a report and writes bench/out/results.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze } from '../src/lib/analysis/analyze.ts'
import type { AnalysisResult } from '../src/lib/analysis/types.ts'
import { labelFromSystemAndTonic, type Label } from '../src/lib/theory/label.ts'
import { mod12, pitchClassName } from '../src/lib/theory/pitch-class.ts'
import { SCALE_TYPE_INFO, SCALE_TYPES } from '../src/lib/theory/scale-types.ts'
import { PATTERNS, toneOf, type Pattern } from '../src/lib/theory/tones.ts'
import { CONDITIONS, makeClip, renderClip, type Clip, type Condition } from './clips.ts'
import { formatReliability, reliability } from './calibration.ts'
import { runHanBench } from './han-bench.ts'
import { cliSpeed } from './cli-speed.ts'

interface Args {
  readonly n: number
  readonly seed: number
  readonly sampleRate: number
  readonly accompaniment: boolean
  readonly hanSongs: 'held-out' | 'fit' | 'all'
  readonly hanLimit?: number
  readonly parts: { readonly han: boolean; readonly generated: boolean; readonly cli: boolean }
}

interface Outcome {
  readonly index: number
  readonly truth: string
  readonly predicted: string | null
  readonly reason?: string
  readonly confidence: number
  readonly patternConfidence: number
  readonly conditions: readonly Condition[]
  readonly exact: boolean
  readonly pattern: boolean
  readonly system: boolean
  readonly type: boolean
  readonly full: boolean
  readonly truePattern: Pattern
  readonly predictedPattern: Pattern | null
  /** Baseline: tonic = the most frequent pitch class of the analyzer's own profile. */
  readonly baselineTonic: boolean
  readonly baselineExact: boolean
  /** Baseline on the score itself: is the duration-weighted most frequent note the tonic? */
  readonly scoreMostFrequentIsTonic: boolean
  readonly seconds: number
  readonly analyzeMs: number
  readonly renderMs: number
  /** CPU time of analyze() (user + system), immune to other processes sharing the cores. */
  readonly analyzeCpuMs?: number
}

function parseArgs(argv: readonly string[]): Args {
  let n = 300
  let seed = 1
  let sampleRate = 16000
  let accompaniment = false
  let hanSongs: Args['hanSongs'] = 'held-out'
  let hanLimit: number | undefined
  const parts = { han: true, generated: true, cli: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const num = (): number => {
      const v = Number(argv[++i])
      if (!Number.isFinite(v)) throw new Error(`${a} needs a number`)
      return v
    }
    if (a === '--n') n = Math.max(1, Math.floor(num()))
    else if (a === '--seed') seed = Math.floor(num())
    else if (a === '--rate') sampleRate = num()
    else if (a === '--quick') n = 60
    else if (a === '--accompaniment') accompaniment = true
    else if (a === '--han-songs') {
      const v = argv[++i]
      if (v !== 'held-out' && v !== 'fit' && v !== 'all')
        throw new Error('--han-songs takes held-out, fit or all')
      hanSongs = v
    } else if (a === '--han-limit') hanLimit = Math.max(1, Math.floor(num()))
    else if (a === '--no-han') parts.han = false
    else if (a === '--no-generated') parts.generated = false
    else if (a === '--no-cli') parts.cli = false
    else
      throw new Error(
        `unknown option ${a} (use --n N, --seed S, --quick, --rate HZ, --accompaniment, --han-songs held-out|fit|all, --han-limit N, --no-han, --no-generated, --no-cli)`,
      )
  }
  return { n, seed, sampleRate, accompaniment, hanSongs, hanLimit, parts }
}

function labelName(l: Label): string {
  return `${pitchClassName(l.tonic)}${toneOf(l.pattern).hanzi}${SCALE_TYPE_INFO[l.type].zh}`
}

function mostFrequent(weights: readonly number[]): number {
  let best = 0
  for (let i = 1; i < weights.length; i++) if (weights[i] > weights[best]) best = i
  return best
}

function score(
  clip: Clip,
  result: AnalysisResult,
  seconds: number,
  analyzeMs: number,
  renderMs: number,
): Outcome {
  const t = clip.label
  const p = result.ok ? result.label : null
  const scoreWeights = new Array<number>(12).fill(0)
  for (const n of clip.melody.notes) scoreWeights[mod12(n.midi)] += n.duration
  const baseTonic = result.ok ? mostFrequent(result.evidence.pitchClassProfile) : -1
  const baseLabel = p ? labelFromSystemAndTonic(p.system, baseTonic) : null
  return {
    index: clip.index,
    truth: labelName(t),
    predicted: p ? labelName(p) : null,
    reason: result.ok ? undefined : result.reason,
    confidence: result.ok ? result.confidence : 0,
    patternConfidence: result.ok ? (result.patternConfidence ?? result.confidence) : 0,
    conditions: clip.conditions,
    exact: !!p && p.tonic === t.tonic && p.pattern === t.pattern,
    pattern: !!p && p.pattern === t.pattern,
    system: !!p && p.system === t.system,
    type: !!p && p.type === t.type,
    full: !!p && p.tonic === t.tonic && p.pattern === t.pattern && p.type === t.type,
    truePattern: t.pattern,
    predictedPattern: p ? p.pattern : null,
    baselineTonic: baseTonic === t.tonic,
    baselineExact:
      !!baseLabel && !baseLabel.empty && baseLabel.tonic === t.tonic && baseLabel.pattern === t.pattern,
    scoreMostFrequentIsTonic: mostFrequent(scoreWeights) === t.tonic,
    seconds,
    analyzeMs,
    renderMs,
  }
}

const share = (xs: readonly Outcome[], f: (o: Outcome) => boolean): number =>
  xs.length ? xs.filter(f).length / xs.length : NaN
const pct = (x: number): string => (Number.isNaN(x) ? '   – ' : x.toFixed(3))

function main(): void {
  const args = parseArgs(process.argv.slice(2))
  const log = (line = ''): void => console.log(line)
  const han = args.parts.han
    ? runHanBench(
        { seed: args.seed, sampleRate: args.sampleRate, songs: args.hanSongs, limit: args.hanLimit },
        log,
      )
    : null
  const cli = args.parts.cli ? cliSpeed(log) : null
  if (!args.parts.generated) return writeResults({ args, han, cli })
  log()
  const outcomes: Outcome[] = []
  const started = performance.now()
  for (let i = 0; i < args.n; i++) {
    const clip = makeClip(i, args.seed, { accompaniment: args.accompaniment })
    const r0 = performance.now()
    const region = renderClip(clip, args.sampleRate)
    const r1 = performance.now()
    // CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
    const cpu0 = process.cpuUsage()
    const result = analyze(region, args.sampleRate)
    const cpu = process.cpuUsage(cpu0)
    const r2 = performance.now()
    const outcome = score(clip, result, region.length / args.sampleRate, r2 - r1, r1 - r0)
    outcomes.push({ ...outcome, analyzeCpuMs: (cpu.user + cpu.system) / 1000 })
    if (process.stderr.isTTY) process.stderr.write(`\r${i + 1}/${args.n}`)
  }
  if (process.stderr.isTTY) process.stderr.write('\r')
  const wall = (performance.now() - started) / 1000
  const generated = report(args, outcomes, wall)
  writeResults({ args, han, cli, generated })
}

/** Writes bench/out/results.json (git-ignored). */
function writeResults(results: Record<string, unknown>): void {
  const here = dirname(fileURLToPath(import.meta.url))
  const outDir = join(here, 'out')
  mkdirSync(outDir, { recursive: true })
  const file = join(outDir, 'results.json')
  writeFileSync(file, JSON.stringify(results, null, 1))
  console.log(`\nwrote ${file}`)
}

function report(args: Args, outs: readonly Outcome[], wall: number): Record<string, unknown> {
  const lines: string[] = []
  const log = (s = ''): void => void lines.push(s)
  const audio = outs.reduce((s, o) => s + o.seconds, 0)
  const analyzeSec = outs.reduce((s, o) => s + o.analyzeMs, 0) / 1000
  const renderSec = outs.reduce((s, o) => s + o.renderMs, 0) / 1000
  const analyzeCpuSec = outs.reduce((s, o) => s + (o.analyzeCpuMs ?? 0), 0) / 1000
  const accuracy = {
    exact: share(outs, (o) => o.exact),
    pattern: share(outs, (o) => o.pattern),
    system: share(outs, (o) => o.system),
    type: share(outs, (o) => o.type),
    full: share(outs, (o) => o.full),
    noMode: share(outs, (o) => o.predicted === null),
  }
  const baseline = {
    tonicFromProfile: share(outs, (o) => o.baselineTonic),
    exactFromProfile: share(outs, (o) => o.baselineExact),
    scoreMostFrequentIsTonic: share(outs, (o) => o.scoreMostFrequentIsTonic),
  }
  const speed = {
    analyzeMsPer30s: (analyzeSec * 1000 * 30) / audio,
    analyzeTimesRealTime: audio / analyzeSec,
    analyzeCpuMsPer30s: (analyzeCpuSec * 1000 * 30) / audio,
    analyzeCpuTimesRealTime: audio / analyzeCpuSec,
    renderMsPer30s: (renderSec * 1000 * 30) / audio,
    wallSeconds: wall,
  }
  log(
    `Generated set (the project's own melodies — not real music): ${outs.length} clips, seed ${args.seed}, ${args.sampleRate} Hz, ${audio.toFixed(0)} s of audio${args.accompaniment ? ', every clip accompanied' : ''}`,
  )
  log()
  log('accuracy        exact(tonic+pattern)  pattern  system  type   all four  no-mode')
  log(
    `analyzer        ${pct(accuracy.exact)}                 ${pct(accuracy.pattern)}    ${pct(accuracy.system)}   ${pct(accuracy.type)}  ${pct(accuracy.full)}     ${pct(accuracy.noMode)}`,
  )
  log(
    `baseline        ${pct(baseline.exactFromProfile)}  (tonic = most frequent pitch class of the same profile, system from the analyzer; tonic right ${pct(baseline.tonicFromProfile)})`,
  )
  log(
    `score check     the most frequent note of the generated score is the tonic in ${pct(baseline.scoreMostFrequentIsTonic)} of clips`,
  )
  log()
  log('pattern confusion (rows: truth, columns: analyzer)')
  log(`          ${[...PATTERNS, 'none'].map((p) => p.padStart(6)).join('')}`)
  const confusion: Record<string, Record<string, number>> = {}
  for (const t of PATTERNS) {
    confusion[t] = Object.fromEntries([...PATTERNS, 'none'].map((p) => [p, 0]))
    for (const o of outs.filter((x) => x.truePattern === t)) confusion[t][o.predictedPattern ?? 'none']++
    log(`${t.padEnd(10)}${[...PATTERNS, 'none'].map((p) => String(confusion[t][p]).padStart(6)).join('')}`)
  }
  log()
  log('per condition   clips  exact   pattern system  type')
  const perCondition: Record<string, Record<string, number>> = {}
  for (const c of CONDITIONS) {
    const xs = outs.filter((o) => o.conditions.includes(c))
    perCondition[c] = {
      clips: xs.length,
      exact: share(xs, (o) => o.exact),
      pattern: share(xs, (o) => o.pattern),
      system: share(xs, (o) => o.system),
      type: share(xs, (o) => o.type),
    }
    const r = perCondition[c]
    log(
      `${c.padEnd(16)}${String(xs.length).padStart(5)}  ${pct(r.exact)}   ${pct(r.pattern)}   ${pct(r.system)}   ${pct(r.type)}`,
    )
  }
  log()
  log('per type        clips  exact   type')
  const perType: Record<string, Record<string, number>> = {}
  for (const t of SCALE_TYPES) {
    const xs = outs.filter((o) => o.truth.endsWith(SCALE_TYPE_INFO[t].zh))
    perType[t] = { clips: xs.length, exact: share(xs, (o) => o.exact), type: share(xs, (o) => o.type) }
    log(`${t.padEnd(20)}${String(xs.length).padStart(3)}  ${pct(perType[t].exact)}   ${pct(perType[t].type)}`)
  }
  log()
  // Calibration over the clips that got an answer: patternConfidence against tonic+pattern right,
  // confidence against all of tonic, pattern and type right.
  const answered = outs.filter((o) => o.predicted !== null)
  const calibration = {
    pattern: reliability(
      answered.map((o) => o.patternConfidence),
      answered.map((o) => o.exact),
    ),
    label: reliability(
      answered.map((o) => o.confidence),
      answered.map((o) => o.full),
    ),
  }
  for (const l of formatReliability('patternConfidence vs tonic+pattern right', calibration.pattern)) log(l)
  for (const l of formatReliability('confidence vs whole label right', calibration.label)) log(l)
  log()
  log(
    `speed           analyze ${speed.analyzeMsPer30s.toFixed(1)} ms wall per 30 s clip = ${speed.analyzeTimesRealTime.toFixed(0)}× real time (one process); render ${speed.renderMsPer30s.toFixed(1)} ms per 30 s; wall ${wall.toFixed(1)} s`,
  )
  log(
    `                analyze CPU time ${speed.analyzeCpuMsPer30s.toFixed(1)} ms per 30 s clip = ${speed.analyzeCpuTimesRealTime.toFixed(0)}× real time (user+system; differs from wall when the cores are shared)`,
  )
  console.log(lines.join('\n'))
  return {
    clips: outs.length,
    audioSeconds: audio,
    accuracy,
    baseline,
    confusion,
    perCondition,
    perType,
    calibration,
    speed,
    outcomes: outs,
  }
}

main()
