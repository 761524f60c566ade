import { describe, expect, it } from 'vitest'
import { bytesToBase64, bytesToBase64Btoa } from './base64.ts'

describe('base64', () => {
  it('the btoa path matches Buffer on 1 MB of random bytes, at an odd offset', () => {
    const all = new Uint8Array(1_000_003)
    for (let i = 0; i < all.length; i++) all[i] = (i * 2654435761) >>> 24
    const bytes = all.subarray(1)
    const expected = Buffer.from(bytes).toString('base64')
    expect(bytesToBase64Btoa(bytes)).toBe(expected)
    expect(bytesToBase64(bytes)).toBe(expected)
  })
})
