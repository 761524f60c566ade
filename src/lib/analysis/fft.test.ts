import { describe, expect, it } from 'vitest'
import { RealFFT } from './fft.ts'
import { mulberry32 } from './test-signals.ts'

describe('RealFFT', () => {
  it('matches a direct DFT', () => {
    const n = 64
    const rand = mulberry32(3)
    const x = Array.from({ length: 50 }, () => rand() - 0.5)
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    new RealFFT(n).forward(x, re, im)
    for (let k = 0; k <= n / 2; k++) {
      let dr = 0
      let di = 0
      x.forEach((v, t) => {
        dr += v * Math.cos((2 * Math.PI * k * t) / n)
        di -= v * Math.sin((2 * Math.PI * k * t) / n)
      })
      expect(re[k]).toBeCloseTo(dr, 9)
      expect(im[k]).toBeCloseTo(di, 9)
    }
  })
  it('refuses a size that is not a power of two', () => {
    expect(() => new RealFFT(48)).toThrow(RangeError)
  })
})
