import { describe, expect, it } from 'vitest'
import { encodeWavFloat32 } from '../audio/wav.ts'
import { silentWav, wavProblem } from './wav.ts'

describe('wavProblem', () => {
  it('accepts the contract and names what is wrong otherwise', () => {
    expect(wavProblem(silentWav(0.5))).toBeNull()
    expect(wavProblem(silentWav(30))).toBeNull()
    expect(wavProblem(silentWav(30.1))).toMatch(/at most 30 s/)
    expect(wavProblem(new Uint8Array(50))).toMatch(/not a valid WAV/)
  })

  it("words the WAV reader's refusals and the format it read", () => {
    const ok = silentWav(0.1)
    const edit = (f: (v: DataView, b: Uint8Array) => void) => {
      const b = ok.slice()
      f(new DataView(b.buffer), b)
      return b
    }
    expect(wavProblem(ok.subarray(0, 5))).toBe(
      'The audio is not a valid WAV file: too short to be a WAV file.',
    )
    expect(wavProblem(ok.subarray(0, 30))).toBe('The audio is not a valid WAV file: fmt chunk is truncated.')
    expect(wavProblem(ok.subarray(0, 36))).toBe('The audio is not a valid WAV file: no data chunk.')
    expect(wavProblem(edit((_v, b) => b.set(new TextEncoder().encode('data'), 12)))).toBe(
      'The audio is not a valid WAV file: data chunk comes before the fmt chunk.',
    )
    expect(wavProblem(encodeWavFloat32(new Float32Array(10), 16_000))).toBe(
      'The audio must be PCM (format 1), got format 3.',
    )
    expect(wavProblem(edit((v) => v.setUint16(20, 2, true)))).toBe(
      'The audio must be PCM (format 1), got format 2.',
    )
    expect(wavProblem(edit((v) => v.setUint16(22, 0, true)))).toBe('The audio must be mono, got 0 channels.')
    expect(wavProblem(silentWav(0))).toBe('The audio is empty.')
  })
})
