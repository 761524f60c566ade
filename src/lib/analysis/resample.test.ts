import { describe, expect, it } from 'vitest'
import { mixToMono } from './resample.ts'

describe('mixToMono', () => {
  it('averages the channels over the shortest one', () => {
    const mono = mixToMono([new Float32Array([0.5, 0.25, 1]), new Float32Array([-0.5, 0.75])])
    expect(Array.from(mono)).toEqual([0, 0.5])
  })

  it('hands one channel back as it is, and nothing for no channels', () => {
    const only = new Float32Array([0.1, 0.2])
    expect(mixToMono([only])).toBe(only)
    expect(mixToMono([])).toHaveLength(0)
  })
})
