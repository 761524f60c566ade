import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { playwright } from '@vitest/browser-playwright'
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium-path.mjs'

export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  // Pre-bundled so that Vitest browser mode does not reload mid-test when it first meets them.
  optimizeDeps: {
    include: [
      'tone',
      'idb',
      'tonal',
      'pitchy',
      'fflate',
      'ts-fsrs',
      'wavesurfer.js',
      'wavesurfer.js/plugins/regions',
      'wavesurfer.js/plugins/record',
      'wavesurfer.js/plugins/timeline',
      'wavesurfer.js/plugins/spectrogram',
      'vitest-browser-svelte',
    ],
  },
  test: {
    expect: { requireAssertions: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts', 'src/**/*.svelte.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts', 'src/**/*.svelte.test.ts', 'tests/browser/**/*.test.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
