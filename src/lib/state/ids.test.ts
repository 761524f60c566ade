import { describe, expect, it } from 'vitest'
import { UUID } from '../packs/schema.ts'
import { randomHexId, randomUuid } from './ids.ts'

describe('record ids', () => {
  it('makes version-4 UUIDs, the form packs and results require, without crypto.randomUUID (http pages lack it)', () => {
    const saved = crypto.randomUUID
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    try {
      const ids = Array.from({ length: 200 }, randomUuid)
      for (const id of ids) expect(id).toMatch(UUID)
      expect(ids.every((id) => id[14] === '4' && '89ab'.includes(id[19]))).toBe(true)
      expect(new Set(ids).size).toBe(200)
      expect(randomHexId()).toMatch(/^[0-9a-f]{32}$/)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true })
    }
  })
})
