import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { LADDER, rungById } from './ladder.ts'
import { generateMelody } from './melody.ts'
import { LATEST_MELODY_RULES } from './melody-types.ts'
import { makeQuestion, sameSystemChoices, sameTonicChoices } from './questions.ts'
import { seededRandom } from './testing.ts'

const NOW = Date.UTC(2025, 2, 1)

describe('makeQuestion', () => {
  it('draws a label from the rung and a replayable melody seed', () => {
    const rung = rungById('penta-short')!
    const a = makeQuestion(rung, 'tonic-pattern', seededRandom(5), NOW)
    const b = makeQuestion(rung, 'tonic-pattern', seededRandom(5), NOW)
    expect(a).toEqual(b) // same seed, same question
    expect(a.label.type).toBe('pentatonic')
    expect(a.rung).toBe('penta-short')
    expect(a.createdAt).toBe(NOW)
    // The generator's rules go with the seed, so the question replays as asked after the rules change.
    expect(a.source).toMatchObject({ kind: 'melody', bars: 4, rules: LATEST_MELODY_RULES })
    if (a.source.kind !== 'melody') throw new Error('melody expected')
    expect(Number.isInteger(a.source.seed)).toBe(true)
    expect(a.source.seed).toBeGreaterThanOrEqual(0)
    expect(a.source.seed).toBeLessThan(2 ** 32)
    expect(a.choices).toBeUndefined()
    expect(makeQuestion(rung, 'tonic-pattern', seededRandom(6), NOW).id).not.toBe(a.id)
  })

  it('covers all twelve tonics and five patterns over many draws', () => {
    const random = seededRandom(11)
    const tonics = new Set<number>()
    const patterns = new Set<string>()
    for (let i = 0; i < 300; i++) {
      const q = makeQuestion(LADDER[0], 'pattern', random, NOW + i)
      tonics.add(q.label.tonic)
      patterns.add(q.label.pattern)
      expect(q.source.kind).toBe('scale')
    }
    expect(tonics.size).toBe(12)
    expect(patterns.size).toBe(5)
  })

  it('offers the five modes of one collection for 同宫系统', () => {
    const q = makeQuestion(rungById('same-system')!, 'same-system', seededRandom(1), NOW, {
      label: labelFromTonic(9, 'yu'),
    })
    expect(q.choices!.map((l) => [l.system, l.tonic, l.pattern])).toEqual([
      [0, 0, 'gong'],
      [0, 2, 'shang'],
      [0, 4, 'jue'],
      [0, 7, 'zhi'],
      [0, 9, 'yu'],
    ])
  })

  it('offers five patterns on one tonic for 同主音', () => {
    const choices = sameTonicChoices(labelFromTonic(2, 'shang'))
    expect(choices.map((l) => [l.tonic, l.pattern, l.system])).toEqual([
      [2, 'gong', 2],
      [2, 'shang', 0],
      [2, 'jue', 10],
      [2, 'zhi', 7],
      [2, 'yu', 5],
    ])
  })

  it('narrows choices to a minimal pair, always keeping the truth', () => {
    const c = sameSystemChoices(labelFromTonic(9, 'yu'), ['shang'])
    expect(c.map((l) => l.pattern)).toEqual(['shang', 'yu'])
    const q = makeQuestion(rungById('same-tonic')!, 'same-tonic', seededRandom(2), NOW, {
      pattern: 'zhi',
      choicePatterns: ['zhi', 'gong'],
    })
    expect(q.label.pattern).toBe('zhi')
    expect(q.choices!.map((l) => l.pattern)).toEqual(['gong', 'zhi'])
    expect(new Set(q.choices!.map((l) => l.tonic)).size).toBe(1)
  })

  it('offers the rung types for a type question, plus a clip type outside them', () => {
    const hexa = rungById('hexa-scale')!
    expect(makeQuestion(hexa, 'type', seededRandom(3), NOW).typeChoices).toEqual([
      'hexatonic-qingjue',
      'hexatonic-biangong',
    ])
    const clip = { clipId: 'c1', label: labelFromTonic(4, 'jue', 'heptatonic-yanyue'), assignmentId: 'hw1' }
    const q = makeQuestion({ ...hexa, source: 'clip' }, 'type', seededRandom(3), NOW, { clip })
    expect(q.typeChoices).toContain('heptatonic-yanyue')
    expect(q.label).toBe(clip.label)
    expect(q.source).toEqual({ kind: 'clip', clipId: 'c1', assignmentId: 'hw1' })
  })

  it('refuses a clip rung without a clip and a kind the rung does not ask', () => {
    expect(() => makeQuestion(rungById('clips')!, 'tonic-pattern', seededRandom(1), NOW)).toThrow(RangeError)
    expect(() => makeQuestion(LADDER[0], 'type', seededRandom(1), NOW)).toThrow(/does not ask/)
    expect(() => makeQuestion({ ...LADDER[0], types: [] }, 'pattern', seededRandom(1), NOW)).toThrow(
      /no scale types/,
    )
  })

  it('gives a seed the melody generator turns into a tune ending on the tonic', () => {
    const random = seededRandom(21)
    for (const rung of LADDER.filter((r) => r.source === 'melody')) {
      const q = makeQuestion(rung, rung.kinds[0], random, NOW)
      if (q.source.kind !== 'melody') throw new Error('melody expected')
      const melody = generateMelody(q.label, { seed: q.source.seed, bars: q.source.bars })
      expect(melody.notes.at(-1)!.midi % 12).toBe(q.label.tonic)
      expect(generateMelody(q.label, { seed: q.source.seed, bars: q.source.bars })).toEqual(melody)
    }
  })
})
