import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, asGitLabDiff, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub } from '../testing/fake-git/fake-github.ts';
import { startFakeGitLab } from '../testing/fake-git/fake-gitlab.ts';
import type { FakeHttpServer } from '../testing/fake-git/fake-http-server.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`reviewing pull and merge requests from git providers on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;
  let gitlab: FakeHttpServer;
  let connectorId: number;

  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine();
    github = await startFakeGitHub({
      token: 'ghp_enterpriseTokenValue000000000001',
      pathPrefix: '/api/v3',
      pulls: [
        {
          owner: 'acme',
          repo: 'web',
          number: 7,
          title: 'Raise module limits',
          author: { login: 'praman', name: 'Priya Raman' },
          headRef: 'praman/limits',
          headSha: 'abc1234def',
          files: numberedChanges(120).map(asGitHubFile),
        },
      ],
    });
    gitlab = await startFakeGitLab({
      token: 'glpat-selfhostedtoken0000001',
      mergeRequests: [
        {
          project: 'platform/backend/inventory',
          iid: 12,
          title: 'Tune limits',
          author: { username: 'jbecker', name: 'Jonas Becker' },
          sourceBranch: 'jb/tune',
          sha: 'fed987',
          diffs: numberedChanges(45).map(asGitLabDiff),
        },
      ],
    });
    await h.api('POST', '/integration-tokens', {
      provider: 'github',
      name: 'GHE',
      providerUrl: github.apiUrl,
      token: 'ghp_enterpriseTokenValue000000000001',
    });
    await h.api('POST', '/integration-tokens', {
      provider: 'gitlab',
      name: 'GitLab',
      providerUrl: gitlab.origin,
      token: 'glpat-selfhostedtoken0000001',
    });
    connectorId = await h.connector('openai');
  });
  afterAll(async () => {
    await h.close();
    await github.close();
    await gitlab.close();
  });

  const create = async (prMrUrl: string) => {
    const response = await h.api('POST', '/reviews', { prMrUrl, connectorId });
    expect(response.status).toBe(201);
    return (response.json as ReviewSummary).id;
  };

  it('reviews a GitHub Enterprise pull request, reading every page of its files', async () => {
    const id = await create(`${github.origin}/acme/web/pull/7`);
    const detail = await h.finished(id);
    expect(detail).toMatchObject({
      status: 'success',
      title: 'Raise module limits',
      branch: 'praman/limits',
      repository: 'acme/web',
    });
    const filePages = github.requests.filter((r) => r.rawPath.endsWith('/pulls/7/files'));
    expect(filePages.length).toBeGreaterThanOrEqual(2);
    const row = await h.database.db
      .selectFrom('reviews')
      .select(['author_username', 'commit_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ author_username: 'praman', commit_hash: 'abc1234def' });
    expect(detail.batches.length).toBeGreaterThan(1);
  });

  it('reviews a self-hosted GitLab merge request', async () => {
    const id = await create(`${gitlab.origin}/platform/backend/inventory/-/merge_requests/12`);
    const detail = await h.finished(id);
    expect(detail).toMatchObject({ status: 'success', title: 'Tune limits', gitProvider: 'gitlab' });
  });

  it('posts the result back to the pull and merge request when the connector says so', async () => {
    const posting = await h.connector('ollama');
    expect((await h.api('PATCH', `/connectors/${posting}`, { postComments: true })).json).toMatchObject({
      postComments: true,
    });
    const pr = await h.api('POST', '/reviews', { prMrUrl: `${github.origin}/acme/web/pull/7`, connectorId: posting });
    const prDetail = await h.finished((pr.json as ReviewSummary).id);
    expect(prDetail.result?.commentsUrl).toMatch(
      new RegExp(`^${github.origin}/acme/web/pull/7#pullrequestreview-\\d+$`),
    );
    expect(github.posted.reviews).toHaveLength(1);
    expect(github.posted.reviews[0]!.body).toContain('### AI review (Reviewtrace)');
    expect(github.posted.reviews[0]!.commit_id).toBe('abc1234def');

    const mr = await h.api('POST', '/reviews', {
      prMrUrl: `${gitlab.origin}/platform/backend/inventory/-/merge_requests/12`,
      connectorId: posting,
    });
    const mrDetail = await h.finished((mr.json as ReviewSummary).id);
    expect(mrDetail.result?.commentsUrl).toBe(
      `${gitlab.origin}/platform/backend/inventory/-/merge_requests/12#note_4242`,
    );
  });

  it('does not post back by default', async () => {
    const before = github.requests.filter((r) => r.method === 'POST').length;
    const id = await create(`${github.origin}/acme/web/pull/7`);
    const detail = await h.finished(id);
    expect(detail.result?.commentsUrl).toBeNull();
    expect(github.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('fails a review of a PR the provider does not know, with the git_provider tip', async () => {
    const id = await create(`${github.origin}/acme/web/pull/999`);
    const detail = await h.finished(id);
    expect(detail).toMatchObject({ status: 'failed', errorCategory: 'git_provider' });
    expect(detail.errorSummary).toMatch(/404/);
    expect(detail.result?.tips[0]?.code).toBe('git_provider');
  });

  it('fails with git_provider when the stored token is rejected', async () => {
    const rejected = await startFakeGitHub({ token: 'ghp_somethingElseEntirely00000000001', pulls: [] });
    await h.api('POST', '/integration-tokens', {
      provider: 'github',
      name: 'stale',
      providerUrl: rejected.apiUrl,
      token: 'ghp_staleTokenValue00000000000000001',
    });
    try {
      const id = await create(`${rejected.origin}/acme/web/pull/1`);
      const detail = await h.finished(id);
      expect(detail).toMatchObject({ status: 'failed', errorCategory: 'git_provider' });
      expect(detail.errorSummary).toMatch(/401|rejected/i);
    } finally {
      await rejected.close();
    }
  });
});

describe(`POST /connectors/{id}/test on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness();
  });
  afterAll(() => h.close());

  it('reports a healthy connector, a rejected key and an unreachable server', async () => {
    const healthy = await h.api('POST', `/connectors/${await h.connector('ollama')}/test`);
    expect(healthy).toMatchObject({ status: 200 });
    expect(healthy.json).toMatchObject({ ok: true });
    const rejected = await h.api('POST', `/connectors/${await h.connector('openai', 'invalid-key')}/test`);
    expect(rejected.json).toMatchObject({ ok: false, category: 'auth' });
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const created = await h.api('POST', '/connectors', {
      providerType: 'gemini',
      name: 'Nowhere',
      baseUrl: `http://127.0.0.1:${closedPort}`,
      apiKey: 'AIzaSyNothingHereNothingHere0000000000',
      model: 'gemini-2.0-flash',
    });
    const unreachable = await h.api('POST', `/connectors/${(created.json as { id: number }).id}/test`);
    expect(unreachable.json).toMatchObject({ ok: false, category: 'network' });
  });
});
