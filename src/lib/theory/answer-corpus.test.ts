import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseAnswer } from './answer.ts'
import { formatLabel } from './format.ts'
import { labelFromTonic, type Label } from './label.ts'
import { parsePitchClass } from './pitch-class.ts'
import { isScaleType, type ScaleType } from './scale-types.ts'
import { isPattern, type Pattern } from './tones.ts'

interface Named {
  readonly tonic: string
  readonly pattern: Pattern
}
interface Expected {
  readonly text: string
  readonly status: 'label' | 'pattern-only' | 'ambiguous' | 'none'
  readonly tonic?: string
  readonly pattern?: Pattern
  readonly type?: ScaleType
  readonly candidates?: readonly Named[]
}

const corpus: { answers: Expected[] } = JSON.parse(
  readFileSync(new URL('../../../tests/fixtures/answers/corpus.json', import.meta.url), 'utf8'),
)

/** A fixture's note name and tone id as a label, checking the fixture itself is well formed. */
function named(n: Named): Label {
  const pc = parsePitchClass(n.tonic)
  if (pc === null || !isPattern(n.pattern)) throw new Error(`bad fixture: ${JSON.stringify(n)}`)
  return labelFromTonic(pc, n.pattern)
}
const short = (l: Label) => `${l.tonic}-${l.pattern}`

describe('answer corpus', () => {
  it('has at least 100 answers of every status', () => {
    expect(corpus.answers.length).toBeGreaterThanOrEqual(100)
    const statuses = new Set(corpus.answers.map((a) => a.status))
    expect([...statuses].sort()).toEqual(['ambiguous', 'label', 'none', 'pattern-only'])
    expect(corpus.answers.every((a) => a.type === undefined || isScaleType(a.type))).toBe(true)
  })

  for (const a of corpus.answers) {
    it(`${a.status}: ${JSON.stringify(a.text).slice(0, 70)}`, () => {
      const got = parseAnswer(a.text)
      const seen = `${got.status} ${formatLabel(got.label, 'zh-short')} — ${got.reason}`
      expect(got.status, seen).toBe(a.status)
      expect(got.type, seen).toBe(a.type)
      expect(got.reason.length).toBeGreaterThan(0)
      if (a.status === 'label') {
        const want = named({ tonic: a.tonic!, pattern: a.pattern! })
        expect([got.label.tonic, got.label.system, got.label.pattern], seen).toEqual([
          want.tonic,
          want.system,
          want.pattern,
        ])
        expect(got.label.type).toBe(a.type ?? 'pentatonic')
        expect(got.pattern).toBe(a.pattern)
      } else {
        expect(got.label.empty, seen).toBe(true)
      }
      if (a.status === 'pattern-only') expect(got.pattern).toBe(a.pattern)
      if (a.status === 'ambiguous')
        expect(got.candidates.map(short).sort(), seen).toEqual(a.candidates!.map(named).map(short).sort())
      else expect(got.candidates).toEqual([])
    })
  }
})
