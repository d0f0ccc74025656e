import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret, WebhookDeliveryPage } from '@reviewtrace/contracts';
import { request } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { fakeSha, githubExample, sendGitHub } from '../testing/webhook-payloads.ts';
import { startWebhookHarness, type WebhookHarness } from '../testing/webhook-harness.ts';

describe(`webhook delivery log on ${testDatabaseKind}`, () => {
  let h: WebhookHarness;
  let hook: GitWebhookSecret;
  /** Delivery ids in the order they were sent, with the decision each should get. */
  const sent: { deliveryId: string; decision: string }[] = [];

  beforeAll(async () => {
    h = await startWebhookHarness();
    hook = await h.makeWebhook('github', { repositories: ['Codertocat/Hello-World'] });
    // Each on a pull request of its own: a second delivery for one PR would supersede the first.
    let pullRequests = 0;
    const opened = (repository?: string) => {
      const payload = githubExample('pull_request', 'opened');
      payload.number += pullRequests;
      payload.pull_request.html_url = payload.pull_request.html_url.replace(/\/\d+$/, `/${payload.number}`);
      pullRequests += 1;
      payload.pull_request.head.sha = fakeSha(`${Math.random()}`);
      if (repository) payload.repository.full_name = repository;
      return payload;
    };
    // Sequential on purpose: the log's order is the order of arrival.
    const plan: [string, () => Promise<unknown>, string][] = [];
    for (let i = 0; i < 7; i++) {
      plan.push([
        `q-${i}`,
        () => sendGitHub(h.baseUrl, hook, 'pull_request', opened(), { deliveryId: `q-${i}` }),
        'queued',
      ]);
      plan.push([
        `s-${i}`,
        () => sendGitHub(h.baseUrl, hook, 'pull_request', opened('acme/other'), { deliveryId: `s-${i}` }),
        'skipped',
      ]);
    }
    plan.push([
      'i-0',
      () => sendGitHub(h.baseUrl, hook, 'issues', githubExample('issues', 'opened'), { deliveryId: 'i-0' }),
      'ignored',
    ]);
    plan.push([
      'r-0',
      () => sendGitHub(h.baseUrl, { ...hook, secret: 'wrong' }, 'pull_request', opened(), { deliveryId: 'r-0' }),
      'rejected',
    ]);
    for (const [deliveryId, send, decision] of plan) {
      await send();
      sent.push({ deliveryId, decision });
    }
  });
  afterAll(() => h.close());

  const page = async (query: string) => {
    const answer = await request(h.app, h.cast.owner.token, {
      method: 'GET',
      url: `/api/v1/git-webhooks/${hook.id}/deliveries${query}`,
    });
    expect(answer.statusCode).toBe(200);
    return answer.json() as WebhookDeliveryPage;
  };

  it('lists every delivery newest first with what was received and decided', async () => {
    const first = await page('');
    expect(first.hasMore).toBe(false);
    expect(first.nextCursor).toBeNull();
    expect(first.items.map((d) => d.deliveryId)).toEqual(sent.map((d) => d.deliveryId).reverse());
    const queued = first.items.find((d) => d.deliveryId === 'q-0')!;
    expect(queued).toMatchObject({
      webhookId: hook.id,
      event: 'pull_request',
      action: 'opened',
      repository: 'Codertocat/Hello-World',
      number: 2,
      headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      signatureOk: true,
      decision: 'queued',
      reason: `queued review #${queued.reviewId}`,
      reviewId: expect.any(Number),
    });
    expect(first.items[0]).toMatchObject({ deliveryId: 'r-0', signatureOk: false, reason: 'rejected: bad signature' });
    expect(first.items[1]).toMatchObject({ deliveryId: 'i-0', reason: 'ignored: event issues' });
    expect(first.items.find((d) => d.deliveryId === 's-0')).toMatchObject({
      reason: 'skipped: repository not in filter',
    });
  });

  it('pages with the cursor until the end, without gaps or repeats', async () => {
    const seen: string[] = [];
    let query = '?limit=4';
    for (let pages = 0; pages < 10; pages++) {
      const current = await page(query);
      seen.push(...current.items.map((d) => d.deliveryId!));
      if (!current.hasMore) break;
      expect(current.items).toHaveLength(4);
      expect(current.nextCursor).toBe(current.items[3]!.id);
      query = `?limit=4&before=${current.nextCursor}`;
    }
    expect(seen).toEqual(sent.map((d) => d.deliveryId).reverse());
  });

  it('filters by decision (csv) and pages within the filter', async () => {
    const skippedOrIgnored = await page('?decision=skipped,ignored');
    expect(skippedOrIgnored.items.map((d) => d.deliveryId)).toEqual(
      sent
        .filter((d) => d.decision === 'skipped' || d.decision === 'ignored')
        .map((d) => d.deliveryId)
        .reverse(),
    );
    const firstQueued = await page('?decision=queued&limit=5');
    expect(firstQueued.items.map((d) => d.deliveryId)).toEqual(['q-6', 'q-5', 'q-4', 'q-3', 'q-2']);
    expect(firstQueued.hasMore).toBe(true);
    const restQueued = await page(`?decision=queued&limit=5&before=${firstQueued.nextCursor}`);
    expect(restQueued.items.map((d) => d.deliveryId)).toEqual(['q-1', 'q-0']);
    expect(restQueued).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it('filters by repository, case-insensitively, together with a decision', async () => {
    const other = await page('?repository=ACME/other');
    expect(other.items.map((d) => d.deliveryId)).toEqual(
      sent
        .filter((d) => d.deliveryId.startsWith('s-'))
        .map((d) => d.deliveryId)
        .reverse(),
    );
    const queuedOther = await page('?repository=acme/other&decision=queued');
    expect(queuedOther.items).toEqual([]);
  });

  it('answers 400 for malformed parameters', async () => {
    for (const query of ['?decision=maybe', '?limit=0', '?limit=101', '?before=abc', '?repository=']) {
      const answer = await request(h.app, h.cast.owner.token, {
        method: 'GET',
        url: `/api/v1/git-webhooks/${hook.id}/deliveries${query}`,
      });
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it("is the owner's: a member gets 403, another org's owner 404", async () => {
    const url = `/api/v1/git-webhooks/${hook.id}/deliveries`;
    expect((await request(h.app, h.cast.member.token, { method: 'GET', url })).statusCode).toBe(403);
    expect((await request(h.app, h.cast.stranger.token, { method: 'GET', url })).statusCode).toBe(404);
  });
});
