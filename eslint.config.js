// Lint: typescript-eslint's recommended rules, plus the layer rules of docs/architecture.md.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  ...svelte.configs.recommended,
  {
    // The renderer runs in a browser (or Electron's sandboxed renderer): DOM globals, no Node.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    ignores: ['src-renderer/vite.config.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], projectService: false },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'ws', '../src-main/*', '../../src-main/*'],
              message: 'The renderer talks to the host only over WebSockets.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure layer: the protocol, the client and the timeline run in the browser, in Node and
    // in Electron's renderer alike, so they may import nothing runtime-specific.
    files: ['src-shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'net', 'http', 'crypto'],
              message: 'src-shared is pure: no Node modules.',
            },
            {
              group: ['electron', 'ws', 'svelte', 'svelte/*'],
              message: 'src-shared is pure: no runtime or framework imports.',
            },
            {
              group: ['../src-main/*', '../../src-main/*', '../src-renderer/*', '../../src-renderer/*'],
              message: 'src-shared depends on nothing else of the project.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
);
