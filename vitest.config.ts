import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Most tests take well under a second; the few long ones (fuzzing, 200-render leak check) set their own.
    testTimeout: 30_000,
    // Converting and loading the reference models before a suite.
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
