import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubPull } from '../testing/fake-git/fake-github.ts';
import { openSse } from '../testing/sse-client.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { fakeSha, githubExample, sendGitHub } from '../testing/webhook-payloads.ts';

const TOKEN = 'ghp_statusesWebhookToken0000000000001';
const READ_ONLY_TOKEN = 'ghp_readOnlyStatusesToken000000000001';
const PUBLIC_URL = 'https://reviews.example.com/';

describe(
  `commit statuses of webhook reviews: superseded, read-only, deleted webhook on ${testDatabaseKind}`,
  { timeout: 90_000 },
  () => {
    let h: EngineHarness;
    let github: FakeGitHub;
    let readOnly: FakeGitHub;
    let tokenId: number;
    let stalledHook: GitWebhookSecret;
    let readOnlyHook: GitWebhookSecret;
    const pulls: FakeGitHubPull[] = [];
    const addPull = (list: FakeGitHubPull[], number: number, headSha: string) =>
      list.push({
        owner: 'acme',
        repo: 'shop',
        number,
        title: `Change ${number}`,
        author: { login: 'praman', name: 'Priya Raman' },
        headRef: `praman/${number}`,
        headSha,
        files: numberedChanges(2).map(asGitHubFile),
      });
    const readOnlyPulls: FakeGitHubPull[] = [];

    beforeAll(async () => {
      h = await startEngineHarness();
      github = await startFakeGitHub({ token: TOKEN, pulls });
      readOnly = await startFakeGitHub({ token: READ_ONLY_TOKEN, pulls: readOnlyPulls, statusesForbidden: true });
      const token = async (value: string, providerUrl: string, name: string) =>
        (
          (await h.api('POST', '/integration-tokens', { provider: 'github', name, providerUrl, token: value }))
            .json as {
            id: number;
          }
        ).id;
      // The org's token for the first host is not the one GitHub accepts: only a webhook's token works there.
      await token('ghp_notTheWebhookToken0000000000000001', github.origin, 'Other');
      tokenId = await token(TOKEN, github.origin, 'Webhook bot');
      const readOnlyTokenId = await token(READ_ONLY_TOKEN, readOnly.origin, 'Read-only');
      const hookWith = async (integrationTokenId: number, connectorId: number) =>
        (await h.api('POST', '/git-webhooks', { provider: 'github', integrationTokenId, connectorId }))
          .json as GitWebhookSecret;
      stalledHook = await hookWith(tokenId, await h.connector('openai', 'no-answer'));
      readOnlyHook = await hookWith(readOnlyTokenId, await h.connector('openai'));
    });
    afterAll(async () => {
      await h.close();
      await github.close();
      await readOnly.close();
    });

    const hooksBase = () => h.baseUrl.replace(/\/api\/v1$/, '');
    const deliver = async (target: GitWebhookSecret, origin: string, number: number, headSha: string) => {
      const payload = githubExample('pull_request', 'synchronize');
      payload.number = number;
      payload.repository.full_name = 'acme/shop';
      payload.pull_request.html_url = `${origin}/acme/shop/pull/${number}`;
      payload.pull_request.head.sha = headSha;
      const answer = await sendGitHub(hooksBase(), target, 'pull_request', payload);
      expect(answer.body).toMatchObject({ status: 'queued' });
      return answer.body['reviewId'] as number;
    };
    const logOf = async (id: number) =>
      (
        await fetch(`${h.baseUrl}/reviews/${id}/log?format=text`, {
          headers: { authorization: `Bearer ${h.owner.token}` },
        })
      ).text();

    it("falls back to the org's token when the webhook was deleted before its review ran, and says so", async () => {
      const connectorId = await h.connector('openai');
      const doomed = (
        await h.api('POST', '/git-webhooks', { provider: 'github', integrationTokenId: tokenId, connectorId })
      ).json as GitWebhookSecret;
      const head = fakeSha('shop-20');
      addPull(pulls, 20, head);
      const reviewId = await deliver(doomed, github.origin, 20, head);
      expect((await h.api('DELETE', `/git-webhooks/${doomed.id}`)).status).toBe(204);

      // Only now does an engine run: the review finds its webhook gone.
      h.startEngine({ publicUrl: PUBLIC_URL });
      const review = await h.finished(reviewId);
      expect(review).toMatchObject({ status: 'failed', errorCategory: 'git_provider' });
      const log = await logOf(reviewId);
      expect(log).toContain(
        `Webhook #${doomed.id} was deleted; using the org's github token for ${new URL(github.origin).host} instead`,
      );
      expect(log).toContain('Token rejected by GitHub');
    });

    it('ends the superseded run’s status as error "Superseded by #N", and a canceled one as "Canceled"', async () => {
      const first = fakeSha('shop-8-a');
      addPull(pulls, 8, first);
      const firstId = await deliver(stalledHook, github.origin, 8, first);
      const sse = await openSse(`${h.baseUrl}/reviews/${firstId}/stream`, { authorization: `Bearer ${h.owner.token}` });
      await sse.until((f) => f.event === 'model_call');
      sse.close();

      const second = fakeSha('shop-8-b');
      pulls.find((p) => p.number === 8)!.headSha = second;
      const secondId = await deliver(stalledHook, github.origin, 8, second);
      expect(await h.finished(firstId)).toMatchObject({ status: 'canceled', supersededBy: secondId });
      expect(github.statuses.filter((s) => s.sha === first).at(-1)).toMatchObject({
        state: 'error',
        description: `Superseded by #${secondId}`,
        target_url: `https://reviews.example.com/reviews/${firstId}`,
      });

      const list = await h.api('GET', '/reviews?q=acme/shop/pull/8');
      const rows = (list.json as { items: { id: number; supersededBy: number | null; headSha: string }[] }).items;
      expect(rows.find((r) => r.id === firstId)).toMatchObject({ supersededBy: secondId, headSha: first });

      const sseSecond = await openSse(`${h.baseUrl}/reviews/${secondId}/stream`, {
        authorization: `Bearer ${h.owner.token}`,
      });
      await sseSecond.until((f) => f.event === 'model_call');
      sseSecond.close();
      expect((await h.api('POST', `/reviews/${secondId}/cancel`)).status).toBe(202);
      expect(await h.finished(secondId)).toMatchObject({ status: 'canceled' });
      expect(github.statuses.filter((s) => s.sha === second).at(-1)).toMatchObject({
        state: 'error',
        description: 'Canceled',
      });
    });

    it('succeeds when the token may not set statuses, with one warning and no further attempt', async () => {
      const head = fakeSha('shop-30');
      addPull(readOnlyPulls, 30, head);
      const reviewId = await deliver(readOnlyHook, readOnly.origin, 30, head);
      const review = await h.finished(reviewId);
      expect(review.status).toBe('success');
      const log = await logOf(reviewId);
      expect(log.match(/Could not set the commit status/g)).toHaveLength(1);
      expect(log).toContain('no further statuses for this review');
      expect(readOnly.requests.filter((r) => r.rawPath.includes('/statuses/'))).toHaveLength(1);
    });
  },
);
