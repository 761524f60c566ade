import { defineConfig } from '@playwright/test'
import { resolve } from 'node:path'
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium-path.mjs'

// E2E_PORT and E2E_DIST let several checkouts or engineers run the suite side by side.
const PORT = Number(process.env.E2E_PORT ?? 4179)
const DIST = process.env.E2E_DIST ?? 'dist'
const fakeMic = resolve('tests/fixtures/mic-a-yu.wav')

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // One retry on CI only: a slow shared machine may time out once; a real failure fails twice.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${fakeMic}`,
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --outDir ${DIST} --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
})
