import { describe, expect, it } from 'vitest'
import { validateManifest, type PackManifest } from '../../packs/manifest.ts'
import { feedbackHeldUntil } from './student-desk.svelte.ts'

const pack = (fields: Partial<PackManifest>) =>
  ({ feedback: 'after-due', due: '2030-06-01', ...fields }) as PackManifest
const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime()

describe('feedback held back until the due date', () => {
  it('holds it through the whole due day, then lets it go', () => {
    expect(feedbackHeldUntil(pack({}), local(2030, 5, 20))).toBe('2030-06-01')
    expect(feedbackHeldUntil(pack({}), local(2030, 6, 1, 23))).toBe('2030-06-01')
    expect(feedbackHeldUntil(pack({}), local(2030, 6, 2, 0))).toBeUndefined()
  })

  it('never holds a pack that gives feedback at once, or has no due date', () => {
    expect(feedbackHeldUntil(pack({ feedback: undefined }), local(2030, 5, 20))).toBeUndefined()
    expect(feedbackHeldUntil(pack({ due: undefined }), local(2030, 5, 20))).toBeUndefined()
  })

  it('the pack reader keeps the option, refuses an unknown one, and wants a due date with it', () => {
    const base = {
      format: 'wusheng-pack',
      schemaVersion: 1,
      id: '0b9d2f4e-8f1a-4c53-9a77-1e2d3c4b5a69',
      title: 'Week 1',
      instructions: '',
      passThreshold: 0.6,
      createdAt: '2030-05-01T00:00:00Z',
      items: [
        {
          id: 'i1',
          file: 'audio/01.wav',
          name: 'a',
          label: { text: 'A羽五声', system: 0, tonic: 9, pattern: 'yu', type: 'pentatonic' },
          kind: 'pattern',
          sha256: 'a'.repeat(64),
        },
      ],
    }
    const ok = validateManifest({ ...base, due: '2030-06-01', feedback: 'after-due' })
    expect(ok.ok && ok.pack.feedback).toBe('after-due')
    expect(validateManifest({ ...base, due: '2030-06-01', feedback: 'later' }).ok).toBe(false)
    expect(validateManifest({ ...base, feedback: 'after-due' }).ok).toBe(false)
    const plain = validateManifest(base)
    expect(plain.ok && 'feedback' in plain.pack).toBe(false)
  })
})
