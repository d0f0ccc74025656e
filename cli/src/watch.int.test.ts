import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEventsBySql,
  makeConnector,
  makeGitToken,
  makeOrgWithUsers,
  type OrgWithUsers,
} from '../../server/src/testing/factories.ts';
import { testDatabaseKind } from '../../server/src/testing/test-database.ts';
import { CLI_TEST_TIMEOUT_MS, runCli, startCli } from './testing/cli-process.ts';
import { startCliTestServer, type CliTestServer } from './testing/cli-test-server.ts';
import { ReviewDriver } from './testing/review-driver.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;
/** The `line <n>` numbers printed to stdout, in the order printed. */
const printedLines = (stdout: string) => [...stdout.matchAll(/ line (\d+)$/gm)].map((match) => Number(match[1]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe(
  `reviewtrace watch (the real bin against a real server on ${testDatabaseKind})`,
  { timeout: CLI_TEST_TIMEOUT_MS },
  () => {
    let server: CliTestServer;
    let cast: OrgWithUsers;
    let engine: ReviewDriver;
    let env: Record<string, string>;

    beforeAll(async () => {
      server = await startCliTestServer();
      cast = await makeOrgWithUsers(server.database.db);
      engine = new ReviewDriver(server.url, cast.owner.token);
      env = { REVIEWTRACE_URL: server.url, REVIEWTRACE_TOKEN: cast.member.token };
    }, CLI_TEST_TIMEOUT_MS);
    afterAll(() => server?.close());

    it('prints the log so far and then live, a plain status line with batch N of M, and exits 0 on success', async () => {
      const id = await engine.create();
      await engine.status(id, 'running');
      await engine.append(id, [
        { type: 'batch', batchId: 'batch-1', data: { batchId: 'batch-1', status: 'running' } },
        { type: 'batch', batchId: 'batch-2', data: { batchId: 'batch-2', status: 'queued' } },
      ]);
      await engine.logLines(id, [1, 2]);
      const watch = startCli(['watch', String(id), '--exit-status'], env);
      await watch.waitFor('stdout', / line 2$/m);
      await engine.append(id, [{ type: 'batch', batchId: 'batch-1', data: { batchId: 'batch-1', status: 'success' } }]);
      await engine.logLines(id, [3, 4, 5]);
      await engine.status(id, 'success');
      const result = await watch.exited;

      expect(result.code).toBe(0);
      expect(printedLines(result.stdout)).toEqual(range(1, 5));
      expect(result.stdout).toMatch(/^\S+Z WARN {2}line 5$/m);
      expect(result.stdout).toMatch(/\[batch-1\] Batch 1 success/);
      expect(result.stderr).toContain(`Review ${id}: running · batch 1 of 2`);
      expect(result.stderr).toContain(`Review ${id}: running · batch 2 of 2`);
      expect(result.stderr).toMatch(new RegExp(`Review ${id} success after \\d`));
      // Not a terminal, and nothing asked for colour: not one escape code on either stream.
      expect(result.stdout).not.toMatch(ANSI);
      expect(result.stderr).not.toMatch(ANSI);
    });

    it('exits 1 for a failed review and 2 for a canceled one with --exit-status, and 0 without it', async () => {
      const failed = await engine.create();
      await engine.status(failed, 'running');
      await engine.logLines(failed, [1]);
      await engine.status(failed, 'failed');
      const canceled = await engine.create();
      await engine.logLines(canceled, [1]);
      const watchCanceled = startCli(['watch', String(canceled), '--exit-status'], env);
      await watchCanceled.waitFor('stdout', / line 1$/m);
      await engine.cancel(canceled);

      expect((await runCli(['watch', String(failed), '--exit-status'], env)).code).toBe(1);
      expect((await watchCanceled.exited).code).toBe(2);
      const withoutFlag = await runCli(['watch', String(failed)], env);
      expect(withoutFlag.code).toBe(0);
      expect(withoutFlag.stderr).toContain(`Review ${failed} failed`);
    });

    it('waits a PR URL’s newest review', async () => {
      const prMrUrl = 'https://github.com/acme/app/pull/4242';
      const older = await engine.create({ prMrUrl });
      await engine.status(older, 'failed');
      const newest = await engine.create({ prMrUrl });
      await engine.logLines(newest, [1]);
      await engine.status(newest, 'success');

      const result = await runCli(['watch', prMrUrl, '--exit-status'], env);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`Review ${newest} success`);
    });

    it('resumes after the server restarts mid-watch: every line once, in order, none missing', async () => {
      const id = await engine.create();
      await engine.status(id, 'running');
      await engine.logLines(id, range(1, 3));
      const watch = startCli(['watch', String(id), '--exit-status'], env);
      await watch.waitFor('stdout', / line 3$/m);

      await server.stop();
      await watch.waitFor('stderr', /cannot reach .*; reconnecting/);
      // Written while the server is down (as another API process of a cluster would): the watch must
      // catch up on these from the store, not only on what is published after it reconnects.
      await appendEventsBySql(server.database.db, id, cast.orgId, [
        { type: 'log', level: 'info', data: { message: 'line 4' } },
        { type: 'log', level: 'info', data: { message: 'line 5' } },
      ]);
      await server.start();
      await watch.waitFor('stdout', / line 5$/m);
      await engine.logLines(id, range(6, 8));
      await engine.status(id, 'success');
      const result = await watch.exited;

      expect(result.code).toBe(0);
      expect(printedLines(result.stdout)).toEqual(range(1, 8));
      expect(result.stderr).toMatch(/reconnected; resuming after event \d+/);
    });

    it('colours levels only when asked: FORCE_COLOR yes; NO_COLOR or --no-color win over it', async () => {
      const id = await engine.create();
      await engine.logLines(id, [1, 5]);
      await engine.status(id, 'success');

      const forced = await runCli(['watch', String(id)], { ...env, FORCE_COLOR: '1' });
      expect(forced.stdout).toMatch(ANSI);
      expect(forced.code).toBe(0);
      for (const extra of [{ NO_COLOR: '1' }, {}]) {
        const plain = await runCli(['watch', String(id), ...('NO_COLOR' in extra ? [] : ['--no-color'])], {
          ...env,
          FORCE_COLOR: '1',
          ...extra,
        });
        expect(plain.stdout).not.toMatch(ANSI);
        expect(plain.stderr).not.toMatch(ANSI);
        expect(printedLines(plain.stdout)).toEqual([1, 5]);
      }
    });

    it('says an unknown or another org’s review is not found, in one line, exit 1', async () => {
      const foreign = await new ReviewDriver(server.url, cast.stranger.token).create();
      for (const id of [999999, foreign]) {
        const result = await runCli(['watch', String(id)], env);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`reviewtrace: review ${id} not found\n`);
      }
      const url = 'https://github.com/acme/app/pull/404404';
      expect(await runCli(['watch', url], env)).toMatchObject({
        code: 1,
        stderr: `reviewtrace: no review of ${url} found\n`,
      });
    });

    it('review --watch --exit-status follows the review it started, queued to canceled: exit 2', async () => {
      const { db } = server.database;
      await makeConnector(db, cast.orgId, { name: 'Team GPU' });
      await makeGitToken(db, cast.orgId, { provider: 'github' });
      const review = startCli(
        ['review', 'https://github.com/acme/app/pull/77', '--connector', 'Team GPU', '--watch', '--exit-status'],
        env,
      );
      // No worker runs in this server, so the review stays queued until someone cancels it.
      await review.waitFor('stderr', /: queued$/m);
      const id = Number(/^Review (\d+) queued/.exec(review.stdout())?.[1]);
      await engine.cancel(id);
      const result = await review.exited;
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Review ${id} canceled`);
    });
  },
);
