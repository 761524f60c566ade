/**
 * Renders every labelled Han song in the five conditions and caches what the analyzer's front end heard
 * (notes, the frame levels of the ending, the clip's length) with the truth, so that the decision stage can be
 * fitted quickly (bench/fit-tonic.ts). Writes bench/out/han-cache.json (git-ignored: it is derived from the
 * melodies, whose licence keeps them out of the repository).
 *
 *   npx tsx bench/han-cache.ts [--seed 1] [--rate 16000] [--conditions excerpt,sung]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { loudLevel } from '../src/lib/analysis/notes.ts'
import { hanClips, HAN_FILE, loadHanSongs, renderHanClip, songFold } from './han.ts'

export interface CachedClip {
  readonly id: string
  readonly fold: number
  readonly condition: string
  readonly system: number
  readonly tonic: number
  readonly type: string
  readonly duration: number
  /** [start, end, midi, level] per note, null when the analyzer found no mode. */
  readonly notes: [number, number, number, number][] | null
  /** Frame levels (rms / loud level) of the last 1.5 s. */
  readonly tail: number[]
  /** The current analyzer's answer, for comparison: [tonic, system, patternConfidence]. */
  readonly answer: [number, number, number] | null
}

function main(): void {
  const argv = process.argv.slice(2)
  const seed = Number(argv[argv.indexOf('--seed') + 1] ?? 1) || 1
  const rate = Number(argv.includes('--rate') ? argv[argv.indexOf('--rate') + 1] : 16000)
  const songs = loadHanSongs()
  if (!songs) throw new Error(`${HAN_FILE} not found`)
  const only = argv.includes('--conditions') ? argv[argv.indexOf('--conditions') + 1].split(',') : null
  const clips = hanClips(songs, seed).filter((c) => !only || only.includes(c.condition))
  const out: CachedClip[] = []
  clips.forEach((clip, i) => {
    const samples = renderHanClip(clip, rate)
    const r = analyze(samples, rate)
    const loud = loudLevel(r.frames) || 1
    const duration = samples.length / rate
    out.push({
      id: clip.id,
      fold: songFold(clip.id),
      condition: clip.condition,
      system: clip.label.system,
      tonic: clip.label.tonic,
      type: clip.label.type,
      duration,
      notes: r.ok
        ? r.evidence.notes.map((n) => [
            +n.start.toFixed(3),
            +n.end.toFixed(3),
            +n.midi.toFixed(2),
            +(n.level / loud).toFixed(3),
          ])
        : null,
      tail: r.frames.filter((f) => f.time >= duration - 1.5).map((f) => +(f.rms / loud).toFixed(3)),
      answer: r.ok ? [r.label.tonic, r.label.system, r.patternConfidence ?? r.confidence] : null,
    })
    if (i % 100 === 0) process.stderr.write(`${i}/${clips.length}\n`)
  })
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'out')
  mkdirSync(dir, { recursive: true })
  const suffix = only ? `-${only.join('-')}` : ''
  writeFileSync(join(dir, `han-cache-${seed}${suffix}.json`), JSON.stringify(out))
  console.log(`cached ${out.length} clips`)
}

main()
