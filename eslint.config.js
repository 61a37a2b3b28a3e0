// Lint runs inside `npm test`. Besides typescript-eslint's checks, it enforces the folder
// boundaries of docs/architecture.md: each top-level folder is one process or role, and may only
// import what that process can load.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const boundary = (message, groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group: [group], message })) }],
});

const SERVER_FORBIDDEN = ['electron', '**/renderer/**', '**/main/**', '**/bot/**', '**/preload/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['contracts/**'],
    rules: boundary('contracts/ is pure TypeScript + zod shared by every process: it imports nothing of ours and no Node API.', [
      '../*',
      'node:*',
      'electron',
    ]),
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundary('renderer/ runs in the browser sandbox: it talks to the server over HTTP/WebSocket and imports only contracts/.', [
      '**/server/**',
      '**/main/**',
      '**/bot/**',
      '**/preload/**',
      'node:*',
      'electron',
    ]),
  },
  {
    files: ['server/**'],
    rules: boundary('server/ is plain Node that also runs headless: no electron, no UI, no bot code.', SERVER_FORBIDDEN),
  },
  // Layers inside server/ (docs/architecture.md): http/ and api/ above domain/, domain/ above store/.
  // A later block replaces the rule's options for its files, so each repeats the server-wide list.
  {
    files: ['server/domain/**', 'server/secrets/**', 'server/sync/**'],
    rules: boundary('Below http/ and api/: refuse with a DomainError (server/domain/domain-error.ts); http/ picks the status.', [
      ...SERVER_FORBIDDEN,
      '**/http/**',
      '**/api/**',
    ]),
  },
  {
    files: ['server/store/**'],
    rules: boundary('store/ is the bottom layer: tables and queries, no lifecycle rules and no HTTP.', [
      ...SERVER_FORBIDDEN,
      '**/http/**',
      '**/api/**',
      '**/domain/**',
    ]),
  },
  {
    files: ['preload/**'],
    rules: boundary('preload/ is the one bridge: it may use electron and contracts/ only.', [
      '**/server/**',
      '**/renderer/**',
      '**/main/**',
      '**/bot/**',
    ]),
  },
  {
    files: ['main/**'],
    rules: boundary('main/ hosts the server and windows; it never imports UI or bot internals.', ['**/renderer/**', '**/bot/**']),
  },
  {
    files: ['bot/**'],
    ignores: ['bot/page/**'],
    rules: boundary('bot/ is its own process (local, or an ECS task): it talks to the server over its WebSocket and imports only contracts/.', [
      'electron',
      '**/server/**',
      '**/renderer/**',
      '**/main/**',
      '**/preload/**',
    ]),
  },
  {
    files: ['bot/page/**'],
    languageOptions: { globals: { ...globals.browser, AudioWorkletProcessor: 'readonly', registerProcessor: 'readonly' } },
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/renderer/**', '**/main/**', '**/preload/**', 'node:*', 'electron'],
              message: 'bot/page/ runs in a browser page: it talks to the bot over its bridge socket.',
            },
            {
              // bot/ outside page/ is Node code: a value import would drag it into the page bundle.
              regex: '^\\.\\./(?!\\.\\./contracts/)',
              allowTypeImports: true,
              message: 'bot/page/ imports only types from the rest of bot/ (values it shares live in contracts/).',
            },
          ],
        },
      ],
    },
  },
);
