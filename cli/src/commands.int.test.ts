import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewSummarySchema, type ReviewSummary } from '@reviewtrace/contracts';
import {
  makeConnector,
  makeGitToken,
  makeOrgWithUsers,
  makeReview,
  type OrgWithUsers,
} from '../../server/src/testing/factories.ts';
import { grantRole } from '../../server/src/admin/admin.repository.ts';
import { testDatabaseKind } from '../../server/src/testing/test-database.ts';
import { CLI_TEST_TIMEOUT_MS, runCli } from './testing/cli-process.ts';
import { startCliTestServer, type CliTestServer } from './testing/cli-test-server.ts';
import { ReviewDriver } from './testing/review-driver.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe(
  `reviewtrace list, logs, retry, cancel, review (the real bin against a real server on ${testDatabaseKind})`,
  { timeout: CLI_TEST_TIMEOUT_MS },
  () => {
    let server: CliTestServer;
    let cast: OrgWithUsers;
    let env: Record<string, string>;
    let failedId: number;
    let queuedId: number;

    beforeAll(async () => {
      server = await startCliTestServer();
      cast = await makeOrgWithUsers(server.database.db);
      env = { REVIEWTRACE_URL: server.url, REVIEWTRACE_TOKEN: cast.member.token };
      const { db } = server.database;
      await makeConnector(db, cast.orgId, { name: 'Local Ollama' });
      failedId = await makeReview(db, cast.orgId, { status: 'failed', title: 'Broken build', errorSummary: 'boom' });
      queuedId = await makeReview(db, cast.orgId, { status: 'created', title: 'Waiting its turn' });
      await makeReview(db, cast.orgId, { status: 'completed', title: 'All good' });
    }, CLI_TEST_TIMEOUT_MS);
    afterAll(() => server?.close());

    const reviewOf = async (id: number): Promise<ReviewSummary> => {
      const response = await fetch(`${server.url}/api/v1/reviews/${id}`, {
        headers: { authorization: `Bearer ${cast.member.token}` },
      });
      return ReviewSummarySchema.parse(await response.json());
    };

    it('list prints a table, filters by --status, and --json parses as the API’s reviews', async () => {
      const table = await runCli(['list'], env);
      expect(table.code).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(
        /^ID\s+STATUS\s+TITLE\s+REPOSITORY\s+CONNECTOR\s+DURATION\s+CREATED$/,
      );
      expect(table.stdout).toMatch(new RegExp(`^${failedId}\\s+failed\\s+Broken build`, 'm'));
      expect(table.stdout).not.toMatch(ANSI);

      const json = await runCli(['list', '--status', 'failed', '--json'], env);
      expect(json.code).toBe(0);
      const items = (JSON.parse(json.stdout) as unknown[]).map((item) => ReviewSummarySchema.parse(item));
      expect(items.map((item) => item.id)).toEqual([failedId]);

      const bad = await runCli(['list', '--status', 'sideways'], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^reviewtrace: .*sideways.*\(400\)\n$/);
    });

    it('refuses a bad token in one line and exit 1, naming where the token came from', async () => {
      const fromEnv = await runCli(['list'], { ...env, REVIEWTRACE_TOKEN: 'not-a-token' });
      expect(fromEnv).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'reviewtrace: not signed in: REVIEWTRACE_TOKEN was refused (401)\n',
      });
      const fromFlag = await runCli(['watch', String(failedId), '--token', 'not-a-token'], env);
      expect(fromFlag.code).toBe(1);
      expect(fromFlag.stderr).toBe('reviewtrace: not signed in: --token was refused (401)\n');
      const none = await runCli(['list'], { REVIEWTRACE_URL: server.url });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^reviewtrace: not signed in: set REVIEWTRACE_TOKEN/);
    });

    it('says when the server cannot be reached, in one line, exit 1', async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const result = await runCli(['list'], { ...env, REVIEWTRACE_URL: url });
      expect(result).toMatchObject({ code: 1, stderr: `reviewtrace: cannot reach ${url}: ECONNREFUSED\n` });
    });

    it('answers "review 999 not found" for logs, retry and cancel of an unknown review', async () => {
      for (const command of ['logs', 'retry', 'cancel']) {
        const result = await runCli([command, '999'], env);
        expect(result).toMatchObject({ code: 1, stderr: 'reviewtrace: review 999 not found\n' });
      }
    });

    it('logs prints the text log, --ndjson one parseable event per line', async () => {
      const engine = new ReviewDriver(server.url, cast.owner.token);
      const id = await engine.create();
      await engine.logLines(id, [1, 2, 3]);
      await engine.status(id, 'failed');

      const text = await runCli(['logs', String(id)], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /^\S+Z INFO {2}line 1\n\S+Z INFO {2}line 2\n\S+Z INFO {2}line 3\n\S+Z ERROR Review failed\n$/,
      );
      expect(text.stdout).not.toMatch(ANSI);
      const colored = await runCli(['logs', String(id)], { ...env, FORCE_COLOR: '1' });
      expect(colored.stdout).toMatch(ANSI);

      const ndjson = await runCli(['logs', String(id), '--ndjson'], env);
      const events = ndjson.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { seq: number; type: string });
      expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
      const followed = await runCli(['logs', String(id), '--follow', '--ndjson'], env);
      expect(followed).toMatchObject({ code: 0, stdout: ndjson.stdout });
    });

    it('retry starts a new review linked to the failed one; retrying a queued one is a clear 409', async () => {
      const result = await runCli(['retry', String(failedId)], env);
      expect(result.code).toBe(0);
      const newId = Number(/retried as review (\d+)/.exec(result.stdout)?.[1]);
      expect(await reviewOf(newId)).toMatchObject({ retryOf: failedId, status: 'queued' });

      const conflict = await runCli(['retry', String(queuedId)], env);
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toMatch(/^reviewtrace: .*\(409\)\n$/);
    });

    it('cancel ends a queued review', async () => {
      const result = await runCli(['cancel', String(queuedId)], env);
      expect(result).toMatchObject({ code: 0, stdout: `Review ${queuedId} canceled\n` });
      expect((await reviewOf(queuedId)).status).toBe('canceled');
    });

    it('review <PR URL> --connector <name> creates a queued review with that connector', async () => {
      await makeGitToken(server.database.db, cast.orgId, { provider: 'github' });
      const url = 'https://github.com/acme/app/pull/31';
      const result = await runCli(['review', url, '--connector', 'local ollama'], env);
      expect(result.code).toBe(0);
      const id = Number(/^Review (\d+) queued/.exec(result.stdout)?.[1]);
      expect(await reviewOf(id)).toMatchObject({
        prMrUrl: url,
        status: 'queued',
        triggerType: 'manual',
        connector: { name: 'Local Ollama' },
      });
    });

    it('--org acts in another of the user’s orgs (X-Org-Context); without it, that org’s review is not found', async () => {
      const otherOrg = cast.stranger.orgId;
      const review = await makeReview(server.database.db, otherOrg, { status: 'failed', title: 'Elsewhere' });
      const without = await runCli(['logs', String(review)], env);
      expect(without).toMatchObject({ code: 1, stderr: `reviewtrace: review ${review} not found\n` });
      await grantRole(server.database.db, cast.member.id, otherOrg, 'member');
      const listed = await runCli(['list', '--json', '--org', String(otherOrg)], env);
      expect((JSON.parse(listed.stdout) as { id: number }[]).map((item) => item.id)).toContain(review);
    });

    it('review with an unknown connector names the ones that exist, and creates nothing', async () => {
      const before = await runCli(['list', '--json'], env);
      const result = await runCli(['review', 'https://github.com/acme/app/pull/32', '--connector', 'Nope'], env);
      expect(result).toMatchObject({
        code: 1,
        stderr: 'reviewtrace: no connector named "Nope" in this org; connectors: Local Ollama\n',
      });
      expect((await runCli(['list', '--json'], env)).stdout).toBe(before.stdout);
    });
  },
);
