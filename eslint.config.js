import js from '@eslint/js'
import ts from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import svelteConfig from './svelte.config.js'

// The pure core runs in Node, in a worker and in the browser: no DOM, Web Audio, fetch, runes or UI in it.
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
    'window',
    'document',
    'fetch',
    'AudioContext',
    'OfflineAudioContext',
    'indexedDB',
    'localStorage',
    'navigator',
  ],
  'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass time in.' }],
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
    files: ['src/lib/theory/**/*.ts', 'src/lib/analysis/**/*.ts', 'src/lib/tutor/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: coreRestrictions,
  },
)
