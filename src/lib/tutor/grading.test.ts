import { describe, expect, it } from 'vitest'
import { labelFromTonic, NoLabel, type Label } from '../theory/label.ts'
import type { Evidence } from '../analysis/types.ts'
import { answerLabel, explain, grade, type WhyPoint } from './grading.ts'
import type { Question, QuestionKind } from './types.ts'

const A_YU = labelFromTonic(9, 'yu') // C system
const scale = { kind: 'scale', direction: 'up', timbre: 'guqin', tempo: 80 } as const

function question(kind: QuestionKind, label: Label = A_YU): Question {
  return { id: 'q', kind, label, source: scale }
}

function point<K extends WhyPoint['key']>(
  points: readonly WhyPoint[],
  key: K,
): Extract<WhyPoint, { key: K }> {
  const p = points.find((x) => x.key === key)
  if (!p) throw new Error(`no ${key} point`)
  return p as Extract<WhyPoint, { key: K }>
}

/** Evidence of an A-yu melody: A and C long, ending on A. */
function evidence(): Evidence {
  const profile = new Array<number>(12).fill(0)
  Object.assign(profile, { 9: 0.35, 0: 0.25, 2: 0.1, 4: 0.2, 7: 0.08, 1: 0.02 })
  return {
    tuningOffset: 0,
    pitchClassProfile: profile,
    notes: [],
    majorThird: [0, 4],
    cadences: [
      { time: 1, pitchClass: 4, final: false },
      { time: 4, pitchClass: 9, final: true },
    ],
    ending: { cadenceProbability: 0.97, midPhrase: false },
    extraTones: [],
  }
}

describe('grade', () => {
  it('grades only the fields the kind asks', () => {
    expect(grade(question('pattern'), { pattern: 'yu', tonic: 3 })).toEqual({
      correct: true,
      fields: { pattern: true },
    })
    expect(grade(question('tonic-pattern'), { pattern: 'yu', tonic: 9 })).toEqual({
      correct: true,
      fields: { tonic: true, pattern: true },
    })
    expect(grade(question('tonic-pattern'), { pattern: 'yu', tonic: 2 })).toEqual({
      correct: false,
      fields: { tonic: false, pattern: true },
    })
    expect(grade(question('same-tonic'), { pattern: 'shang' })).toEqual({
      correct: false,
      fields: { pattern: false },
    })
    expect(grade(question('type'), { type: 'pentatonic', pattern: 'gong' })).toEqual({
      correct: true,
      fields: { type: true },
    })
    expect(grade(question('type'), {})).toEqual({ correct: false, fields: { type: false } })
  })

  it('reads a 同宫系统 answer from a tonic or a pattern alone', () => {
    const q = question('same-system')
    expect(grade(q, { tonic: 9 })).toEqual({ correct: true, fields: { tonic: true, pattern: true } })
    expect(grade(q, { pattern: 'yu' })).toEqual({ correct: true, fields: { tonic: true, pattern: true } })
    expect(grade(q, { tonic: 2 })).toEqual({ correct: false, fields: { tonic: false, pattern: false } })
    expect(grade(q, { tonic: 1 }).correct).toBe(false) // not a tone of the system
    expect(answerLabel(q, { tonic: 1 })).toBe(NoLabel)
    expect(answerLabel(q, { tonic: 2 })).toMatchObject({ system: 0, tonic: 2, pattern: 'shang' })
  })

  it('treats an empty answer as wrong', () => {
    expect(grade(question('tonic-pattern'), {}).correct).toBe(false)
    expect(grade(question('pattern'), {}).fields).toEqual({ pattern: false })
  })
})

describe('explain', () => {
  it('states what the label implies when there is no evidence', () => {
    const why = explain(question('pattern'), { pattern: 'yu' })
    expect(why.correct).toBe(true)
    expect(why.points).toEqual([
      { key: 'final-note', params: { pitchClass: 9, isTonic: true, heard: false } },
      { key: 'major-third', params: { gong: 0, jue: 4, heard: false, matchesTruth: true } },
    ])
  })

  it('uses the analyzer evidence: final note, third, degree histogram', () => {
    const why = explain(question('tonic-pattern'), { tonic: 9, pattern: 'yu' }, evidence())
    expect(point(why.points, 'final-note').params).toEqual({ pitchClass: 9, isTonic: true, heard: true })
    const h = point(why.points, 'degree-histogram').params
    expect(h.degrees.map((d) => [d.tone, d.pitchClass, d.share])).toEqual([
      ['gong', 0, 0.25],
      ['shang', 2, 0.1],
      ['jue', 4, 0.2],
      ['zhi', 7, 0.08],
      ['yu', 9, 0.35],
    ])
    expect(h.outside).toBeCloseTo(0.02, 10)
    expect(h.tonicRank).toBe(1)
  })

  it('names a 同宫系统 confusion: same notes, another tonic', () => {
    const why = explain(question('tonic-pattern'), { tonic: 0, pattern: 'gong' }, evidence())
    expect(why.correct).toBe(false)
    expect(why.answered).toMatchObject({ system: 0, tonic: 0, pattern: 'gong' })
    expect(point(why.points, 'same-system-confusion').params).toEqual({
      system: 0,
      truthTonic: 9,
      truthPattern: 'yu',
      answeredTonic: 0,
      answeredPattern: 'gong',
      truthTonicShare: 0.35,
      answeredTonicShare: 0.25,
    })
  })

  it('names a 同主音 confusion with the steps that differ above the tonic', () => {
    // A yu (C system): A C D E G = 0 3 5 7 10; A shang (G system): A B D E G = 0 2 5 7 10, B being G's 角.
    const why = explain(question('pattern'), { pattern: 'shang' }, evidence())
    const p = point(why.points, 'same-tonic-confusion').params
    expect([p.tonic, p.truthSystem, p.answeredSystem]).toEqual([9, 0, 7])
    expect(p.onlyInTruth).toEqual([{ pitchClass: 0, above: 3, tone: 'gong', share: 0.25 }])
    expect(p.onlyInAnswer).toEqual([{ pitchClass: 11, above: 2, tone: 'jue', share: 0 }])
    expect(why.points.some((x) => x.key === 'same-system-confusion')).toBe(false)
  })

  it('names a tonic in another system by its interval', () => {
    const why = explain(question('tonic-pattern'), { tonic: 4, pattern: 'yu' })
    expect(point(why.points, 'wrong-tonic').params).toEqual({
      truthTonic: 9,
      answeredTonic: 4,
      interval: 7,
      patternRight: true,
    })
  })

  it('names the extra tones that separate two types', () => {
    const truth = labelFromTonic(2, 'shang', 'heptatonic-qingyue') // C system: + F (清角), B (变宫)
    const why = explain(question('type', truth), { type: 'hexatonic-biangong' })
    expect(point(why.points, 'extra-tones').params.tones.map((t) => [t.tone, t.pitchClass])).toEqual([
      ['qingjue', 5],
      ['biangong', 11],
    ])
    expect(point(why.points, 'wrong-type').params).toEqual({
      truthType: 'heptatonic-qingyue',
      answeredType: 'hexatonic-biangong',
      onlyInTruth: [{ pitchClass: 5, above: 5, tone: 'qingjue' }],
      onlyInAnswer: [],
    })
  })

  it('adds no difference for an empty answer', () => {
    const why = explain(question('tonic-pattern'), {})
    expect(why.correct).toBe(false)
    expect(why.answered.empty).toBe(true)
    expect(why.points.map((p) => p.key)).toEqual(['final-note', 'major-third'])
  })
})
