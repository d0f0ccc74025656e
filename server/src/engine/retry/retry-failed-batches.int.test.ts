import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewDetail, ReviewSummary, SummaryDownload } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../../testing/engine-harness.ts';
import { testDatabaseKind } from '../../testing/test-database.ts';
import { addedFileDiff, importsOnlyDiff, threeBatchDiff } from '../../testing/outcome-diffs.ts';
import { simulatorBaseUrl } from '../../demo/ai-simulator/scenarios.ts';
import { diffFilesOf } from '../../demo/ai-simulator/prompt-diff.ts';
import { makeOrg, makeUser } from '../../testing/factories.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubPull } from '../../testing/fake-git/fake-github.ts';

const TOKEN = 'ghp_partialRetryToken000000000000000001';
const OLD_HEAD = 'a1'.repeat(20);
const NEW_HEAD = 'b2'.repeat(20);

/** The files a model was asked about since request `from` of the simulator. */
const promptedFiles = (h: EngineHarness, from: number) =>
  h.simulator.requests
    .slice(from)
    .filter((r) => r.kind === 'generate' && r.prompt)
    .flatMap((r) => diffFilesOf(r.prompt!).map((f) => f.path));

/** GitHub's file entry for one of the test's added files (its patch: the diff from the first hunk on). */
const githubFile = (path: string) => {
  const diff = addedFileDiff(path, 12);
  return {
    filename: path,
    status: 'added' as const,
    additions: 12,
    deletions: 0,
    changes: 12,
    patch: diff.slice(diff.indexOf('@@')).trimEnd(),
  };
};

