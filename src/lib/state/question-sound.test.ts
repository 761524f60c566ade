import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { SHORT_BARS } from '../tutor/ladder.ts'
import { generateMelody } from '../tutor/melody.ts'
import { LATEST_MELODY_RULES } from '../tutor/melody-types.ts'
import type { Question } from '../tutor/types.ts'
import { questionMelody } from './question-sound.ts'

const c = labelFromTonic(0, 'gong')
const question = (rules?: 1 | 2): Question => ({
  id: 'q-1',
  kind: 'pattern',
  label: c,
  source: {
    kind: 'melody',
    seed: 3,
    bars: SHORT_BARS,
    timbre: 'pluck',
    tempo: 84,
    ...(rules ? { rules } : {}),
  },
})

describe('questionMelody', () => {
  it('replays a question stored before rules 2 (no rules field) by rules 1, the tune that was asked', () => {
    const old = generateMelody(c, { seed: 3, bars: SHORT_BARS, tempo: 84, rules: 1 })
    expect(questionMelody(question())).toEqual(old)
    // This seed is one the rules redraw, so the replay would differ without the field.
    expect(questionMelody(question(LATEST_MELODY_RULES))!.notes).not.toEqual(old.notes)
  })

  it('replays a question by the rules it names', () => {
    expect(questionMelody(question(2))).toEqual(
      generateMelody(c, { seed: 3, bars: SHORT_BARS, tempo: 84, rules: 2 }),
    )
  })
})
