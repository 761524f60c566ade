import { describe, expect, it } from 'vitest'
import { SseParser } from './sse.ts'

describe('SseParser', () => {
  it('joins events split anywhere, with \\r\\n split across chunks, comments and multi-line data', () => {
    const p = new SseParser()
    const out = [
      ...p.push(': keep-alive\r'),
      ...p.push('\ndata: {"a":1}\r'),
      ...p.push('\n\r\ndata:x\ndata: y\n'),
      ...p.push('\nevent: other\ndata: [DONE]\n\n'),
    ]
    expect(out).toEqual(['{"a":1}', 'x\ny', '[DONE]'])
    expect(p.pending).toBe(false)
    p.push('data: half')
    expect(p.pending).toBe(true)
  })
})
