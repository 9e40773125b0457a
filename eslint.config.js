// Lint: typescript-eslint's recommended rules, plus the layer rules of docs/architecture.md.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers inside src-main (docs/architecture.md), as VS Code enforces its own: each folder
 * lists the folders of src-main it must not import. Electron is imported only by electron/ and
 * preload/, so everything else runs and is tested under plain Node.
 */
const ELECTRON = { regex: '^electron(/|$)', message: 'Only src-main/electron/ and src-main/preload/ import Electron.' };
const mainLayers = {
  platform: ['host', 'store', 'redis', 'cli', 'electron', 'preload', 'files', 'tls', 'discovery'],
  tls: ['host', 'store', 'redis', 'cli', 'electron', 'preload', 'files', 'discovery'],
  files: ['host', 'redis', 'cli', 'electron', 'preload', 'discovery'],
  discovery: ['host', 'store', 'redis', 'files', 'cli', 'electron', 'preload'],
  store: ['host', 'redis', 'cli', 'electron', 'preload'],
  host: ['redis', 'cli', 'electron', 'preload'],
  redis: ['cli', 'electron', 'preload'],
  cli: ['electron', 'preload'],
  electron: ['cli', 'preload'],
  preload: ['host', 'store', 'redis', 'cli', 'electron', 'platform'],
};
const layerRules = Object.entries(mainLayers).map(([layer, forbidden]) => ({
  files: [`src-main/${layer}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(layer === 'electron' || layer === 'preload' ? [] : [ELECTRON]),
          {
            group: forbidden.map((f) => `../${f}/*`),
            message: `src-main/${layer}/ may not import src-main/{${forbidden.join(',')}}/ (docs/architecture.md, “Layers”).`,
          },
        ],
      },
    ],
  },
}));

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
  {
    // Any other file of src-main (none today) still may not import Electron.
    files: ['src-main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ELECTRON] }] },
  },
  ...layerRules,
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
