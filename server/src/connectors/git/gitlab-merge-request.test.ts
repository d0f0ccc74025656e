import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engine-failure.ts';
import { asGitLabDiff, numberedChanges } from '../../testing/fake-git/fake-changes.ts';
import { startFakeGitLab, type FakeGitLabMergeRequest } from '../../testing/fake-git/fake-gitlab.ts';
import type { FakeHttpServer } from '../../testing/fake-git/fake-http-server.ts';
import { fetchPullRequest } from './fetch-pull-request.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';

/** The fake hosts listen on loopback: the embedded default policy. */
const outbound = OutboundPolicy.open();
import type { GitToken, PullRequestRef } from './git-types.ts';

const mergeRequest: FakeGitLabMergeRequest = {
  project: 'platform/backend/inventory-api',
  iid: 305,
  title: 'Speed up inventory sync with COPY',
  author: { username: 'jdoe', name: 'Jane Doe' },
  sourceBranch: 'perf/copy-sync',
  sha: 'c'.repeat(40),
  diffs: numberedChanges(250).map(asGitLabDiff),
};

const ref: PullRequestRef = {
  provider: 'gitlab',
  repository: 'platform/backend/inventory-api',
  number: 305,
  host: 'gitlab.acme.dev',
};
const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fakeGitLab(mergeRequests: FakeGitLabMergeRequest[], legacy = false): Promise<FakeHttpServer> {
  const server = await startFakeGitLab({ token: 'glpat-valid', mergeRequests, legacy });
  servers.push(server);
  return server;
}

const tokenFor = (server: FakeHttpServer, token = 'glpat-valid', suffix = ''): GitToken => ({
  provider: 'gitlab',
  providerUrl: `${server.origin}${suffix}`,
  token,
});

const diffPages = (server: FakeHttpServer) =>
  server.requests
    .filter((request) => request.rawPath.endsWith('/diffs'))
    .map((request) => [request.query.get('per_page'), request.query.get('page') ?? '1']);

