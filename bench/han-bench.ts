/**
 * The analyzer on the Han development set: the labelled songs of ../shared/melodies rendered in five
 * conditions (clean whole songs, realistic performances, sung, hexatonic songs, mid-song excerpts), judged by
 * analyze() — the product's code path — beside the final-note rule computed on the same pitch track in the
 * same run. By default only the held-out songs (folds 7–9; the tonic model is fitted on folds 0–6).
 */
import { analyze } from '../src/lib/analysis/analyze.ts'
import { bestCoverage } from '../src/lib/analysis/mode.ts'
import type { AnalysisResult, NoteEvent } from '../src/lib/analysis/types.ts'
import { PATTERNS, type Pattern } from '../src/lib/theory/tones.ts'
import { formatReliability, reliability, type Reliability } from './calibration.ts'
import { HAN_CONDITIONS, hanClips, isFitSong, loadHanSongs, renderHanClip, type HanCondition } from './han.ts'

export interface HanBenchArgs {
  readonly seed: number
  readonly sampleRate: number
  /** Which songs: the held-out folds (default), the fit folds, or all. */
  readonly songs: 'held-out' | 'fit' | 'all'
  /** At most this many songs (for a quick look). */
  readonly limit?: number
}

interface HanOutcome {
  readonly id: string
  readonly condition: HanCondition
  readonly truth: Pattern
  readonly predicted: Pattern | null
  readonly exact: boolean
  readonly system: boolean
  readonly type: boolean
  readonly rule: boolean
  readonly patternConfidence: number
  readonly midPhrase: boolean
  readonly seconds: number
  readonly analyzeMs: number
  readonly truthLabel: string
  readonly predictedLabel: string | null
}

/** The final-note rule on the analyzer's own notes: last stable note = tonic, system = the best pentatonic fit. */
export function finalNoteRule(
  notes: readonly NoteEvent[],
  profile: readonly number[],
): { tonic: number; system: number } {
  const last = [...notes].reverse().find((n) => n.end - n.start >= 0.1) ?? notes[notes.length - 1]
  return { tonic: last.pitchClass, system: bestCoverage(profile, 'pentatonic').system }
}

export interface HanConditionReport {
  readonly clips: number
  readonly exact: number
  readonly rule: number
  readonly system: number
  readonly type: number
  readonly midPhrase: number
  readonly calibration: Reliability
  readonly highConfidence: { readonly n: number; readonly precision: number }
  readonly confusion: Record<string, Record<string, number>>
  readonly timesRealTime: number
}

