/**
 * `npm run --silent generate -- --label A羽六声加清角 --seed 7 [--bars 4] [--tempo 84] [--out a.wav] [--notes]`:
 * the practice melody for a label and seed — the same generator and arguments Practice uses (its melody
 * questions default to 4 bars at 84 bpm), rendered by the same synth Practice's analysis renders it with — as a
 * 16-bit WAV, and/or its notes as JSON on stdout. Exit 0 when it ran, 2 for bad usage.
 */
import { writeFile } from 'node:fs/promises'
import { renderMelody } from '../src/lib/synth/render.ts'
import { encodeWav } from '../src/lib/audio/wav.ts'
import { formatLabel } from '../src/lib/theory/format.ts'
import type { Label } from '../src/lib/theory/label.ts'
import { parseLabel } from '../src/lib/theory/parse.ts'
import { SHORT_BARS } from '../src/lib/tutor/ladder.ts'
import { generateMelody } from '../src/lib/tutor/melody.ts'
import { checkMelody } from '../src/lib/tutor/melody-check.ts'
import { LATEST_MELODY_RULES, type Melody, type MelodyRules } from '../src/lib/tutor/melody-types.ts'
import { DEFAULT_TEMPO } from '../src/lib/tutor/questions.ts'
import { runAsProgram, runCommand, writeStderr, writeStdout, type LineWriter } from './run.ts'

export const USAGE = `usage: npm run --silent generate -- --label LABEL --seed N [--bars B] [--tempo BPM]
         [--rules R] [--rate HZ] [--out FILE.wav] [--notes]
  --label LABEL   a full label, e.g. A羽六声加清角, D商五声, "A yu" (五声 when no type is named)
  --seed N        the melody's seed, an integer 0…4294967295 (a question's source.seed)
  --bars B        length in four-beat bars, 4…64 (default ${SHORT_BARS}, Practice's short melodies; long ones are 8)
  --tempo BPM     beats per minute, 30…300 (default ${DEFAULT_TEMPO}, Practice's default)
  --rules R       the generator's rules, 1…${LATEST_MELODY_RULES} (default ${LATEST_MELODY_RULES}; a question's source.rules, 1 when it has none)
  --rate HZ       sample rate of the WAV, 8000…96000 (default 44100; Practice's analyzer renders at 16000)
  --out FILE      write the rendered melody as a 16-bit mono WAV
  --notes         print the melody (label, tempo, metre, phrases, notes in beats) as JSON
At least one of --out and --notes.`

/** Parsed command line. */
export interface GenerateArgs {
  readonly label: Label
  readonly seed: number
  readonly bars: number
  readonly tempo: number
  readonly rules: MelodyRules
  readonly rate: number
  readonly out: string | null
  readonly notes: boolean
}

const MAX_SEED = 2 ** 32 - 1

/** Parses argv (without node and script); returns a usage error message instead of throwing. */
export function parseArgs(argv: readonly string[]): GenerateArgs | { readonly error: string } {
  const values = new Map<string, string>()
  let notes = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') continue
    if (a === '--notes') {
      notes = true
      continue
    }
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a
    if (!['--label', '--seed', '--bars', '--tempo', '--rules', '--rate', '--out'].includes(name))
      return { error: a.startsWith('-') ? `unknown option ${a}` : `unexpected argument ${JSON.stringify(a)}` }
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
    if (value === undefined || value === '') return { error: `${name} needs a value` }
    values.set(name, value)
  }
  const text = values.get('--label')
  if (text === undefined) return { error: 'no --label' }
  const label = parseLabel(text)
  if (label.empty)
    return { error: `unknown label ${JSON.stringify(text)}: want a tonic and pattern, e.g. A羽六声加清角` }
  const int = (name: string, lo: number, hi: number, fallback?: number): number | { error: string } => {
    const v = values.get(name)
    if (v === undefined) return fallback ?? { error: `no ${name}` }
    const n = /^\d+$/.test(v) ? Number(v) : NaN
    return Number.isSafeInteger(n) && n >= lo && n <= hi
      ? n
      : { error: `bad ${name} ${JSON.stringify(v)}: want an integer ${lo}…${hi}` }
  }
  const seed = int('--seed', 0, MAX_SEED)
  const bars = int('--bars', 4, 64, SHORT_BARS)
  const tempo = int('--tempo', 30, 300, DEFAULT_TEMPO)
  const rules = int('--rules', 1, LATEST_MELODY_RULES, LATEST_MELODY_RULES)
  const rate = int('--rate', 8000, 96000, 44100)
  for (const r of [seed, bars, tempo, rules, rate]) if (typeof r !== 'number') return r
  const out = values.get('--out') ?? null
  if (!out && !notes) return { error: 'nothing to do: give --out FILE.wav, --notes, or both' }
  return {
    label,
    seed: seed as number,
    bars: bars as number,
    tempo: tempo as number,
    rules: rules as MelodyRules,
    rate: rate as number,
    out,
    notes,
  }
}

/** The melody Practice plays for a melody question with this label, seed, length, tempo and generator rules. */
export function practiceMelody(
  args: Pick<GenerateArgs, 'label' | 'seed' | 'bars' | 'tempo'> & { readonly rules?: MelodyRules },
): Melody {
  return generateMelody(args.label, {
    seed: args.seed,
    bars: args.bars,
    tempo: args.tempo,
    rules: args.rules,
  })
}

/** The melody as Practice's analysis renders it: the plucked synth, seeded with the melody's seed. */
export function renderPracticeMelody(melody: Melody, sampleRate: number): Float32Array {
  return renderMelody({ notes: melody.notes, tempo: melody.tempo }, sampleRate, { seed: melody.seed })
}

/** The JSON `--notes` prints. */
export function notesJson(melody: Melody): string {
  return JSON.stringify({
    label: formatLabel(melody.label, 'cnpm'),
    seed: melody.seed,
    tempo: melody.tempo,
    beatsPerBar: melody.beatsPerBar,
    phrases: melody.phrases,
    notes: melody.notes,
  })
}

/** Runs the command; returns the exit code. Output goes through `out`/`err` so tests can capture it. */
export async function main(
  argv: readonly string[],
  out: LineWriter = writeStdout,
  err: LineWriter = writeStderr,
): Promise<number> {
  return runCommand(
    { name: 'generate', usage: USAGE, parse: parseArgs, run: (args) => generate(args, out, err) },
    argv,
    out,
    err,
  )
}

async function generate(args: GenerateArgs, out: LineWriter, err: LineWriter): Promise<number> {
  const melody = practiceMelody(args)
  const check = checkMelody(melody, args.rules)
  // Cannot happen (the generator only returns checked melodies); said rather than hidden if it ever does.
  if (!check.ok) err(`generate: warning: the melody fails its check: ${check.reason}`)
  if (args.notes) out(notesJson(melody))
  if (args.out) {
    try {
      await writeFile(args.out, encodeWav(renderPracticeMelody(melody, args.rate), args.rate))
    } catch (e) {
      err(`generate: cannot write ${args.out}: ${e instanceof Error ? e.message : String(e)}`)
      return 1
    }
  }
  return 0
}

runAsProgram(import.meta.url, 'generate', main)
