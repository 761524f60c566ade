import { expect, test, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import { startModelServer, type Flavour, type ModelServer } from '../support/model-server.ts'

const REPLY = '这段音乐是A羽调式，属于C宫系统。'
const KEY = 'sk-e2e-5b1f0c7d'

let server: ModelServer | undefined
test.afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Fills the Model server form through the UI and saves it. */
async function configure(
  page: Page,
  url: string,
  flavour: Flavour,
  opts: { key?: string; stream?: boolean } = {},
) {
  await page.goto('/#/settings')
  await page.getByTestId('s-baseUrl').fill(url)
  await page.getByTestId('s-protocol').selectOption(flavour === 'vllm' ? 'openai' : 'llamafactory')
  await page.getByTestId('s-apiKey').fill(opts.key ?? '')
  await page.getByTestId('s-stream').setChecked(opts.stream ?? false)
  await page.getByTestId('save-model').click()
  await expect(page.getByTestId('saved')).toBeVisible()
}

/** Loads the A羽 fixture on the Analyze page and runs the offline analyzer. */
async function loadAndAnalyze(page: Page) {
  await page.getByRole('link', { name: '分析' }).click()
  await page.getByTestId('file-input').setInputFiles(resolve('tests/fixtures/a-yu-pentatonic.wav'))
  await expect(page.getByTestId('clip-info')).toContainText('a-yu-pentatonic.wav')
  await page.getByTestId('identify').click()
  await expect(page.getByTestId('result-label')).toHaveText('A羽五声')
}

const chatRequests = () =>
  server!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions')

for (const flavour of ['llamafactory', 'vllm'] as const) {
  test(`${flavour}: configure in Settings, test the connection, ask about a clip, see the answer agree`, async ({
    page,
  }) => {
    server = await startModelServer({ flavour, apiKey: KEY, replies: [REPLY] })
    // LLaMA-Factory streams here, vLLM answers in one piece: both paths of the client are exercised.
    await configure(page, server.url, flavour, { key: KEY, stream: flavour === 'llamafactory' })
    await page.getByTestId('test-connection').click()
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-kind', 'ok')
    await expect(page.getByTestId('verdict')).toContainText('连接正常')

    await loadAndAnalyze(page)
    await page.getByTestId('ask-model').click()
    await expect(page.getByTestId('model-raw')).toHaveText(REPLY)
    await expect(page.getByTestId('model-label')).toHaveText('A羽调式')
    await expect(page.getByTestId('model-label-words')).toHaveText('C宫系统 A羽调式')
    await expect(page.getByTestId('model-analyzer-label')).toHaveText('A羽五声')
    await expect(page.getByTestId('agreement')).toHaveAttribute('data-agreement', 'agree')
    await expect(page.getByTestId('agreement')).toContainText('一致')

    const last = chatRequests().at(-1)!
    expect(last.status).toBe(200)
    expect(last.headers.authorization).toBe(`Bearer ${KEY}`)
    const body = last.body as {
      stream: boolean
      messages: { role: string; content: { type: string; text?: string }[] }[]
    }
    const parts = body.messages[0].content
    expect(parts[0].type).toBe(flavour === 'llamafactory' ? 'audio_url' : 'input_audio')
    expect(parts[1]).toEqual({ type: 'text', text: '这段音乐是什么调式?' })
    expect(body.stream).toBe(flavour === 'llamafactory')
    // The server accepted it as mono 16 kHz WAV; the fixture is 15 s long, so all of it went.
    expect(last.audio?.sampleRate).toBe(16_000)
    expect(last.audio?.channels).toBe(1)
    expect(last.audio?.seconds).toBeGreaterThan(10)
    expect(last.audio?.seconds).toBeLessThanOrEqual(30)
  })
}

test('a wrong key shows the auth message, and the analyzer result stays', async ({ page }) => {
  server = await startModelServer({ flavour: 'vllm', apiKey: KEY, replies: [REPLY] })
  await configure(page, server.url, 'vllm', { key: 'sk-wrong-00000000' })
  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-kind', 'auth')
  // What to do comes first, in Chinese; the server's English detail is folded away.
  await expect(page.getByTestId('verdict').getByTestId('model-advice')).toContainText('设置 → 模型服务器')
  await expect(page.getByTestId('verdict').getByTestId('model-detail')).not.toHaveAttribute('open')
  await expect(page.getByTestId('verdict')).not.toContainText('英文）：')
  await loadAndAnalyze(page)
  await page.getByTestId('ask-model').click()
  await expect(page.getByTestId('model-error')).toHaveAttribute('data-kind', 'auth')
  await expect(page.getByTestId('model-error')).toContainText('API 密钥缺失或错误')
  await expect(page.getByTestId('model-error').getByTestId('model-advice')).toContainText('API_KEY')
  await page.getByTestId('model-error').getByText('技术详情').click()
  await expect(page.getByTestId('model-error').getByTestId('model-detail')).toContainText('401')
  await expect(page.getByTestId('model-error')).not.toContainText('sk-wrong-00000000')
  await expect(page.getByTestId('result-label')).toHaveText('A羽五声')
})

test('a 503 is retried and then answered; a 429 that persists is reported with what to do', async ({
  page,
}) => {
  server = await startModelServer({ flavour: 'llamafactory', replies: [REPLY] })
  await configure(page, server.url, 'llamafactory')
  await loadAndAnalyze(page)
  server.setFaults([{ kind: 'status', status: 503 }])
  await page.getByTestId('ask-model').click()
  await expect(page.getByTestId('model-raw')).toHaveText(REPLY)
  expect(chatRequests().map((r) => r.status)).toEqual([503, 200])

  // Like FastAPI's and vLLM's CORS defaults, the test server does not expose Retry-After, so the browser cannot
  // read it: the client backs off on its own (3 attempts) and then says so. (Node reads it: see the state tests.)
  const limited = { kind: 'rate-limit', retryAfter: '120' } as const
  server.setFaults([limited, limited, limited])
  await page.getByTestId('ask-model').click()
  await expect(page.getByTestId('model-retrying')).toContainText('服务器正忙')
  await expect(page.getByTestId('model-error')).toHaveAttribute('data-kind', 'rate-limited')
  await expect(page.getByTestId('retry-later')).toContainText('Retry-After')
  expect(chatRequests().map((r) => r.status)).toEqual([503, 200, 429, 429, 429])
  await expect(page.getByTestId('result-label')).toHaveText('A羽五声')
})

test('Cancel stops a slow request; the analyzer result stays and asking again works', async ({ page }) => {
  server = await startModelServer({ flavour: 'vllm', replies: [REPLY] })
  await configure(page, server.url, 'vllm')
  await loadAndAnalyze(page)
  server.setFaults([{ kind: 'delay', ms: 10_000 }])
  await page.getByTestId('ask-model').click()
  await expect(page.getByTestId('model-status')).toContainText('等待模型回答')
  await page.getByTestId('model-cancel').click()
  await expect(page.getByTestId('model-panel')).toContainText('已取消，没有收到回答')
  await expect(page.getByTestId('model-raw')).toHaveCount(0)
  await expect(page.getByTestId('result-label')).toHaveText('A羽五声')
  await page.getByTestId('ask-model').click()
  await expect(page.getByTestId('model-raw')).toHaveText(REPLY)
})

test('offline: the request is not sent, can be queued, and is sent when the network returns', async ({
  page,
  context,
}) => {
  server = await startModelServer({ flavour: 'vllm', apiKey: KEY, replies: [REPLY] })
  await configure(page, server.url, 'vllm', { key: KEY })
  await loadAndAnalyze(page)
  await context.setOffline(true)
  await page.getByTestId('ask-model').click()
  await expect(page.getByTestId('model-offline')).toContainText('请求没有发送')
  expect(chatRequests()).toHaveLength(0)
  await page.getByTestId('queue-it').click()
  await expect(page.getByTestId('model-queued')).toBeVisible()
  await expect(page.getByTestId('outbox-count')).toHaveText('1 个请求等待发送')
  await expect(page.getByTestId('send-now')).toBeDisabled()
  await expect(page.getByTestId('still-offline')).toBeVisible()
  await context.setOffline(false)
  await expect(page.getByTestId('model-raw')).toHaveText(REPLY)
  await expect(page.getByTestId('agreement')).toHaveAttribute('data-agreement', 'agree')
  await expect(page.getByTestId('outbox')).toHaveCount(0)
  await expect(page.getByTestId('delivered')).toContainText('a-yu-pentatonic.wav')
  // Sent once, to the same server, with the key (the queued copy itself never held it).
  expect(chatRequests()).toHaveLength(1)
  expect(chatRequests()[0].headers.authorization).toBe(`Bearer ${KEY}`)
})

test('no server configured: a one-line hint links to Settings', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('file-input').setInputFiles(resolve('tests/fixtures/a-yu-pentatonic.wav'))
  await expect(page.getByTestId('model-hint')).toContainText('还没有设置模型服务器')
  await page.getByRole('link', { name: '去设置模型服务器' }).click()
  await expect(page.getByTestId('model-settings')).toBeVisible()
})
