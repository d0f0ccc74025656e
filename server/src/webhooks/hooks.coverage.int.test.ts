import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret, ReviewDetail } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubComparison,
  type FakeGitHubPull,
} from '../testing/fake-git/fake-github.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { successStatusText } from '../engine/pull-request/commit-status-text.ts';
import { fakeSha, githubExample, sendGitHub } from '../testing/webhook-payloads.ts';
import { makeOrg, makeReview } from '../testing/factories.ts';

const WEBHOOK_TOKEN = 'ghp_webhookOwnToken000000000000000001';
const PUBLIC_URL = 'https://reviews.example.com';

/** The file coverage of a review that read each of `paths` (numberedChanges: one line changed) whole. */
const readWhole = (paths: string[]) => ({
  filesTotal: paths.length,
  filesReviewed: paths.length,
  filesSkipped: 0,
  filesClipped: 0,
  linesReviewed: 2 * paths.length,
  linesTotal: 2 * paths.length,
  files: paths.map((path) => ({ path, status: 'reviewed', batchId: 'batch-1', additions: 1, deletions: 1 })),
});

/** A markdown change GitHub-style, for the path filters. */
const docChange = (path: string) => asGitHubFile({ path, hunks: '@@ -1 +1 @@\n-old words\n+new words\n' });

