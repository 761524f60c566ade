import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { playwright } from '@vitest/browser-playwright'
import { VitePWA } from 'vite-plugin-pwa'
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium-path.mjs'

export default defineConfig({
  plugins: [
    svelte(),
    // Offline: a service worker precaches the built app, so past answers can be reviewed without a network.
    !process.env.VITEST &&
      VitePWA({
        registerType: 'autoUpdate',
        injectRegister: 'auto',
        includeAssets: ['favicon.svg'],
        manifest: {
          name: '五声 Wusheng',
          short_name: '五声',
          description: 'Learn to hear the Chinese pentatonic modes',
          lang: 'zh-CN',
          theme_color: '#8c2f1b',
          background_color: '#fbf7ef',
          display: 'standalone',
          icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
          navigateFallback: 'index.html',
          cleanupOutdatedCaches: true,
        },
      }),
  ],
  // wavesurfer's spectrogram plugin asks for Node's worker_threads inside a try; an empty module answers in the
  // browser, instead of Vite's externalised stub that warns on every build and test run.
  resolve: {
    alias: {
      worker_threads: fileURLToPath(new URL('./src/lib/audio/no-worker-threads.ts', import.meta.url)),
    },
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // Quiet output: the timing report is for profiling the build, not for every build and test run.
      checks: { bundlerTimings: false },
    },
  },
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
          include: [
            'src/**/*.test.ts',
            'cli/**/*.test.ts',
            'tests/support/**/*.test.ts',
            'tests/lint/**/*.test.ts',
          ],
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