describe(`retrying only the failed batches on ${testDatabaseKind}`, { timeout: 90_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;
  const pull: FakeGitHubPull = {
    owner: 'acme',
    repo: 'shop',
    number: 9,
    title: 'Three modules',
    author: { login: 'lee', name: 'Lee' },
    headRef: 'lee/modules',
    headSha: OLD_HEAD,
    files: ['src/alpha.ts', 'src/bravo.ts', 'src/charlie.ts'].map(githubFile),
  };

  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine({ batchTokenBudget: 200 });
    github = await startFakeGitHub({ token: TOKEN, pulls: [pull] });
    await h.api('POST', '/integration-tokens', {
      provider: 'github',
      name: 'Bot',
      providerUrl: github.origin,
      token: TOKEN,
    });
  });
  afterAll(async () => {
    await h.close();
    await github.close();
  });

  /** A connector whose model cannot answer for bravo.ts, and a way to heal it. */
  const flakyConnector = async () => {
    const id = await h.connector('openai', 'healthy', { garbageFor: 'bravo' });
    const heal = () =>
      h.api('PATCH', `/connectors/${id}`, { baseUrl: simulatorBaseUrl(h.simulator.url, 'openai', 'healthy') });
    return { id, heal };
  };
  const create = async (body: object) => {
    const created = await h.api('POST', '/reviews', body);
    expect(created.status).toBe(201);
    return h.finished((created.json as ReviewSummary).id);
  };
  const retry = (id: number, body?: unknown) => h.api('POST', `/reviews/${id}/retry`, body);
  const commentsOf = async (id: number) =>
    ((await h.api('GET', `/reviews/${id}/summary?format=json`)).json as SummaryDownload).comments;

  it('re-runs only the failed batch, carries the rest over with their comments, and folds the outcome over both', async () => {
    const connector = await flakyConnector();
    const original = await create({ diff: threeBatchDiff, title: 'Modules', connectorId: connector.id });
    expect(original).toMatchObject({ outcome: 'partial', failedBatches: ['batch-2'] });
    const originalComments = await commentsOf(original.id);
    expect(originalComments.length).toBeGreaterThan(0);
    await connector.heal();

    const from = h.simulator.requests.length;
    const response = await retry(original.id, { only: 'failed_batches' });
    expect(response.status).toBe(202);
    const queued = (response.json as { review: ReviewSummary }).review;
    expect(queued).toMatchObject({ retryOf: original.id, triggerType: 'retry' });
    const detail = await h.finished(queued.id);

    expect(promptedFiles(h, from)).toEqual(['src/bravo.ts']);
    expect(detail.batches.map((b) => [b.batchId, b.status, b.carriedFrom])).toEqual([
      ['batch-1', 'success', original.id],
      ['batch-3', 'success', original.id],
      ['batch-4', 'success', undefined],
    ]);
    expect(detail).toMatchObject({ status: 'success', outcome: 'findings' });
    expect(detail.result?.summary).toContain(`Carried over from #${original.id}: Batch 1 and Batch 3`);

    const comments = await commentsOf(detail.id);
    const carried = comments.filter((c) => c.carriedFrom === original.id);
    expect(carried.map((c) => [c.filePath, c.lineNumber, c.content]).sort()).toEqual(
      originalComments.map((c) => [c.filePath, c.lineNumber, c.content]).sort(),
    );
    expect(comments.filter((c) => c.carriedFrom === undefined).map((c) => c.filePath)).toContain('src/bravo.ts');
    expect(detail.commentCount).toBe(comments.length);
  });

  it('refuses what it cannot do: an unknown `only` is a 400, a review that is not partial a 409', async () => {
    const unknown = await retry(1, { only: 'everything' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: 'bad_request' } });

    const clean = await create({ diff: importsOnlyDiff, title: 'Clean', connectorId: await h.connector('openai') });
    expect(clean.outcome).toBe('clean');
    const notPartial = await retry(clean.id, { only: 'failed_batches' });
    expect(notPartial.status).toBe(409);
    expect(notPartial.json).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining("only a partial review's failed batches") },
    });
  });

  it('answers 404 for a review of another org', async () => {
    const connector = await flakyConnector();
    const original = await create({ diff: threeBatchDiff, title: 'Modules', connectorId: connector.id });
    const otherOrg = await makeOrg(h.database.db);
    const outsider = await makeUser(h.database.db, otherOrg, 'owner');
    const response = await fetch(`${h.baseUrl}/reviews/${original.id}/retry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${outsider.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ only: 'failed_batches' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('re-runs only the failed files of a pull request whose head did not move', async () => {
    const connector = await flakyConnector();
    const prMrUrl = `${github.origin}/acme/shop/pull/9`;
    const original = await create({ prMrUrl, connectorId: connector.id });
    expect(original).toMatchObject({ outcome: 'partial', failedBatches: ['batch-2'] });
    await connector.heal();
    const from = h.simulator.requests.length;
    const queued = (await retry(original.id, { only: 'failed_batches' })).json as { review: ReviewSummary };
    const detail = await h.finished(queued.review.id);
    expect(promptedFiles(h, from)).toEqual(['src/bravo.ts']);
    expect(detail.batches.filter((b) => b.carriedFrom === original.id)).toHaveLength(2);
    expect(detail.outcome).toBe('findings');
  });

  it('reviews the whole change and carries nothing over once the pull request moved on, and says so', async () => {
    const connector = await flakyConnector();
    const prMrUrl = `${github.origin}/acme/shop/pull/9`;
    pull.headSha = OLD_HEAD;
    const original = await create({ prMrUrl, connectorId: connector.id });
    expect(original.outcome).toBe('partial');
    await connector.heal();
    pull.headSha = NEW_HEAD;
    const from = h.simulator.requests.length;
    const queued = (await retry(original.id, { only: 'failed_batches' })).json as { review: ReviewSummary };
    const detail: ReviewDetail = await h.finished(queued.review.id);
    expect(promptedFiles(h, from).sort()).toEqual(['src/alpha.ts', 'src/bravo.ts', 'src/charlie.ts']);
    expect(detail.batches.some((b) => b.carriedFrom !== undefined)).toBe(false);
    const logs = (await h.api('GET', `/reviews/${detail.id}/events?type=log&limit=1000`)).json as EventsPage;
    expect(logs.events.map((e) => e.data['message'])).toContainEqual(
      expect.stringMatching(/^The pull request moved on since #\d+ \(a1a1a1a → b2b2b2b\).*carries nothing over$/),
    );
    expect((await commentsOf(detail.id)).every((c) => c.carriedFrom === undefined)).toBe(true);
  });
});