describe(
  `webhook reviews: token, coverage, path filters and statuses on ${testDatabaseKind}`,
  { timeout: 90_000 },
  () => {
    let h: EngineHarness;
    let github: FakeGitHub;
    let hook: GitWebhookSecret;
    let docsHook: GitWebhookSecret;
    let failingHook: GitWebhookSecret;
    const pulls: FakeGitHubPull[] = [];
    const comparisons: FakeGitHubComparison[] = [];
    const pull = (number: number, headSha: string, files = numberedChanges(3).map(asGitHubFile)): FakeGitHubPull => {
      const made = {
        owner: 'acme',
        repo: 'app',
        number,
        title: `Change ${number}`,
        author: { login: 'praman', name: 'Priya Raman' },
        headRef: `praman/${number}`,
        headSha,
        files,
      };
      pulls.push(made);
      return made;
    };

    beforeAll(async () => {
      h = await startEngineHarness();
      github = await startFakeGitHub({ token: WEBHOOK_TOKEN, pulls, comparisons, pathPrefix: '/api/v3' });
      // The org's first token for the host is not the webhook's: a review that used it would get a 401.
      await h.api('POST', '/integration-tokens', {
        provider: 'github',
        name: 'Read-only bot',
        providerUrl: github.apiUrl,
        token: 'ghp_someOtherTokenOfTheOrg00000000001',
      });
      const own = await h.api('POST', '/integration-tokens', {
        provider: 'github',
        name: 'Webhook bot',
        providerUrl: github.apiUrl,
        token: WEBHOOK_TOKEN,
      });
      const integrationTokenId = (own.json as { id: number }).id;
      const connectorId = await h.connector('openai');
      const make = async (settings: Record<string, unknown>) =>
        (await h.api('POST', '/git-webhooks', { provider: 'github', integrationTokenId, connectorId, ...settings }))
          .json as GitWebhookSecret;
      hook = await make({});
      docsHook = await make({ pathFilters: ['!**/*.md'] });
      failingHook = await make({ connectorId: await h.connector('openai', 'invalid-key') });
    });
    afterAll(async () => {
      await h.close();
      await github.close();
    });

    const hooksBase = () => h.baseUrl.replace(/\/api\/v1$/, '');
    const deliver = async (target: GitWebhookSecret, number: number, headSha: string) => {
      const payload = githubExample('pull_request', 'synchronize');
      payload.number = number;
      payload.repository.full_name = 'acme/app';
      payload.pull_request.html_url = `${github.origin}/acme/app/pull/${number}`;
      payload.pull_request.head.sha = headSha;
      return (await sendGitHub(hooksBase(), target, 'pull_request', payload)).body;
    };
    const reviewOf = async (target: GitWebhookSecret, number: number, headSha: string) => {
      const answer = await deliver(target, number, headSha);
      expect(answer).toMatchObject({ status: 'queued' });
      return h.finished(answer['reviewId'] as number);
    };
    const logOf = async (id: number) =>
      (
        await fetch(`${h.baseUrl}/reviews/${id}/log?format=text`, {
          headers: { authorization: `Bearer ${h.owner.token}` },
        })
      ).text();
    const statusesOf = (sha: string) => github.statuses.filter((s) => s.sha === sha);

    it('starts the engine with PUBLIC_URL', () => {
      h.startEngine({ publicUrl: PUBLIC_URL });
    });

    it("reviews with the webhook's own token, and sets the commit status pending then success with the link", async () => {
      const head = fakeSha('pr1-first');
      pull(1, head);
      const review = await reviewOf(hook, 1, head);
      expect(review).toMatchObject({ status: 'success', headSha: head, supersededBy: null });
      expect(review.coverage).toEqual({
        baseSha: 'f'.repeat(40),
        headSha: head,
        sinceSha: null,
        earlierReviewId: null,
        newCommits: null,
        ...readWhole(['src/module-001.ts', 'src/module-002.ts', 'src/module-003.ts']),
      });
      const sent = statusesOf(head);
      expect(sent[0]).toMatchObject({
        state: 'pending',
        description: 'Reviewtrace: reviewing',
        context: 'Reviewtrace',
      });
      expect(sent.at(-1)).toEqual({
        repository: 'acme/app',
        sha: head,
        state: 'success',
        context: 'Reviewtrace',
        description: successStatusText(review.commentCount),
        target_url: `${PUBLIC_URL}/reviews/${review.id}`,
      });
      // Coalesced: the start, at most one update per batch, and the final state.
      expect(sent.length).toBeLessThanOrEqual(2 + review.batches.length);
      expect(sent.every((s) => s.target_url === `${PUBLIC_URL}/reviews/${review.id}`)).toBe(true);
    });

    it('reviews only the change since the earlier review, leaving out files a base merge brought in', async () => {
      const first = await h.api('GET', '/reviews?q=acme/app/pull/1');
      const earlier = (first.json as { items: { id: number; headSha: string }[] }).items[0]!;
      const head = fakeSha('pr1-second');
      const pr = pulls.find((p) => p.number === 1)!;
      pr.headSha = head;
      const [, changed] = numberedChanges(3);
      comparisons.push({
        owner: 'acme',
        repo: 'app',
        base: earlier.headSha,
        head,
        status: 'ahead',
        aheadBy: 2,
        files: [asGitHubFile(changed!), docChange('lib/from-main.md')],
      });

      const review = await reviewOf(hook, 1, head);
      expect(review.status).toBe('success');
      expect(review.coverage).toEqual({
        baseSha: 'f'.repeat(40),
        headSha: head,
        sinceSha: earlier.headSha,
        earlierReviewId: earlier.id,
        newCommits: 2,
        ...readWhole(['src/module-002.ts']),
      });
      expect(review.batches.reduce((n, b) => n + (b.fileCount ?? 0), 0)).toBe(1);
      const log = await logOf(review.id);
      expect(log).toContain(
        `Reviewing ${earlier.headSha.slice(0, 7)}..${head.slice(0, 7)} (2 new commits, 1 file(s)) — the earlier review #${earlier.id} covered up to ${earlier.headSha.slice(0, 7)}`,
      );
      expect(log).toContain('Left out 1 file(s) that changed since');
      expect(
        github.requests.some((r) => r.rawPath === `/api/v3/repos/acme/app/compare/${earlier.headSha}...${head}`),
      ).toBe(true);
    });

    it('skips a delivery for a head already reviewed successfully, without asking GitHub', async () => {
      const reviewed = pulls.find((p) => p.number === 1)!.headSha;
      const requestsBefore = github.requests.length;
      const list = await h.api('GET', '/reviews?q=acme/app/pull/1');
      const latest = (list.json as { items: { id: number }[] }).items[0]!;
      const answer = await deliver(hook, 1, reviewed);
      expect(answer).toMatchObject({
        status: 'skipped',
        reason: `skipped: same head already reviewed (#${latest.id})`,
        reviewId: null,
      });
      expect(github.requests.length).toBe(requestsBefore);
    });

    it('reviews the whole pull request after a force-push and says so', async () => {
      const pr = pulls.find((p) => p.number === 1)!;
      const replaced = pr.headSha;
      const head = fakeSha('pr1-forced');
      pr.headSha = head;
      comparisons.push({ owner: 'acme', repo: 'app', base: replaced, head, status: 'diverged', aheadBy: 1, files: [] });

      const review = await reviewOf(hook, 1, head);
      expect(review.status).toBe('success');
      expect(review.coverage).toMatchObject({
        sinceSha: null,
        newCommits: null,
        fallback: 'force_push',
        headSha: head,
      });
      expect(review.batches.reduce((n, b) => n + (b.fileCount ?? 0), 0)).toBe(3);
      expect(await logOf(review.id)).toContain(
        `covered up to ${replaced.slice(0, 7)}, which a force-push replaced (GitHub compares them as diverged); reviewing the whole pull request`,
      );
    });

    it("ends a review of excluded files only as 'nothing to review', and the delivery as skipped", async () => {
      const head = fakeSha('pr2');
      pull(2, head, [docChange('README.md'), docChange('docs/guide/setup.md')]);
      const review = await reviewOf(docsHook, 2, head);
      expect(review).toMatchObject({ status: 'success', commentCount: 0 });
      expect(review.result?.summary).toBe(
        "Nothing to review: only files excluded by the webhook's path filters changed (e.g. *.md)",
      );
      expect(await logOf(review.id)).toContain(
        "Skipped docs/guide/setup.md: excluded by the webhook's path filter !**/*.md",
      );
      const filtered = (path: string) => ({
        path,
        status: 'skipped',
        reason: 'path filter',
        detail: "excluded by the webhook's path filter !**/*.md",
        additions: 1,
        deletions: 1,
      });
      expect(review.coverage).toMatchObject({
        filesTotal: 2,
        filesSkipped: 2,
        linesReviewed: 0,
        linesTotal: 4,
        files: [filtered('README.md'), filtered('docs/guide/setup.md')],
      });
      const deliveries = await h.api('GET', `/git-webhooks/${docsHook.id}/deliveries`);
      expect((deliveries.json as { items: unknown[] }).items[0]).toMatchObject({
        decision: 'skipped',
        reason: 'skipped: only *.md changed',
        reviewId: review.id,
      });
      expect(review).toMatchObject({
        outcome: 'nothing_reviewed',
        outcomeReason: "only files excluded by the webhook's path filters changed (e.g. *.md)",
      });
      expect(statusesOf(head).at(-1)).toMatchObject({
        state: 'success',
        description: "Nothing reviewed: only files excluded by the webhook's path filters changed (e.g. *.md)",
      });
    });

    it('sets the status to failure with the short reason when the review fails', async () => {
      const head = fakeSha('pr3');
      pull(3, head);
      const review = await reviewOf(failingHook, 3, head);
      expect(review.status).toBe('failed');
      const final = statusesOf(head).at(-1)!;
      expect(final).toMatchObject({ state: 'failure', target_url: `${PUBLIC_URL}/reviews/${review.id}` });
      expect(final.description).toMatch(/^Review failed: .+/);
      expect(final.description!.length).toBeLessThanOrEqual(140);
    });

    it("never covers from, nor skips for, another org's review of the same pull request", async () => {
      const head = fakeSha('pr4');
      pull(4, head);
      const otherOrg = await makeOrg(h.database.db);
      const theirs = await makeReview(h.database.db, otherOrg, { prMrUrl: `${github.origin}/acme/app/pull/4` });
      await h.database.db.updateTable('reviews').set({ commit_hash: head }).where('id', '=', theirs).execute();

      const review = await reviewOf(hook, 4, head);
      expect(review.status).toBe('success');
      expect(review.coverage).toMatchObject({ sinceSha: null, earlierReviewId: null });
    });

    it('exposes the delivery that started the review, and in the list the head SHA', async () => {
      const list = await h.api('GET', '/reviews?q=acme/app/pull/3');
      const row = (list.json as { items: { id: number; headSha: string }[] }).items[0]!;
      expect(row.headSha).toBe(fakeSha('pr3'));
      const detail = (await h.api('GET', `/reviews/${row.id}`)).json as ReviewDetail;
      expect(detail.startedBy).toMatchObject({
        webhookId: failingHook.id,
        event: 'pull_request',
        action: 'synchronize',
        repository: 'acme/app',
        number: 3,
        headSha: fakeSha('pr3'),
      });
      expect(detail.startedBy?.deliveryRowId).toEqual(expect.any(Number));
    });
  },
);
