import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL_SETTINGS, endpointUrl, validateSettings, type ModelSettings } from './settings.ts'

const settings: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, baseUrl: 'http://10.0.0.5:8000' }

describe('validateSettings', () => {
  it.each([
    'http://h:8000',
    'http://h:8000/v1',
    'http://h:8000/v1/',
    'https://lab.edu/cnpm/v1',
    'http://localhost:8000',
  ])('accepts %s and targets /v1/chat/completions once', (baseUrl) => {
    expect(validateSettings({ ...settings, baseUrl })).toEqual([])
    expect(endpointUrl(baseUrl, 'chat')).toMatch(/[^/]\/v1\/chat\/completions$/)
    expect(endpointUrl(baseUrl, 'chat')).not.toMatch(/v1\/v1/)
  })

  it.each([
    ['', 'required'],
    ['h:8000', 'not-http'],
    ['192.168.1.2:8000', 'invalid-url'],
    ['ftp://h', 'not-http'],
    ['http://user:pw@h:8000', 'credentials-in-url'],
    ['http://h:8000/v1/chat/completions', 'endpoint-in-url'],
    ['http://h:8000/?x=1', 'query-in-url'],
  ])('rejects base URL %j with %s', (baseUrl, code) => {
    expect(validateSettings({ ...settings, baseUrl })[0]).toMatchObject({ field: 'baseUrl', code })
  })

  it('flags an http server from an https page, but not loopback', () => {
    expect(validateSettings(settings, { pageProtocol: 'https:' })[0]?.code).toBe('mixed-content')
    expect(
      validateSettings({ ...settings, baseUrl: 'http://127.0.0.1:8000' }, { pageProtocol: 'https:' }),
    ).toEqual([])
  })

  it('checks the other fields', () => {
    const codes = validateSettings({
      ...settings,
      model: ' ',
      question: '',
      apiKey: 'abc def',
      timeoutMs: 10,
    }).map((p) => p.code)
    expect(codes).toEqual(['required', 'required', 'invalid-key', 'invalid-timeout'])
  })
})
