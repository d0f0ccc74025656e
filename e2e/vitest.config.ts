import { defineConfig } from 'vitest/config';

/** Browser tests: a real server process and Debian's Chromium driven by playwright-core. */
export default defineConfig({
  test: {
    include: ['**/*.e2e.ts'],
    // The demo with its history replayed once, copied by each file's server (support/demo-server.ts).
    globalSetup: ['support/demo-template.ts'],
    pool: 'forks',
    // Two files at a time: each spends most of its time waiting on its own server and pages
    // (measured on 2 cores: 565 s one at a time, 370 s two at a time, the same 49 tests green).
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A page on a busy 2-core machine may take seconds to render what a poll waits for; the
    // default 1 s made CI fail on load alone. Polls still end as soon as the condition holds.
    expect: { poll: { timeout: 10_000 } },
  },
});
