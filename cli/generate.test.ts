import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../src/lib/analysis/analyze.ts'
import { renderMelody } from '../src/lib/synth/render.ts'
import { encodeWav, parseWav } from '../src/lib/audio/wav.ts'
import { collectionPitchClasses, labelFromTonic } from '../src/lib/theory/label.ts'
import { freePracticeRung } from '../src/lib/tutor/ladder.ts'
import { generateMelody } from '../src/lib/tutor/melody.ts'
import { makeQuestion } from '../src/lib/tutor/questions.ts'
import type { Question } from '../src/lib/tutor/types.ts'
import { seededRandom } from '../src/lib/tutor/testing.ts'
import { main, parseArgs } from './generate.ts'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'generate-'))
})

/** A free-practice melody question for A羽六声加清角, as Practice makes it (seed and all). */
function practiceQuestion() {
  const rung = freePracticeRung({ types: ['hexatonic-qingjue'], source: 'melody' })
  const label = labelFromTonic(9, 'yu', 'hexatonic-qingjue')
  return makeQuestion(rung, 'tonic-pattern', seededRandom(3), Date.UTC(2026, 0, 1), { label })
}

/**
 * The melody Practice plays for a melody question: questionMelody in src/lib/state/question-sound.ts, restated
 * here because that module's audio types need the DOM, which the Node type-check of cli/ does not have.
 */
function questionMelody(q: Question) {
  if (q.source.kind !== 'melody') return null
  const { seed, bars, tempo, rules = 1 } = q.source
  return generateMelody(q.label, { seed, bars, tempo, rules })
}

describe('generate CLI', () => {
  it('prints the notes of the exact melody Practice plays for the label and seed', async () => {
    const q = practiceQuestion()
    if (q.source.kind !== 'melody') throw new Error('melody expected')
    const lines: string[] = []
    const code = await main(['--label', 'A羽六声加清角', '--seed', String(q.source.seed), '--notes'], (l) =>
      lines.push(l),
    )
    expect(code).toBe(0)
    expect(lines).toHaveLength(1)
    const printed = JSON.parse(lines[0])
    const played = questionMelody(q)!
    expect(printed.label).toBe('A羽六声加清角')
    expect(printed.tempo).toBe(played.tempo)
    expect(printed.beatsPerBar).toBe(played.beatsPerBar)
    expect(printed.notes).toEqual(played.notes)
    // Its 清角 (D) sounds.
    expect(printed.notes.some((n: { midi: number }) => n.midi % 12 === 2)).toBe(true)
  })

  // The timeout is room for a busy machine (rendering and analysing ~12 s of audio), not a measurement.
  it(
    'writes the WAV that Practice renders for its analyzer, and the analyzer hears only the label tones',
    { timeout: 60_000 },
    async () => {
      const q = practiceQuestion()
      if (q.source.kind !== 'melody') throw new Error('melody expected')
      const file = join(dir, 'a.wav')
      const code = await main([
        '--label=A羽六声加清角',
        `--seed=${q.source.seed}`,
        '--rate',
        '16000',
        '--out',
        file,
      ])
      expect(code).toBe(0)
      const bytes = new Uint8Array(await readFile(file))
      const m = questionMelody(q)!
      const practice = renderMelody({ notes: m.notes, tempo: m.tempo }, 16000, { seed: q.source.seed })
      expect(bytes).toEqual(encodeWav(practice, 16000))
      const wav = parseWav(bytes)!
      expect(wav.header).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16 })
      const result = analyze(wav.samples, 16000)
      if (!result.ok) throw new Error(`no mode: ${result.detail}`)
      const collection = collectionPitchClasses(0, 'hexatonic-qingjue')
      const profile = result.evidence.pitchClassProfile
      expect(collection.reduce((a, pc) => a + profile[pc], 0)).toBeGreaterThan(0.97)
      for (const pc of collection) expect(profile[pc]).toBeGreaterThan(0)
    },
  )

  it('follows --bars and --tempo as Practice does', async () => {
    const lines: string[] = []
    await main(['--label', 'D商五声', '--seed', '9', '--bars', '8', '--tempo', '120', '--notes'], (l) =>
      lines.push(l),
    )
    const m = JSON.parse(lines[0])
    expect(m.tempo).toBe(120)
    const last = m.notes[m.notes.length - 1]
    expect(last.start + last.duration).toBe(32)
  })

  it('follows --rules: rules 1 rebuilds a question stored before rules 2', async () => {
    const notes = async (extra: string[]) => {
      const lines: string[] = []
      await main(['--label', 'C宫五声', '--seed', '3', '--notes', ...extra], (l) => lines.push(l))
      return JSON.parse(lines[0]).notes
    }
    const c = labelFromTonic(0, 'gong')
    expect(await notes(['--rules', '1'])).toEqual(
      generateMelody(c, { seed: 3, bars: 4, tempo: 84, rules: 1 }).notes,
    )
    expect(await notes([])).toEqual(generateMelody(c, { seed: 3, bars: 4, tempo: 84 }).notes)
    expect(await notes([])).not.toEqual(await notes(['--rules', '1']))
  })

  it('exits 2 with a clear message on bad usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no --label/],
      [['--label', 'X羽', '--seed', '1', '--notes'], /unknown label "X羽"/],
      [['--label', '羽调式', '--seed', '1', '--notes'], /unknown label/],
      [['--label', 'A羽', '--notes'], /no --seed/],
      [['--label', 'A羽', '--seed', '-1', '--notes'], /bad --seed "-1"/],
      [['--label', 'A羽', '--seed', '1.5', '--notes'], /bad --seed/],
      [['--label', 'A羽', '--seed', String(2 ** 32), '--notes'], /bad --seed/],
      [['--label', 'A羽', '--seed', 'seven', '--notes'], /bad --seed/],
      [['--label', 'A羽', '--seed', '1', '--bars', '2', '--notes'], /bad --bars/],
      [['--label', 'A羽', '--seed', '1', '--rules', '9', '--notes'], /bad --rules "9"/],
      [['--label', 'A羽', '--seed', '1'], /nothing to do/],
      [['--label', 'A羽', '--seed', '1', '--bogus'], /unknown option --bogus/],
      [['--label', 'A羽', '--seed'], /--seed needs a value/],
    ]
    for (const [argv, message] of cases) {
      const errs: string[] = []
      expect(
        await main(
          argv,
          () => {},
          (l) => errs.push(l),
        ),
      ).toBe(2)
      expect(errs[0]).toMatch(message)
      expect(errs.join('\n')).toMatch(/usage:/)
    }
  })

  it('reads every written form of a label', () => {
    for (const text of ['A羽六声加清角', 'C宫系统 A羽调式 六声加清角']) {
      const args = parseArgs(['--label', text, '--seed', '7', '--notes'])
      expect(args).toMatchObject({ label: labelFromTonic(9, 'yu', 'hexatonic-qingjue'), seed: 7, bars: 4 })
    }
    expect(parseArgs(['--label', 'A yu', '--seed', '0', '--out', 'x.wav'])).toMatchObject({
      label: labelFromTonic(9, 'yu'),
      out: 'x.wav',
      notes: false,
      tempo: 84,
      rate: 44100,
    })
  })
})
