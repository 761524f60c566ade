import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../../theory/label.ts'
import { makeQuestion } from '../../tutor/questions.ts'
import { rungById } from '../../tutor/ladder.ts'
import { generateMelody } from '../../tutor/melody.ts'
import { seededRandom } from '../../tutor/testing.ts'
import { questionMelody, toPlayerNotes } from '../question-sound.ts'
import { cardToRecord, recordToCard } from './cards.ts'
import { dronePitch } from './questions.ts'
import { T0 } from './test-fixtures.ts'

describe('practice helpers', () => {
  it('rebuilds the same melody from a question seed, and plays it as sequential notes', () => {
    const q = makeQuestion(rungById('penta-short')!, 'pattern', seededRandom(1), T0)
    const m1 = questionMelody(q)!
    expect(questionMelody(q)).toEqual(m1)
    const notes = toPlayerNotes(m1)
    const beats = notes.reduce((s, n) => s + n.beats, 0)
    const end = Math.max(...m1.notes.map((n) => n.start + n.duration))
    expect(beats).toBeCloseTo(end, 6)
    expect(notes.filter((n) => !n.rest).at(-1)!.midi % 12).toBe(q.label.tonic)
    const withGap = toPlayerNotes({
      notes: [
        { midi: 60, start: 0, duration: 1, velocity: 1 },
        { midi: 62, start: 2, duration: 1, velocity: 1 },
      ],
    })
    expect(withGap).toEqual([
      { midi: 60, beats: 1 },
      { midi: 62, beats: 1, rest: true },
      { midi: 62, beats: 1 },
    ])
    expect(generateMelody(q.label, { seed: 1, bars: 2 }).notes.length).toBeGreaterThan(0)
  })

  it('maps review cards to store records and back', () => {
    const card = {
      id: 'confusion:yu>shang',
      due: T0,
      stability: 1,
      difficulty: 5,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 1,
      reps: 1,
      lapses: 0,
      state: 1 as const,
      lastReview: T0 - 1,
    }
    expect(recordToCard(cardToRecord(card, T0))).toEqual(card)
    expect(dronePitch(makeQuestion(rungById('same-tonic')!, 'same-tonic', seededRandom(2), T0))).toBeTypeOf(
      'number',
    )
    expect(labelFromTonic(9, 'yu').system).toBe(0)
  })
})
