import { describe, expect, it } from 'vitest'
import { MODEL_ERROR_KINDS } from '../../lib/model/errors.ts'
import { MESSAGES } from '../i18n/messages.ts'
import { modelAdvice } from './advice.ts'

const keys = (...args: Parameters<typeof modelAdvice>) => modelAdvice(...args).map((a) => a.key)

describe('modelAdvice', () => {
  it('gives every failure kind but a cancel a translated line of advice', () => {
    expect.hasAssertions()
    for (const kind of [...MODEL_ERROR_KINDS, 'prepare', 'storage'] as const) {
      const advice = modelAdvice({ kind })
      if (kind === 'aborted') expect(advice).toEqual([])
      else expect(advice.length, kind).toBeGreaterThan(0)
      for (const a of advice) {
        expect(MESSAGES[a.key].zh, a.key).toMatch(/[\u4e00-\u9fff]/)
        expect(MESSAGES[a.key].en, a.key).not.toMatch(/[\u4e00-\u9fff]/)
      }
    }
  })
  it('has nothing to add to a success or to settings the form already marks', () => {
    expect(modelAdvice({ kind: 'ok' })).toEqual([])
    expect(modelAdvice({ kind: 'invalid-settings' })).toEqual([])
  })
  it('tells a wrong key (401) from a forbidden access (403)', () => {
    expect(keys({ kind: 'auth', status: 401 })).toEqual(['model.advice.auth'])
    expect(keys({ kind: 'auth', status: 403 })).toEqual(['model.advice.forbidden'])
  })
  it('puts mixed content first when an https page calls an http:// server', () => {
    const ctx = { pageProtocol: 'https:', baseUrl: 'http://10.0.0.2:8000' }
    expect(keys({ kind: 'network' }, ctx)).toEqual(['model.advice.mixed-content', 'model.advice.network'])
    expect(keys({ kind: 'network' }, { ...ctx, pageProtocol: 'http:' })).toEqual(['model.advice.network'])
    expect(keys({ kind: 'network' }, { ...ctx, baseUrl: 'https://gpu.lab' })).toEqual([
      'model.advice.network',
    ])
  })
  it('names the page origin for CORS and warns that errors need CORS headers too', () => {
    const advice = modelAdvice({ kind: 'cors' }, { pageOrigin: 'https://tutor.school' })
    expect(advice).toEqual([
      { key: 'model.advice.cors-origin', params: { origin: 'https://tutor.school' } },
      { key: 'model.advice.cors-errors' },
    ])
  })
  it('lists the served names for a wrong model name when Test connection found them', () => {
    expect(modelAdvice({ kind: 'model-not-found' }, { models: ['cnpm', 'base'] })).toEqual([
      { key: 'model.advice.model-listed', params: { models: 'cnpm, base' } },
    ])
    expect(keys({ kind: 'model-not-found' }, { models: [] })).toEqual(['model.advice.model-not-found'])
  })
  it('tells a redirect from a missing endpoint', () => {
    expect(keys({ kind: 'not-found', status: 404 })).toEqual(['model.advice.not-found'])
    expect(keys({ kind: 'not-found', status: 301 })).toEqual(['model.advice.redirect'])
    expect(keys({ kind: 'not-found', message: 'The server redirected the request.' })).toEqual([
      'model.advice.redirect',
    ])
  })
  it('points at the protocol when it does not match the server', () => {
    expect(keys({ kind: 'bad-request', status: 422 }, { protocol: 'openai' })).toEqual([
      'model.advice.use-llamafactory',
    ])
    expect(keys({ kind: 'server', status: 500 }, { protocol: 'openai', flavour: 'llamafactory' })).toEqual([
      'model.advice.use-llamafactory',
    ])
    expect(keys({ kind: 'bad-request', status: 400 }, { protocol: 'llamafactory', flavour: 'vllm' })).toEqual(
      ['model.advice.use-openai'],
    )
    expect(keys({ kind: 'bad-request', status: 400 }, { protocol: 'llamafactory' })).toEqual([
      'model.advice.bad-request',
    ])
    expect(keys({ kind: 'server', status: 503 })).toEqual(['model.advice.server'])
  })
})
