// Lint runs inside `npm test`. Besides typescript-eslint's checks, it enforces the folder
// boundaries of DESIGN.md: each top-level folder is one process or role, and may only import
// what that process can load.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const boundary = (message, groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group: [group], message })) }],
});

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
    rules: boundary('server/ is plain Node that also runs headless: no electron, no UI, no bot code.', [
      'electron',
      '**/renderer/**',
      '**/main/**',
      '**/bot/**',
      '**/preload/**',
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
    rules: boundary('bot/page/ runs in a browser page: it talks to the bot over its bridge socket and imports only types from bot/ and contracts/.', [
      '**/server/**',
      '**/renderer/**',
      '**/main/**',
      '**/preload/**',
      'node:*',
      'electron',
    ]),
  },
);
