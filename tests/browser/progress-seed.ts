// Deterministic learner histories for the Progress/History tests and the 10,000-answer render measurement.
import { formatLabel } from '../../src/lib/theory/format.ts'
import { labelFromTonic } from '../../src/lib/theory/label.ts'
import { PATTERNS, type Pattern } from '../../src/lib/theory/tones.ts'
import { LADDER } from '../../src/lib/tutor/ladder.ts'
import { grade } from '../../src/lib/tutor/grading.ts'
import { mulberry32 } from '../../src/lib/tutor/random.ts'
import type { Answer, Attempt, Question, QuestionSource } from '../../src/lib/tutor/types.ts'
import type { AttemptRecord } from '../../src/lib/store/schema.ts'

const DAY = 86_400_000
/** What learners mix up most (THEORY.md): the 同主音/同宫 neighbours. */
const CONFUSED: Record<Pattern, Pattern> = { gong: 'zhi', shang: 'yu', jue: 'yu', zhi: 'gong', yu: 'shang' }

/**
 * `n` attempts spread over `days` days ending at `end`, on the ladder's rungs in order, getting better with time
 * (from about 55% to 90% right), with typical confusions, analyzer labels on melodies and a model answer now and
 * then. `clipId` (optional) makes every 25th a clip question on that clip.
 */
export function seedAttempts(
  n: number,
  opts: { end: number; days: number; seed?: number; clipId?: string },
): AttemptRecord[] {
  const random = mulberry32(opts.seed ?? 7)
  const out: AttemptRecord[] = []
  const span = opts.days * DAY
  for (let i = 0; i < n; i++) {
    const at = Math.round(opts.end - span + ((i + 0.5) / n) * span)
    const rung = LADDER[Math.min(LADDER.length - 2, Math.floor((i / n) * (LADDER.length - 1)))]
    const kind = rung.kinds[i % rung.kinds.length]
    const pattern = PATTERNS[Math.floor(random() * 5)]
    const type = rung.types[Math.floor(random() * rung.types.length)]
    const label = labelFromTonic(Math.floor(random() * 12), pattern, type)
    const clip = opts.clipId !== undefined && i % 25 === 0
    const source: QuestionSource = clip
      ? { kind: 'clip', clipId: opts.clipId! }
      : rung.source === 'scale'
        ? { kind: 'scale', direction: 'updown', timbre: 'pluck', tempo: 84 }
        : { kind: 'melody', seed: 1000 + i, bars: rung.bars ?? 4, timbre: 'pluck', tempo: 84 }
    const question: Question = {
      id: `q${i}`,
      kind,
      label,
      source,
      rung: rung.id,
      createdAt: at - 8000,
      ...(kind === 'type' ? { typeChoices: rung.types } : {}),
      ...(kind === 'same-system' || kind === 'same-tonic'
        ? {
            choices: PATTERNS.map((p) =>
              kind === 'same-tonic'
                ? labelFromTonic(label.tonic, p)
                : labelFromTonic((label.system + [0, 2, 4, 7, 9][PATTERNS.indexOf(p)]) % 12, p),
            ),
          }
        : {}),
    }
    const pRight = 0.55 + 0.35 * (i / n)
    const right = random() < pRight
    const wrongPattern = CONFUSED[pattern]
    let answer: Answer
    if (kind === 'type')
      answer = { type: right ? type : (rung.types.find((t) => t !== type) ?? 'pentatonic') }
    else if (kind === 'tonic-pattern')
      answer = right
        ? { tonic: label.tonic, pattern }
        : random() < 0.5
          ? { tonic: (label.tonic + 7) % 12, pattern }
          : {
              tonic: (label.system + [0, 2, 4, 7, 9][PATTERNS.indexOf(wrongPattern)]) % 12,
              pattern: wrongPattern,
            }
    else if (kind === 'same-system') {
      const p = right ? pattern : wrongPattern
      answer = { tonic: (label.system + [0, 2, 4, 7, 9][PATTERNS.indexOf(p)]) % 12, pattern: p }
    } else answer = { pattern: right ? pattern : wrongPattern }
    const { correct, fields } = grade(question, answer)
    const attempt: Attempt = {
      id: `att-${i}`,
      question,
      answer,
      correct,
      fields,
      latency: 2000 + Math.round(random() * 8000),
      replays: Math.floor(random() * 3),
      hints: random() < 0.1 ? 1 : 0,
      at,
      ...(source.kind === 'melody'
        ? { analyzerLabel: random() < 0.85 ? label : labelFromTonic(label.tonic, wrongPattern, type) }
        : {}),
      ...(i % 40 === 0 ? { model: { raw: `这段音乐是${formatLabel(label, 'zh-system')}。`, label } } : {}),
    }
    out.push({ ...attempt, source: clip ? 'clip' : source.kind })
  }
  return out
}
