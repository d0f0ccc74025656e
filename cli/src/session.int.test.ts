import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrgWithUsers, type OrgWithUsers } from '../../server/src/testing/factories.ts';
import { ManualClock } from '../../server/src/testing/manual-clock.ts';
import { testDatabaseKind } from '../../server/src/testing/test-database.ts';
import { CLI_TEST_TIMEOUT_MS, startCli } from './testing/cli-process.ts';
import { startCliTestServer, type CliTestServer } from './testing/cli-test-server.ts';
import { ReviewDriver } from './testing/review-driver.ts';

describe(
  `reviewtrace watch when the session lapses mid-stream (real bin, real server on ${testDatabaseKind})`,
  { timeout: CLI_TEST_TIMEOUT_MS },
  () => {
    // The server's clock, moved by hand: it decides when the watcher's token has expired. It starts at
    // real time because the tokens are signed with real time.
    const clock = new ManualClock(Date.now());
    let server: CliTestServer;
    let cast: OrgWithUsers;

    beforeAll(async () => {
      server = await startCliTestServer({ clock });
      cast = await makeOrgWithUsers(server.database.db);
    }, CLI_TEST_TIMEOUT_MS);
    afterAll(() => server?.close());

    it('stops with one line and exit 1 instead of reconnecting forever', async () => {
      const engine = new ReviewDriver(server.url, cast.owner.token);
      const id = await engine.create();
      await engine.status(id, 'running');
      await engine.logLines(id, [1]);
      const watch = startCli(['watch', String(id), '--exit-status'], {
        REVIEWTRACE_URL: server.url,
        REVIEWTRACE_TOKEN: cast.member.token,
      });
      await watch.waitFor('stdout', / line 1$/m);
      // Past the token's `exp` (1 h): the open stream re-checks the session and ends with `event: error`.
      clock.advance(2 * 60 * 60_000);
      const result = await watch.exited;

      expect(result.code).toBe(1);
      // The server's own reason, from the stream's error frame (not a refused reconnect's 401).
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
        'reviewtrace: not signed in: Your session has expired; sign in again',
      );
    });
  },
);
