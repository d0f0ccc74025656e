import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engine-failure.ts';
import { asGitHubFile, numberedChanges } from '../../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubPull } from '../../testing/fake-git/fake-github.ts';
import { startFakeHttpServer } from '../../testing/fake-git/fake-http-server.ts';
import { fetchPullRequest } from './fetch-pull-request.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';

/** The fake hosts listen on loopback: the embedded default policy. */
const outbound = OutboundPolicy.open();
import type { GitToken, PullRequestRef } from './git-types.ts';

const pull: FakeGitHubPull = {
  owner: 'acme',
  repo: 'checkout-service',
  number: 42,
  title: 'Add idempotency keys to payment webhooks',
  author: { login: 'mhopper', name: 'Mara Hopper' },
  headRef: 'feature/idempotency',
  headSha: 'a'.repeat(40),
  files: numberedChanges(250).map(asGitHubFile),
};

const ref: PullRequestRef = { provider: 'github', repository: 'acme/checkout-service', number: 42, host: 'github.com' };
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fakeGitHub(
  pulls: FakeGitHubPull[],
  options: { pathPrefix?: string; rateLimitResetAt?: number } = {},
): Promise<FakeGitHub> {
  const server = await startFakeGitHub({ token: 'ghp_valid', pulls, ...options });
  servers.push(server);
  return server;
}

const tokenFor = (server: FakeGitHub, token = 'ghp_valid'): GitToken => ({
  provider: 'github',
  providerUrl: server.apiUrl,
  token,
});