describe('fetchPullRequest from GitLab', () => {
  it('reads the merge request and all 250 diffs over 3 pages of 100', async () => {
    const server = await fakeGitLab([mergeRequest]);
    const change = await fetchPullRequest(ref, tokenFor(server), { outbound });
    expect(change).toMatchObject({
      title: 'Speed up inventory sync with COPY',
      authorName: 'Jane Doe',
      authorUsername: 'jdoe',
      branch: 'perf/copy-sync',
      commitHash: 'c'.repeat(40),
      webUrl: `${server.origin}/platform/backend/inventory-api/-/merge_requests/305`,
    });
    expect(change.files).toHaveLength(250);
    expect(change.files[0]!.patch).toMatch(
      /^diff --git a\/src\/module-001.ts b\/src\/module-001.ts\n--- a\/src\/module-001.ts\n\+\+\+ b\/src\/module-001.ts\n@@ -1,3 \+1,3 @@/,
    );
    expect(change.files[249]).toMatchObject({ path: 'src/module-250.ts', status: 'modified', binary: false });
    expect(diffPages(server)).toEqual([
      ['100', '1'],
      ['100', '2'],
      ['100', '3'],
    ]);
    expect(server.requests[0]!.rawPath).toBe('/api/v4/projects/platform%2Fbackend%2Finventory-api/merge_requests/305');
  });

  it('maps new, deleted, renamed, binary, too-large and mode-only changes', async () => {
    const base = { a_mode: '100644', b_mode: '100644', new_file: false, renamed_file: false, deleted_file: false };
    const diffs: FakeGitLabMergeRequest['diffs'] = [
      {
        ...base,
        old_path: 'src/new.ts',
        new_path: 'src/new.ts',
        a_mode: '0',
        new_file: true,
        diff: '@@ -0,0 +1 @@\n+x\n',
      },
      {
        ...base,
        old_path: 'src/old.ts',
        new_path: 'src/old.ts',
        b_mode: '0',
        deleted_file: true,
        diff: '@@ -1 +0,0 @@\n-x\n',
      },
      { ...base, old_path: 'src/before.ts', new_path: 'src/moved.ts', renamed_file: true, diff: '' },
      { ...base, old_path: 'logo.png', new_path: 'logo.png', diff: 'Binary files a/logo.png and b/logo.png differ\n' },
      { ...base, old_path: 'huge.sql', new_path: 'huge.sql', diff: '', too_large: true },
      { ...base, old_path: 'run.sh', new_path: 'run.sh', b_mode: '100755', diff: '' },
    ];
    const server = await fakeGitLab([{ ...mergeRequest, diffs }]);
    const change = await fetchPullRequest(ref, tokenFor(server), { outbound });
    expect(change.files).toEqual([
      {
        path: 'src/new.ts',
        previousPath: undefined,
        status: 'added',
        binary: false,
        patch:
          'diff --git a/src/new.ts b/src/new.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1 @@\n+x\n',
      },
      {
        path: 'src/old.ts',
        previousPath: undefined,
        status: 'removed',
        binary: false,
        patch:
          'diff --git a/src/old.ts b/src/old.ts\ndeleted file mode 100644\n--- a/src/old.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n',
      },
      {
        path: 'src/moved.ts',
        previousPath: 'src/before.ts',
        status: 'renamed',
        binary: false,
        patch: 'diff --git a/src/before.ts b/src/moved.ts\nrename from src/before.ts\nrename to src/moved.ts\n',
      },
      { path: 'logo.png', previousPath: undefined, status: 'modified', binary: true, patch: '' },
      { path: 'huge.sql', previousPath: undefined, status: 'modified', binary: false, patch: '', patchTooLarge: true },
      {
        path: 'run.sh',
        previousPath: undefined,
        status: 'modified',
        binary: false,
        patch: 'diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n',
      },
    ]);
  });

  it('falls back to /changes on GitLab before 15.7, and accepts a providerUrl ending in /api/v4', async () => {
    const server = await fakeGitLab([mergeRequest], true);
    const change = await fetchPullRequest(ref, tokenFor(server, 'glpat-valid', '/api/v4/'), { outbound });
    expect(change.files).toHaveLength(250);
    expect(server.requests.map((request) => request.rawPath.split('/').pop())).toEqual(['305', 'diffs', 'changes']);
  });

  it('reports a rejected token (401) as git_provider with a tip to rotate it', async () => {
    const server = await fakeGitLab([mergeRequest]);
    const error = await failureOf(fetchPullRequest(ref, tokenFor(server, 'glpat-revoked'), { outbound }));
    expect(error).toMatchObject({ category: 'git_provider', httpStatus: 401 });
    expect(error.message).toBe(
      'Token rejected by GitLab on gitlab.acme.dev (401) — rotate it in Settings → Git tokens',
    );
  });

  it('reports an unknown project or merge request (404) as not found or not visible to the token', async () => {
    const server = await fakeGitLab([mergeRequest]);
    for (const missing of [
      { ...ref, number: 306 },
      { ...ref, repository: 'platform/secret' },
    ]) {
      const error = await failureOf(fetchPullRequest(missing, tokenFor(server), { outbound }));
      expect(error).toMatchObject({ category: 'git_provider', httpStatus: 404 });
      expect(error.message).toContain(`${missing.repository}!${missing.number} not found on gitlab.acme.dev (404)`);
      expect(error.message).toContain('the token cannot see it (scopes: the token needs the `read_api` scope');
    }
  });

  it('reports an aborted request as canceled', async () => {
    const server = await fakeGitLab([mergeRequest]);
    const error = await failureOf(fetchPullRequest(ref, tokenFor(server), { outbound, signal: AbortSignal.abort() }));
    expect(error.category).toBe('canceled');
  });
});
