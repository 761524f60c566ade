import { describe, expect, it } from 'vitest'
import { parseCompletion } from './reply.ts'
import { serverMessage } from './server-message.ts'

describe('reply parsing', () => {
  it.each([
    ['', /empty/],
    ['<html>', /not JSON/],
    ['[]', /not an object/],
    ['{"object":"chat.completion"}', /no "choices"/],
    ['{"choices":[]}', /"choices" is empty/],
    ['{"choices":[{}]}', /no "message"/],
    ['{"choices":[{"message":{"content":null}}]}', /content is null/],
    ['{"error":{"message":"CUDA out of memory"}}', /CUDA out of memory/],
  ])('%j → bad-reply saying what is wrong', (body, message) => {
    expect(() => parseCompletion(body)).toThrow(message)
  })

  it('quotes FastAPI, vLLM and OpenAI error bodies', () => {
    expect(serverMessage('{"detail":"Invalid API key."}')).toBe('Invalid API key.')
    expect(serverMessage('{"detail":[{"msg":"Field required"},{"msg":"bad type"}]}')).toBe(
      'Field required; bad type',
    )
    expect(serverMessage('{"error":{"message":"The model `x` does not exist."}}')).toBe(
      'The model `x` does not exist.',
    )
    expect(serverMessage('{"object":"error","message":"m"}')).toBe('m')
    expect(serverMessage('Bad   Gateway\n')).toBe('Bad Gateway')
  })
})
