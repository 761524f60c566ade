import { describe, expect, it } from 'vitest'
import { labelFromTonic } from './label.ts'
import { scaleNotes } from './scale-notes.ts'

describe('scaleNotes', () => {
  it('runs from the tonic to its octave and back', () => {
    const aYu = labelFromTonic(9, 'yu')
    expect(scaleNotes(aYu, 'up', 4).map((n) => n.midi)).toEqual([69, 72, 74, 76, 79, 81])
    expect(scaleNotes(aYu, 'down', 4).map((n) => n.index)).toEqual([5, 4, 3, 2, 1, 0])
    const updown = scaleNotes(labelFromTonic(2, 'shang', 'heptatonic-qingyue'), 'updown', 3)
    expect(updown).toHaveLength(15)
    expect(updown[0].midi).toBe(50)
    expect(updown[7].midi).toBe(62)
    expect(updown.at(-1)!.midi).toBe(50)
  })
})
