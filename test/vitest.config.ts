import { defineConfig } from 'vitest/config';

// Integration tests start the built server (`dist/`), so `npm test` builds before it runs vitest.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    root: new URL('..', import.meta.url).pathname,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
