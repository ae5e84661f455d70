import { defineConfig } from 'vitest/config';

// Browser tests: Playwright drives Debian's Chromium against a production build served on 127.0.0.1.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
