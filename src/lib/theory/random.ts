/** A pseudo-random number generator: each call returns a float in [0, 1). */
export type Rng = () => number

/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG, plenty for music generation and test signals (not for
 * cryptography). It lives at the bottom of the core so the tutor, the renderer and tests share one copy.
 * @example const rng = mulberry32(42); rng() → 0.6011…
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
