// Lint runs inside `npm test`. Besides typescript-eslint's checks, it enforces the folder
// boundaries of docs/architecture.md: each top-level folder is one process or role, and may only
// import what that process can load.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const boundary = (message, groups, extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [...groups.map((group) => ({ group: [group], message })), ...extra] }],
});

const SERVER_FORBIDDEN = ['electron', '**/renderer/**', '**/main/**', '**/bot/**', '**/preload/**'];
const SERVER_MESSAGE = 'server/ is plain Node that also runs headless: no electron, no UI, no bot code.';
const BELOW_API = [...SERVER_FORBIDDEN, '**/http/**', '**/api/**'];
const BELOW_API_MESSAGE = 'Below http/ and api/: refuse with a DomainError (server/domain/domain-error.ts); http/ picks the status.';

// A table's row type (snake_case columns, JSON as text) stays with the store that owns the table:
// the layers above get contract types (issue 12). A lint rule rather than a test, because it is
// checked where the import is written and names the line. It matches the imported name, so an
// alias (`import { XRow as X }`) is caught, and type-only imports too (the core rule checks them
// unless told otherwise); a namespace import of a store module is refused as well, since it would
// reach the rows by name; and `import('../store/x.js').XRow` in a type position is already an error
// under consistent-type-imports. Exempt: server/store/ itself (its block below leaves this out) and
// the stores of rights/ and sync/ that own their tables (the *-store.ts blocks below).
const STORE_ROWS = {
  group: ['**/store/**'],
  importNamePattern: 'Row$',
  message: 'Row types stay inside the stores: use the record the store returns (e.g. StoredVoiceSession), mapped in the store.',
};

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
    rules: boundary(SERVER_MESSAGE, SERVER_FORBIDDEN, [STORE_ROWS]),
  },
  // Layers inside server/ (docs/architecture.md): http/ and api/ above domain/, domain/ above store/.
  // A later block replaces the rule's options for its files, so each repeats the server-wide list.
  {
    files: ['server/domain/**', 'server/secrets/**', 'server/sync/**'],
    rules: boundary(BELOW_API_MESSAGE, BELOW_API, [STORE_ROWS]),
  },
  // Stores outside server/store/ own their tables: the same layer rules, without STORE_ROWS.
  {
    files: ['server/rights/*-store.ts'],
    rules: boundary(SERVER_MESSAGE, SERVER_FORBIDDEN),
  },
  {
    files: ['server/sync/*-store.ts'],
    rules: boundary(BELOW_API_MESSAGE, BELOW_API),
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
    rules: boundary('main/ hosts the server and windows; it never imports UI or bot internals.', ['**/renderer/**', '**/bot/**'], [STORE_ROWS]),
  },
  {
    // Tests drive the server through its stores like any caller above them.
    files: ['test/**'],
    rules: boundary('', [], [STORE_ROWS]),
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