export function runHanBench(
  args: HanBenchArgs,
  log: (s?: string) => void,
): Record<string, HanConditionReport> | null {
  const all = loadHanSongs()
  if (!all) {
    log('Han development set: ../shared/melodies/essen-han.jsonl not found — skipped.')
    return null
  }
  let songs = all.filter((s) =>
    args.songs === 'all' ? true : args.songs === 'fit' ? isFitSong(s.id) : !isFitSong(s.id),
  )
  if (args.limit) songs = songs.slice(0, args.limit)
  const clips = hanClips(songs, args.seed)
  const outs: HanOutcome[] = []
  clips.forEach((clip, i) => {
    const samples = renderHanClip(clip, args.sampleRate)
    const t0 = performance.now()
    const r: AnalysisResult = analyze(samples, args.sampleRate)
    const ms = performance.now() - t0
    const t = clip.label
    const p = r.ok ? r.label : null
    const ruled = r.ok ? finalNoteRule(r.evidence.notes, r.evidence.pitchClassProfile) : null
    outs.push({
      id: clip.id,
      condition: clip.condition,
      truth: t.pattern,
      predicted: p?.pattern ?? null,
      exact: !!p && p.tonic === t.tonic && p.system === t.system,
      system: !!p && p.system === t.system,
      type: !!p && p.type === t.type,
      rule: !!ruled && ruled.tonic === t.tonic && ruled.system === t.system,
      patternConfidence: r.ok ? (r.patternConfidence ?? r.confidence) : 0,
      midPhrase: r.ok ? !!r.evidence.ending?.midPhrase : false,
      seconds: samples.length / args.sampleRate,
      analyzeMs: ms,
      truthLabel: `${t.tonic}/${t.pattern}/${t.type}`,
      predictedLabel: p ? `${p.tonic}/${p.pattern}/${p.type}` : null,
    })
    if (process.stderr.isTTY && i % 20 === 0) process.stderr.write(`\rHan ${i + 1}/${clips.length}`)
  })
  if (process.stderr.isTTY) process.stderr.write('\r')
  const share = (xs: readonly HanOutcome[], f: (o: HanOutcome) => boolean): number =>
    xs.length ? xs.filter(f).length / xs.length : NaN
  const f3 = (x: number): string => (Number.isNaN(x) ? '  –  ' : x.toFixed(3))
  const nSongs = new Set(songs.map((s) => s.id)).size
  log(
    `Han development set: ${nSongs} ${args.songs === 'held-out' ? 'held-out songs (folds 7–9; the tonic model is fitted on folds 0–6)' : args.songs === 'fit' ? 'fit songs (folds 0–6: in-sample)' : 'songs (all folds: partly in-sample)'}, seed ${args.seed}, ${args.sampleRate} Hz`,
  )
  log()
  log('condition     clips  exact  rule   system type   mid-phrase  ECE    ≥0.9: n  right  wrong conf  speed')
  const reports: Record<string, HanConditionReport> = {}
  for (const c of HAN_CONDITIONS) {
    const xs = outs.filter((o) => o.condition === c)
    if (!xs.length) continue
    const cal = reliability(
      xs.map((o) => o.patternConfidence),
      xs.map((o) => o.exact),
    )
    const hi = xs.filter((o) => o.patternConfidence >= 0.9)
    const confusion: Record<string, Record<string, number>> = {}
    for (const t of PATTERNS) {
      confusion[t] = Object.fromEntries([...PATTERNS, 'none'].map((p) => [p, 0]))
      for (const o of xs.filter((x) => x.truth === t)) confusion[t][o.predicted ?? 'none']++
    }
    const audio = xs.reduce((a, o) => a + o.seconds, 0)
    const ms = xs.reduce((a, o) => a + o.analyzeMs, 0)
    reports[c] = {
      clips: xs.length,
      exact: share(xs, (o) => o.exact),
      rule: share(xs, (o) => o.rule),
      system: share(xs, (o) => o.system),
      type: share(xs, (o) => o.type),
      midPhrase: share(xs, (o) => o.midPhrase),
      calibration: cal,
      highConfidence: { n: hi.length, precision: share(hi, (o) => o.exact) },
      confusion,
      timesRealTime: audio / (ms / 1000),
    }
    const r = reports[c]
    log(
      `${c.padEnd(12)} ${String(xs.length).padStart(5)}  ${f3(r.exact)}  ${f3(r.rule)}  ${f3(r.system)} ${f3(r.type)}  ${f3(r.midPhrase)}       ${f3(cal.ece)}  ${String(hi.length).padStart(7)}  ${f3(r.highConfidence.precision)}  ${Number.isNaN(cal.meanWrong) ? '  – ' : cal.meanWrong.toFixed(2)}       ${r.timesRealTime.toFixed(0)}×`,
    )
  }
  log()
  log(
    'exact: tonic and pattern right (so the 宫 system too); rule: tonic = last stable note (≥ 0.1 s) of the same',
  )
  log(
    'pitch track, system = the pentatonic collection holding most of it; mid-phrase: share of clips the analyzer',
  )
  log('said stop mid-phrase; ECE of the shown confidence; ≥0.9: answers given at ≥ 90 % and the share right.')
  for (const c of HAN_CONDITIONS) {
    const r = reports[c]
    if (!r) continue
    log()
    log(`${c}: pattern confusion (rows truth, columns analyzer)`)
    log(`          ${[...PATTERNS, 'none'].map((p) => p.padStart(6)).join('')}`)
    for (const t of PATTERNS)
      log(
        `${t.padEnd(10)}${[...PATTERNS, 'none'].map((p) => String(r.confusion[t][p]).padStart(6)).join('')}`,
      )
    for (const l of formatReliability(`${c}: confidence vs tonic+pattern right`, r.calibration)) log(l)
  }
  const overruled = outs.filter((o) => o.condition !== 'excerpt' && o.rule && !o.exact)
  if (overruled.length) {
    log()
    log(`whole-song clips where the analyzer overruled a right final note (${overruled.length}):`)
    for (const o of overruled.slice(0, 20))
      log(
        `  ${o.id} ${o.condition}: truth ${o.truthLabel}, analyzer ${o.predictedLabel} at ${o.patternConfidence.toFixed(2)}`,
      )
  }
  return reports
}
