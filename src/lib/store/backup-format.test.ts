import { describe, expect, it } from 'vitest'
import { attemptSchema } from './backup-format.ts'
import { attemptSource } from './schema.ts'
import { makeAttempt } from './test-fixtures.ts'

const record = (source: object) => {
  const a = makeAttempt(1, source as never)
  return { ...a, source: attemptSource(a) }
}
const melody = { kind: 'melody', seed: 3, bars: 4, timbre: 'pluck', tempo: 84 }

describe('a backed-up melody question', () => {
  it('keeps the generator rules it was asked with, or none (asked before rules 2)', () => {
    expect(attemptSchema(record({ ...melody, rules: 2 }), 'attempt').question.source).toEqual({
      ...melody,
      rules: 2,
    })
    expect(attemptSchema(record(melody), 'attempt').question.source).toEqual(melody)
  })

  it('refuses rules this version does not know', () => {
    expect(() => attemptSchema(record({ ...melody, rules: 7 }), 'attempt')).toThrow(/rules/)
  })
})
