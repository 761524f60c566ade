import js from '@eslint/js'
import ts from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import svelteConfig from './svelte.config.js'

// The pure core runs in Node, in a worker and in the browser, and gives the same answer every time: no DOM,
// Web Audio, fetch, storage, runes or UI in it, and no clock, timer or unseeded randomness (time arrives as a
// number, randomness as a seeded Rng). tests/lint/core-rule.test.ts proves each of these is refused.
const restricted = (message, names) => names.map((name) => ({ name, message }))
const coreRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['**/audio/**', '**/store/**', '**/state/**', '**/model/**', '**/ui/**', '**/packs/**'],
          message: 'The pure core must not depend on adapters or UI.',
        },
        {
          group: ['svelte', 'svelte/*', 'tone', 'wavesurfer.js', 'wavesurfer.js/*', 'idb'],
          message: 'The pure core must not depend on UI, Web Audio or IndexedDB.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...restricted('The pure core has no DOM, storage or platform objects: pass what it needs in.', [
      'window',
      'self',
      'document',
      'navigator',
      'localStorage',
      'sessionStorage',
      'indexedDB',
      'crypto',
      'process',
    ]),
    ...restricted('The pure core does no I/O: samples and answers arrive as arguments.', [
      'fetch',
      'XMLHttpRequest',
      'WebSocket',
      'AudioContext',
      'OfflineAudioContext',
    ]),
    ...restricted('The pure core reads no clock and schedules nothing: pass time in as a number.', [
      'Date',
      'performance',
      'setTimeout',
      'setInterval',
      'setImmediate',
      'requestAnimationFrame',
    ]),
    // Also closes globalThis.fetch, globalThis['Date'] and destructuring out of it.
    ...restricted('The pure core must not reach globals through the global object.', [
      'globalThis',
      'global',
    ]),
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Pass a seeded random source (an Rng) in.' },
  ],
}

export default ts.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/__screenshots__/**',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    files: [
      'src/lib/theory/**/*.ts',
      'src/lib/analysis/**/*.ts',
      'src/lib/tutor/**/*.ts',
      'src/lib/synth/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: coreRestrictions,
  },
  {
    // The UI reaches adapters only through the services main.ts builds (getServices()) and the state layer: it
    // imports state, services, theory and tutor. Types may still come from anywhere.
    files: ['src/ui/**/*.ts', 'src/ui/**/*.svelte'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/lib/audio/**',
                '**/lib/store/**',
                '**/lib/model/**',
                '**/lib/packs/**',
                '**/lib/archive/**',
                '**/lib/eval/**',
                '**/lib/analysis/**',
              ],
              allowTypeImports: true,
              message:
                'The UI reaches adapters through getServices() and the state layer (lib/state); import only types from here.',
            },
          ],
        },
      ],
    },
  },
)
