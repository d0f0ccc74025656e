import { defineConfig } from 'vitest/config';

/** Browser tests: a real server process and Debian's Chromium driven by playwright-core. */
export default defineConfig({
  test: {
    include: ['**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A page on a busy 2-core machine may take seconds to render what a poll waits for; the
    // default 1 s made CI fail on load alone. Polls still end as soon as the condition holds.
    expect: { poll: { timeout: 10_000 } },
  },
});
