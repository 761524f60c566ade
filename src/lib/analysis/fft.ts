/**
 * A real-input FFT of a fixed power-of-two size, allocation-free after construction: a radix-2 complex FFT of
 * half the size on the packed even/odd samples, then the split step. Small and fast enough for the pitch
 * tracker's two transforms per frame.
 */
export class RealFFT {
  readonly size: number
  readonly #half: number
  readonly #cos: Float64Array
  readonly #sin: Float64Array
  readonly #rev: Uint32Array
  readonly #re: Float64Array
  readonly #im: Float64Array

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0)
      throw new RangeError(`size must be a power of two ≥ 4, got ${size}`)
    this.size = size
    const h = size / 2
    this.#half = h
    // Twiddles of the full size: the half-size FFT uses every other one, the split step all of them.
    this.#cos = new Float64Array(h)
    this.#sin = new Float64Array(h)
    for (let k = 0; k < h; k++) {
      this.#cos[k] = Math.cos((2 * Math.PI * k) / size)
      this.#sin[k] = -Math.sin((2 * Math.PI * k) / size)
    }
    const bits = Math.log2(h)
    this.#rev = new Uint32Array(h)
    for (let i = 0; i < h; i++) {
      let r = 0
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
      this.#rev[i] = r
    }
    this.#re = new Float64Array(h)
    this.#im = new Float64Array(h)
  }

  /**
   * Forward transform of `input` (length ≤ size, zero-padded) into `outRe`/`outIm` bins 0..size/2 inclusive.
   */
  forward(input: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array): void {
    const h = this.#half
    const re = this.#re
    const im = this.#im
    const rev = this.#rev
    const n = input.length
    for (let k = 0; k < h; k++) {
      const j = rev[k]
      const a = 2 * k
      re[j] = a < n ? input[a] : 0
      im[j] = a + 1 < n ? input[a + 1] : 0
    }
    const cos = this.#cos
    const sin = this.#sin
    for (let len = 2; len <= h; len <<= 1) {
      const halfLen = len >> 1
      const stride = (2 * h) / len // twiddle step in the full-size table
      for (let i = 0; i < h; i += len) {
        for (let k = 0; k < halfLen; k++) {
          const wr = cos[k * stride]
          const wi = sin[k * stride]
          const p = i + k
          const q = p + halfLen
          const tr = re[q] * wr - im[q] * wi
          const ti = re[q] * wi + im[q] * wr
          re[q] = re[p] - tr
          im[q] = im[p] - ti
          re[p] += tr
          im[p] += ti
        }
      }
    }
    // Split: X[k] = E[k] + W^k O[k], with E, O the transforms of the even and odd samples.
    outRe[0] = re[0] + im[0]
    outIm[0] = 0
    outRe[h] = re[0] - im[0]
    outIm[h] = 0
    for (let k = 1; k < h; k++) {
      const zr = re[k]
      const zi = im[k]
      const cr = re[h - k]
      const ci = -im[h - k]
      const er = 0.5 * (zr + cr)
      const ei = 0.5 * (zi + ci)
      const or = 0.5 * (zi - ci)
      const oi = -0.5 * (zr - cr)
      const wr = this.#cos[k]
      const wi = this.#sin[k]
      outRe[k] = er + or * wr - oi * wi
      outIm[k] = ei + or * wi + oi * wr
    }
  }
}