describe('fetchPullRequest from GitHub', () => {
  it('reads the pull request and all 250 files over 3 pages of 100', async () => {
    const server = await fakeGitHub([pull]);
    const change = await fetchPullRequest(ref, tokenFor(server), { outbound });
    expect(change).toMatchObject({
      title: 'Add idempotency keys to payment webhooks',
      authorName: 'Mara Hopper',
      authorUsername: 'mhopper',
      branch: 'feature/idempotency',
      commitHash: 'a'.repeat(40),
      webUrl: `${server.origin}/acme/checkout-service/pull/42`,
    });
    expect(change.files).toHaveLength(250);
    expect(change.files.map((file) => file.path).slice(0, 2)).toEqual(['src/module-001.ts', 'src/module-002.ts']);
    expect(change.files[249]).toMatchObject({ path: 'src/module-250.ts', status: 'modified', binary: false });
    expect(change.files[0]!.patch).toBe(
      [
        'diff --git a/src/module-001.ts b/src/module-001.ts',
        '--- a/src/module-001.ts',
        '+++ b/src/module-001.ts',
        '@@ -1,3 +1,3 @@ export const module001 = {',
        " export const id = '001';",
        '-export const limit = 10;',
        '+export const limit = 11;',
        ' export default id;',
        '',
      ].join('\n'),
    );
    const filePages = server.requests.filter((request) => request.rawPath.endsWith('/files'));
    expect(filePages.map((request) => [request.query.get('per_page'), request.query.get('page') ?? '1'])).toEqual([
      ['100', '1'],
      ['100', '2'],
      ['100', '3'],
    ]);
    expect(server.requests[0]!.headers['authorization']).toMatch(/ghp_valid$/);
  });

  it('maps added, removed, renamed, binary and too-large files', async () => {
    const files: FakeGitHubPull['files'] = [
      { filename: 'src/new.ts', status: 'added', additions: 1, deletions: 0, changes: 1, patch: '@@ -0,0 +1 @@\n+x' },
      { filename: 'src/old.ts', status: 'removed', additions: 0, deletions: 1, changes: 1, patch: '@@ -1 +0,0 @@\n-x' },
      {
        filename: 'src/moved.ts',
        previous_filename: 'src/before.ts',
        status: 'renamed',
        additions: 0,
        deletions: 0,
        changes: 0,
      },
      { filename: 'assets/logo.png', status: 'modified', additions: 0, deletions: 0, changes: 0 },
      { filename: 'data/huge.json', status: 'modified', additions: 90000, deletions: 0, changes: 90000 },
    ];
    const server = await fakeGitHub([{ ...pull, files }]);
    const change = await fetchPullRequest(ref, tokenFor(server), { outbound });
    expect(change.files).toEqual([
      {
        path: 'src/new.ts',
        previousPath: undefined,
        status: 'added',
        binary: false,
        patch: 'diff --git a/src/new.ts b/src/new.ts\n--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1 @@\n+x\n',
      },
      {
        path: 'src/old.ts',
        previousPath: undefined,
        status: 'removed',
        binary: false,
        patch: 'diff --git a/src/old.ts b/src/old.ts\n--- a/src/old.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n',
      },
      {
        path: 'src/moved.ts',
        previousPath: 'src/before.ts',
        status: 'renamed',
        binary: false,
        patch: 'diff --git a/src/before.ts b/src/moved.ts\nrename from src/before.ts\nrename to src/moved.ts\n',
      },
      { path: 'assets/logo.png', previousPath: undefined, status: 'modified', binary: true, patch: '' },
      {
        path: 'data/huge.json',
        previousPath: undefined,
        status: 'modified',
        binary: false,
        patch: '',
        patchTooLarge: true,
        lineCounts: { additions: 90000, deletions: 0 },
      },
    ]);
  });

  it('talks to GitHub Enterprise under /api/v3', async () => {
    const server = await fakeGitHub([pull], { pathPrefix: '/api/v3' });
    const change = await fetchPullRequest({ ...ref, host: 'ghe.corp' }, tokenFor(server), { outbound });
    expect(change.files).toHaveLength(250);
    expect(server.requests.every((request) => request.rawPath.startsWith('/api/v3/'))).toBe(true);
  });

  it('reports a rejected token (401) as git_provider with a tip to rotate it', async () => {
    const server = await fakeGitHub([pull]);
    const error = await failureOf(fetchPullRequest(ref, tokenFor(server, 'ghp_revoked'), { outbound }));
    expect(error).toMatchObject({ category: 'git_provider', httpStatus: 401 });
    expect(error.message).toBe('Token rejected by GitHub on github.com (401) — rotate it in Settings → Git tokens');
  });

  it('reports a missing pull request (404) as not found or not visible to the token', async () => {
    const server = await fakeGitHub([pull]);
    const error = await failureOf(fetchPullRequest({ ...ref, number: 43 }, tokenFor(server), { outbound }));
    expect(error).toMatchObject({ category: 'git_provider', httpStatus: 404 });
    expect(error.message).toContain(
      'acme/checkout-service#43 not found on github.com (404), or the token cannot see it',
    );
    expect(error.message).toContain('scopes');
  });

  it('reports the rate limit (403, remaining 0) with when to retry', async () => {
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    const server = await fakeGitHub([pull], { rateLimitResetAt: inAnHour });
    const error = await failureOf(fetchPullRequest(ref, tokenFor(server), { outbound }));
    expect(error).toMatchObject({ category: 'git_provider', httpStatus: 403 });
    expect(error.message).toBe(
      'GitHub rate limit reached on github.com (403) while reading acme/checkout-service#42; retry later',
    );
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it('reports a missing token and an unreachable server as git_provider', async () => {
    const missing = await failureOf(fetchPullRequest(ref, undefined, { outbound }));
    expect(missing).toMatchObject({ category: 'git_provider', httpStatus: undefined });
    expect(missing.message).toBe('No GitHub token for github.com — add one in Settings → Git tokens');

    const closed = await startFakeHttpServer(() => ({ status: 200, body: {} }));
    await closed.close();
    const unreachable = await failureOf(
      fetchPullRequest(ref, { provider: 'github', providerUrl: closed.origin, token: 'ghp_valid' }, { outbound }),
    );
    expect(unreachable).toMatchObject({ category: 'git_provider', httpStatus: undefined });
    expect(unreachable.message).toContain(`Could not reach GitHub at ${closed.origin}`);
  });

  it('reports an aborted request as canceled', async () => {
    const server = await fakeGitHub([pull]);
    const error = await failureOf(fetchPullRequest(ref, tokenFor(server), { outbound, signal: AbortSignal.abort() }));
    expect(error.category).toBe('canceled');
  });
});
