import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitLabDiff, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import {
  startFakeGitLab,
  type FakeGitLab,
  type FakeGitLabComparison,
  type FakeGitLabMergeRequest,
} from '../testing/fake-git/fake-gitlab.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { fakeSha, gitlabMergeRequestHook, sendGitLab } from '../testing/webhook-payloads.ts';

const TOKEN = 'glpat-webhookOwnToken000000001';
const PROJECT = 'platform/inventory';

describe(
  `GitLab webhook reviews: coverage and statuses without PUBLIC_URL on ${testDatabaseKind}`,
  { timeout: 90_000 },
  () => {
    let h: EngineHarness;
    let gitlab: FakeGitLab;
    let hook: GitWebhookSecret;
    const mergeRequest: FakeGitLabMergeRequest = {
      project: PROJECT,
      iid: 5,
      title: 'Tune the stock sync',
      author: { username: 'jbecker', name: 'Jonas Becker' },
      sourceBranch: 'jb/sync',
      sha: fakeSha('mr5-first'),
      diffs: numberedChanges(4).map(asGitLabDiff),
    };
    const comparisons: FakeGitLabComparison[] = [];

    beforeAll(async () => {
      h = await startEngineHarness();
      // No PUBLIC_URL: statuses carry no link.
      h.startEngine();
      gitlab = await startFakeGitLab({ token: TOKEN, mergeRequests: [mergeRequest], comparisons });
      const token = await h.api('POST', '/integration-tokens', {
        provider: 'gitlab',
        name: 'Self-hosted',
        providerUrl: gitlab.origin,
        token: TOKEN,
      });
      const created = await h.api('POST', '/git-webhooks', {
        provider: 'gitlab',
        integrationTokenId: (token.json as { id: number }).id,
        connectorId: await h.connector('openai'),
      });
      hook = created.json as GitWebhookSecret;
    });
    afterAll(async () => {
      await h.close();
      await gitlab.close();
    });

    const hooksBase = () => h.baseUrl.replace(/\/api\/v1$/, '');
    const push = async (headSha: string, oldrev?: string) => {
      mergeRequest.sha = headSha;
      const payload = gitlabMergeRequestHook();
      payload.object_attributes.action = oldrev ? 'update' : 'open';
      payload.object_attributes.iid = 5;
      payload.object_attributes.url = `${gitlab.origin}/${PROJECT}/-/merge_requests/5`;
      payload.object_attributes.last_commit.id = headSha;
      payload.project.path_with_namespace = PROJECT;
      if (oldrev) payload.object_attributes.oldrev = oldrev;
      const answer = await sendGitLab(hooksBase(), hook, 'Merge Request Hook', payload);
      expect(answer.body).toMatchObject({ status: 'queued' });
      return h.finished(answer.body['reviewId'] as number);
    };
    const logOf = async (id: number) =>
      (
        await fetch(`${h.baseUrl}/reviews/${id}/log?format=text`, {
          headers: { authorization: `Bearer ${h.owner.token}` },
        })
      ).text();

    it('sets the GitLab commit status running then success, without a link', async () => {
      const review = await push(mergeRequest.sha);
      expect(review.status).toBe('success');
      const sent = gitlab.statuses.filter((s) => s.sha === mergeRequest.sha);
      expect(sent[0]).toMatchObject({ project: PROJECT, state: 'running', name: 'Reviewtrace' });
      expect(sent.at(-1)).toMatchObject({ state: 'success', name: 'Reviewtrace' });
      expect(sent.every((s) => s.target_url === undefined)).toBe(true);
    });

    it('reviews only the commits since the earlier review (merge_base, then compare)', async () => {
      const since = mergeRequest.sha;
      const head = fakeSha('mr5-second');
      const [, , third] = numberedChanges(4).map(asGitLabDiff);
      comparisons.push({ project: PROJECT, from: since, to: head, mergeBase: since, commits: 3, diffs: [third!] });
      const review = await push(head, since);
      expect(review.coverage).toMatchObject({ sinceSha: since, headSha: head, newCommits: 3 });
      expect(review.batches.reduce((n, b) => n + (b.fileCount ?? 0), 0)).toBe(1);
      expect(
        gitlab.requests.some((r) => r.rawPath.endsWith('/repository/compare') && r.query.get('from') === since),
      ).toBe(true);
    });

    it('falls back to the whole merge request when GitLab no longer knows the earlier head', async () => {
      const gone = mergeRequest.sha;
      const review = await push(fakeSha('mr5-forced'), gone);
      expect(review.coverage).toMatchObject({ sinceSha: null, fallback: 'force_push' });
      expect(review.batches.reduce((n, b) => n + (b.fileCount ?? 0), 0)).toBe(4);
      expect(await logOf(review.id)).toContain(
        '(GitLab does not know the earlier head (400)); reviewing the whole merge request',
      );
    });
  },
);
