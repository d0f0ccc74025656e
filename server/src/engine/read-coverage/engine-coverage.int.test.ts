import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactList, ReviewDetail, ReviewSummary } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../../testing/engine-harness.ts';
import { testDatabaseKind } from '../../testing/test-database.ts';
import { startFakeGitHub, type FakeGitHub } from '../../testing/fake-git/fake-github.ts';
import { asGitHubFile, numberedChanges } from '../../testing/fake-git/fake-changes.ts';
import { makeOrg, makeReview, makeUser } from '../../testing/factories.ts';
import {
  binaryFile,
  bulkyFile,
  deletedFile,
  generatedFile,
  lockFile,
  smallFile,
  vendoredFile,
} from '../../testing/coverage-diffs.ts';
import { saveFileCoverage } from './coverage.repository.ts';
import { summarizeCoverage } from './coverage-summary.ts';

const GITHUB_TOKEN = 'ghp_coverageTestToken00000000000000001';

describe(`what a review read of its change, on ${testDatabaseKind}`, { timeout: 90_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;
  let connectorId: number;

  beforeAll(async () => {
    h = await startEngineHarness();
    // 2,000-token batches, at most 4 of them per review: enough to split a file, little enough to run out.
    h.startEngine({ maxBatchesPerReview: 4 });
    github = await startFakeGitHub({
      token: GITHUB_TOKEN,
      pulls: [
        {
          owner: 'acme',
          repo: 'web',
          number: 9,
          title: 'Refresh fixtures',
          author: { login: 'praman', name: 'Priya Raman' },
          headRef: 'praman/fixtures',
          headSha: 'abc1234def',
          files: [
            asGitHubFile(numberedChanges(1)[0]!),
            // GitHub sends no patch for a diff too large to show, only its line counts.
            { filename: 'data/huge.json', status: 'modified', additions: 90000, deletions: 10, changes: 90010 },
          ],
        },
      ],
    });
    await h.api('POST', '/integration-tokens', {
      provider: 'github',
      name: 'GitHub',
      providerUrl: github.apiUrl,
      token: GITHUB_TOKEN,
    });
    connectorId = await h.connector('openai');
  });
  afterAll(async () => {
    await h.close();
    await github.close();
  });

  const reviewOf = async (diff: string) => {
    const response = await h.api('POST', '/reviews', { diff, title: 'Coverage', connectorId });
    expect(response.status).toBe(201);
    return h.finished((response.json as ReviewSummary).id);
  };

  it('records each file as reviewed, split or skipped with its reason, and the lines read', async () => {
    const review = await reviewOf(
      [
        smallFile('src/cart.ts'),
        bulkyFile('src/big.ts', 2, 90),
        binaryFile('assets/logo.png'),
        lockFile('package-lock.json'),
        generatedFile('src/schema.ts'),
        vendoredFile('vendor/left-pad/index.js'),
        deletedFile('src/legacy.ts'),
      ].join(''),
    );
    expect(review.status).toBe('success');
    const coverage = review.coverage!;
    expect(coverage.files).toEqual([
      { path: 'src/cart.ts', status: 'reviewed', batchId: 'batch-1', additions: 3, deletions: 1 },
      { path: 'src/big.ts', status: 'split', batchId: 'batch-1', pieces: 2, additions: 180, deletions: 0 },
      {
        path: 'assets/logo.png',
        status: 'skipped',
        reason: 'binary',
        detail: expect.any(String),
        additions: 0,
        deletions: 0,
      },
      {
        path: 'package-lock.json',
        status: 'skipped',
        reason: 'lockfile',
        detail: 'dependency lock file',
        additions: 1,
        deletions: 1,
      },
      {
        path: 'src/schema.ts',
        status: 'skipped',
        reason: 'generated',
        detail: expect.any(String),
        additions: 1,
        deletions: 1,
      },
      {
        path: 'vendor/left-pad/index.js',
        status: 'skipped',
        reason: 'vendored',
        detail: 'vendored code (vendor/)',
        additions: 1,
        deletions: 1,
      },
      {
        path: 'src/legacy.ts',
        status: 'skipped',
        reason: 'deleted',
        detail: expect.any(String),
        additions: 0,
        deletions: 2,
      },
    ]);
    expect(coverage).toMatchObject({
      filesTotal: 7,
      filesReviewed: 2,
      filesSkipped: 5,
      filesClipped: 0,
      linesReviewed: 184,
      linesTotal: 192,
      // An uploaded diff has no commits: the issue-14 fields stay empty.
      headSha: null,
      sinceSha: null,
    });
    expect(coverage.filesOmitted).toBeUndefined();
    // The split file's pieces went to more than one batch.
    expect(review.batches.length).toBeGreaterThan(1);
    // Most of the change was read: no note.
    expect(review.result?.summary).not.toContain('Most of this change was not read');
  });

  it('clips a file the batch limit cut through, names its left-out hunks, and skips the rest as over budget', async () => {
    // Each bulky hunk fills a batch of its own: batches 1-3 take the first three files, batch 4 the
    // first hunk of the fourth; its second hunk and the fifth file are beyond the limit of 4.
    const review = await reviewOf(
      [
        bulkyFile('src/a.ts', 1, 90),
        bulkyFile('src/b.ts', 1, 90),
        bulkyFile('src/c.ts', 1, 90),
        bulkyFile('src/d.ts', 2, 90),
        bulkyFile('src/e.ts', 2, 90),
      ].join(''),
    );
    expect(review.status).toBe('success');
    expect(review.batches).toHaveLength(4);
    const byPath = Object.fromEntries(review.coverage!.files!.map((file) => [file.path, file]));
    expect(byPath['src/c.ts']).toMatchObject({ status: 'reviewed', batchId: 'batch-3' });
    expect(byPath['src/d.ts']).toEqual({
      path: 'src/d.ts',
      status: 'clipped',
      batchId: 'batch-4',
      pieces: 2,
      clippedHunks: ['@@ -1001,1 +1001,91 @@ function block1() {'],
      additions: 180,
      deletions: 0,
    });
    expect(byPath['src/e.ts']).toMatchObject({ status: 'skipped', reason: 'over budget', additions: 180 });
    expect(review.coverage).toMatchObject({
      filesTotal: 5,
      filesReviewed: 3,
      filesClipped: 1,
      filesSkipped: 1,
      linesReviewed: 360,
      linesTotal: 630,
    });
  });

  it('says so in the summary when most of the change went unread', async () => {
    const review = await reviewOf(
      [smallFile('src/cart.ts'), ...Array.from({ length: 10 }, (_, i) => bulkyFile(`src/part-${i}.ts`, 1, 90))].join(
        '',
      ),
    );
    expect(review.status).toBe('success');
    expect(review.coverage).toMatchObject({ linesReviewed: 4 + 4 * 90, linesTotal: 4 + 10 * 90 });
    expect(review.coverage!.linesReviewed! * 2).toBeLessThan(review.coverage!.linesTotal!);
    expect(review.result?.summary).toContain(
      '> Most of this change was not read: 364 of 904 changed lines in 5 of 11 files (6 skipped).',
    );
  });

  it('reports a file the git provider sent no diff for as too large, and says on the PR how little was read', async () => {
    // A connector that answers on the pull request: comments and the commit status.
    const postingConnectorId = await h.connector('openai');
    expect((await h.api('PATCH', `/connectors/${postingConnectorId}`, { postComments: true })).status).toBe(200);
    const response = await h.api('POST', '/reviews', {
      prMrUrl: `${github.origin}/acme/web/pull/9`,
      connectorId: postingConnectorId,
    });
    const review = await h.finished((response.json as ReviewSummary).id);
    expect(review.status).toBe('success');
    expect(review.coverage?.files).toEqual([
      { path: 'src/module-001.ts', status: 'reviewed', batchId: 'batch-1', additions: 1, deletions: 1 },
      {
        path: 'data/huge.json',
        status: 'skipped',
        reason: 'too large',
        detail: expect.any(String),
        additions: 90000,
        deletions: 10,
      },
    ]);
    expect(review.coverage).toMatchObject({ headSha: 'abc1234def', linesReviewed: 2, linesTotal: 90012 });
    expect(review.result?.summary).toContain('> Most of this change was not read: 2 of 90,012 changed lines');
    const final = github.statuses.filter((status) => status.sha === 'abc1234def').at(-1);
    expect(final).toMatchObject({ state: 'success' });
    expect(final?.description).toMatch(/^(No comments|1 comment|\d+ comments); read only 2 of 90,012 changed lines$/);
  });

  it('keeps the reviewed diff as a `diff` artifact any member of the org may download', async () => {
    const review = await reviewOf(smallFile('src/cart.ts'));
    const member = await makeUser(h.database.db, h.orgId, 'member');
    const listed = await fetch(`${h.baseUrl}/reviews/${review.id}/artifacts?kind=diff`, {
      headers: { authorization: `Bearer ${member.token}` },
    });
    const [diff] = ((await listed.json()) as ArtifactList).items;
    expect(diff?.url).toBeDefined();
    const download = await fetch(new URL(diff!.url!, h.baseUrl).toString());
    expect(await download.text()).toContain('+  let sum = 0;');
  });

  it('caps the files at 2,000 and counts the rest, and never shows one org the coverage of another', async () => {
    const id = await makeReview(h.database.db, h.orgId, { title: 'Vendoring commit' });
    const files = Array.from({ length: 2005 }, (_, i) => ({
      path: `vendor/pkg/file-${i}.js`,
      status: 'skipped' as const,
      reason: 'vendored' as const,
      additions: 2,
      deletions: 0,
      linesRead: 0,
    }));
    await saveFileCoverage(h.database.db, { id, orgId: h.orgId }, summarizeCoverage(files));
    const detail = (await h.api('GET', `/reviews/${id}`)).json as ReviewDetail;
    expect(detail.coverage).toMatchObject({ filesTotal: 2005, filesSkipped: 2005, linesTotal: 4010, filesOmitted: 5 });
    expect(detail.coverage?.files).toHaveLength(2000);
    expect(detail.coverage?.files?.at(-1)?.path).toBe('vendor/pkg/file-1999.js');

    const stranger = await makeUser(h.database.db, await makeOrg(h.database.db), 'owner');
    const foreign = await fetch(`${h.baseUrl}/reviews/${id}`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: expect.any(Object) });
  });
});
