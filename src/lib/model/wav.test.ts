import { describe, expect, it } from 'vitest'
import { silentWav, wavProblem } from './wav.ts'

describe('wavProblem', () => {
  it('accepts the contract and names what is wrong otherwise', () => {
    expect(wavProblem(silentWav(0.5))).toBeNull()
    expect(wavProblem(silentWav(30))).toBeNull()
    expect(wavProblem(silentWav(30.1))).toMatch(/at most 30 s/)
    expect(wavProblem(new Uint8Array(50))).toMatch(/not a valid WAV/)
  })
})
