import { defineConfig } from 'vitest/config';

/**
 * `npm test`: unit tests (`*.test.ts`) and integration tests against a real database
 * (`*.int.test.ts`): embedded PGlite, or PostgreSQL when TEST_DATABASE_URL names one.
 * Browser tests live in e2e/ and run with `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    include: ['contracts/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts', 'cli/src/**/*.test.ts'],
    globalSetup: ['server/src/testing/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
