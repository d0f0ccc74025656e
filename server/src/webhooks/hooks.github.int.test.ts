import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret, ReviewSummary } from '@reviewtrace/contracts';
import { request } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { fakeSha, githubExample, sendGitHub } from '../testing/webhook-payloads.ts';
import { HOOK_BODY_LIMIT } from './hooks.routes.ts';
import { startWebhookHarness, type WebhookHarness } from '../testing/webhook-harness.ts';

describe(`GitHub webhook receiver on ${testDatabaseKind}`, () => {
  let h: WebhookHarness;
  let hook: GitWebhookSecret;

  beforeAll(async () => {
    h = await startWebhookHarness();
    hook = await h.makeWebhook('github');
  });
  afterAll(() => h.close());

  /** A pull_request payload of GitHub's examples with a head of its own, so each push is a new one. */
  const pullRequest = (action: string, change: { draft?: boolean; repository?: string; number?: number } = {}) => {
    const payload = githubExample('pull_request', action);
    payload.pull_request.head.sha = fakeSha(`${action}-${Math.random()}`);
    if (change.draft !== undefined) payload.pull_request.draft = change.draft;
    if (change.repository !== undefined) payload.repository.full_name = change.repository;
    if (change.number !== undefined) {
      payload.number = change.number;
      payload.pull_request.html_url = payload.pull_request.html_url.replace(/\/pull\/\d+$/, `/pull/${change.number}`);
    }
    return payload;
  };
  const deliveryRow = (webhookId: number, deliveryId: string) =>
    h.database.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .where('delivery_id', '=', deliveryId)
      .execute();
  const review = async (id: number) =>
    (await request(h.app, h.cast.owner.token, { method: 'GET', url: `/api/v1/reviews/${id}` })).json() as ReviewSummary;

  it('answers a ping with 202 and records it, starting nothing', async () => {
    const before = await h.reviewCount();
    const answer = await sendGitHub(h.baseUrl, hook, 'ping', githubExample('ping'), { deliveryId: 'ping-1' });
    expect(answer).toEqual({
      status: 202,
      body: { status: 'ignored', reason: 'ping: signature verified, webhook ready', reviewId: null, duplicate: false },
    });
    expect(await deliveryRow(hook.id, 'ping-1')).toMatchObject([
      { event: 'ping', signature_ok: true, decision: 'ignored' },
    ]);
    expect(await h.reviewCount()).toBe(before);
  });

  it('queues a builtin review of the pull request with the webhook connector, and links the delivery to it', async () => {
    const payload = pullRequest('opened');
    const answer = await sendGitHub(h.baseUrl, hook, 'pull_request', payload, { deliveryId: 'opened-1' });
    expect(answer.status).toBe(202);
    const reviewId = answer.body['reviewId'] as number;
    expect(answer.body).toEqual({ status: 'queued', reason: `queued review #${reviewId}`, reviewId, duplicate: false });

    expect(await review(reviewId)).toMatchObject({
      orgId: h.cast.orgId,
      prMrUrl: payload.pull_request.html_url,
      repository: payload.repository.full_name,
      branch: payload.pull_request.head.ref,
      gitProvider: 'github',
      connector: { id: h.connectorId },
      status: 'queued',
      triggerType: 'webhook',
      title: payload.pull_request.title,
    });
    const [row] = await deliveryRow(hook.id, 'opened-1');
    expect(row).toMatchObject({
      event: 'pull_request',
      action: 'opened',
      repository: payload.repository.full_name,
      number: payload.number,
      head_sha: payload.pull_request.head.sha,
      signature_ok: true,
      decision: 'queued',
      reason: `queued review #${reviewId}`,
      review_id: reviewId,
    });
    expect(row!.payload_excerpt).toMatchObject({ url: payload.pull_request.html_url, draft: false });
    const reviewRow = await h.database.db
      .selectFrom('reviews')
      .select(['engine', 'commit_hash'])
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();
    expect(reviewRow).toEqual({ engine: 'builtin', commit_hash: payload.pull_request.head.sha });
  });

  it.each(['reopened', 'synchronize', 'ready_for_review'])('queues a review on %s', async (action) => {
    const answer = await sendGitHub(h.baseUrl, hook, 'pull_request', pullRequest(action));
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'queued', reviewId: expect.any(Number) });
  });

  it('skips a draft, and reviews it when the webhook takes drafts', async () => {
    const draft = pullRequest('opened', { draft: true });
    expect((await sendGitHub(h.baseUrl, hook, 'pull_request', draft)).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: draft',
      reviewId: null,
    });
    const takesDrafts = await h.makeWebhook('github', { skipDrafts: false });
    expect((await sendGitHub(h.baseUrl, takesDrafts, 'pull_request', draft)).body).toMatchObject({ status: 'queued' });
  });

  it('skips a repository outside the filter (case-insensitively) and reviews one inside it', async () => {
    const filtered = await h.makeWebhook('github', { repositories: ['codertocat/hello-world'] });
    const other = pullRequest('opened', { repository: 'acme/elsewhere' });
    const before = await h.reviewCount();
    expect((await sendGitHub(h.baseUrl, filtered, 'pull_request', other)).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: repository not in filter',
    });
    expect(await h.reviewCount()).toBe(before);
    expect((await sendGitHub(h.baseUrl, filtered, 'pull_request', pullRequest('opened'))).body).toMatchObject({
      status: 'queued',
    });
  });

  it('skips everything while the webhook is disabled', async () => {
    const disabled = await h.makeWebhook('github', { enabled: false });
    expect((await sendGitHub(h.baseUrl, disabled, 'pull_request', pullRequest('synchronize'))).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: webhook disabled',
    });
  });

  it('ignores other events and actions with the reason', async () => {
    const before = await h.reviewCount();
    expect(await sendGitHub(h.baseUrl, hook, 'issues', githubExample('issues', 'opened'))).toEqual({
      status: 202,
      body: { status: 'ignored', reason: 'ignored: event issues', reviewId: null, duplicate: false },
    });
    expect((await sendGitHub(h.baseUrl, hook, 'pull_request', pullRequest('closed'))).body).toMatchObject({
      status: 'ignored',
      reason: 'ignored: pull_request closed',
    });
    expect(await h.reviewCount()).toBe(before);
  });

  it('rejects a bad or missing signature with 401, records it, and does nothing else', async () => {
    const before = await h.reviewCount();
    const forged = await sendGitHub(
      h.baseUrl,
      { ...hook, secret: 'not-the-secret' },
      'pull_request',
      pullRequest('opened'),
      {
        deliveryId: 'forged-1',
      },
    );
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: 'unauthorized' } });
    const missing = await sendGitHub(h.baseUrl, hook, 'pull_request', pullRequest('opened'), {
      deliveryId: 'unsigned-1',
      credential: null,
    });
    expect(missing.status).toBe(401);
    expect(await h.reviewCount()).toBe(before);
    expect(await deliveryRow(hook.id, 'forged-1')).toMatchObject([
      {
        signature_ok: false,
        decision: 'rejected',
        reason: 'rejected: bad signature',
        review_id: null,
        payload_excerpt: null,
      },
    ]);
    expect(await deliveryRow(hook.id, 'unsigned-1')).toMatchObject([
      { signature_ok: false, decision: 'rejected', reason: 'rejected: missing signature' },
    ]);
  });

  it('a forged delivery cannot claim a delivery id ahead of the real one', async () => {
    const payload = pullRequest('opened');
    await sendGitHub(h.baseUrl, { ...hook, secret: 'forged' }, 'pull_request', payload, { deliveryId: 'claimed-1' });
    const real = await sendGitHub(h.baseUrl, hook, 'pull_request', payload, { deliveryId: 'claimed-1' });
    expect(real.body).toMatchObject({ status: 'queued', duplicate: false });
  });

  it('stops accepting the old secret once it is rotated', async () => {
    const rotating = await h.makeWebhook('github');
    const rotated = await request(h.app, h.cast.owner.token, {
      method: 'POST',
      url: `/api/v1/git-webhooks/${rotating.id}/rotate-secret`,
    });
    const next = rotated.json() as GitWebhookSecret;
    expect((await sendGitHub(h.baseUrl, rotating, 'ping', githubExample('ping'))).status).toBe(401);
    expect((await sendGitHub(h.baseUrl, next, 'ping', githubExample('ping'))).status).toBe(202);
  });

  it('answers a redelivery with the first decision and no second review, also when both arrive at once', async () => {
    const payload = pullRequest('synchronize');
    const first = await sendGitHub(h.baseUrl, hook, 'pull_request', payload, { deliveryId: 'again-1' });
    const before = await h.reviewCount();
    const again = await sendGitHub(h.baseUrl, hook, 'pull_request', payload, { deliveryId: 'again-1' });
    expect(again).toEqual({ status: 202, body: { ...first.body, duplicate: true } });
    expect(await h.reviewCount()).toBe(before);

    const racing = await Promise.all(
      Array.from({ length: 4 }, () =>
        sendGitHub(h.baseUrl, hook, 'pull_request', pullRequest('synchronize'), { deliveryId: 'race-1' }),
      ),
    );
    expect(racing.map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
    expect(racing.filter((answer) => answer.body['duplicate'] === false)).toHaveLength(1);
    expect(new Set(racing.map((answer) => answer.body['reviewId'])).size).toBe(1);
    expect(await h.reviewCount()).toBe(before + 1);
    // One row decided; each redelivery is logged beside it, starting nothing.
    const rows = await deliveryRow(hook.id, 'race-1');
    const decided = racing.find((answer) => answer.body['duplicate'] === false)!.body;
    expect(rows.filter((row) => !row.redelivery)).toMatchObject([{ decision: 'queued', reason: decided['reason'] }]);
    expect(rows.filter((row) => row.redelivery)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({
          decision: 'ignored',
          reason: `ignored: redelivery, already handled (${decided['reason'] as string})`,
          review_id: null,
          signature_ok: true,
          event: 'pull_request',
          action: 'synchronize',
        }),
      ),
    );
  });

  it("accepts GitHub's form-encoded content type, signed over the form body", async () => {
    const body = new URLSearchParams({ payload: JSON.stringify(pullRequest('opened')) }).toString();
    const signature = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
    const answer = await fetch(`${h.baseUrl}/api/v1/hooks/github/${hook.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'form-1',
        'x-hub-signature-256': signature,
      },
      body,
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ status: 'queued' });
  });

  it('refuses a body over 5 MiB with 413 before reading it', async () => {
    const answer = await fetch(`${h.baseUrl}/api/v1/hooks/github/${hook.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' },
      body: `{"padding":"${'x'.repeat(HOOK_BODY_LIMIT)}"}`,
    });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 404 for an unknown webhook and for a GitHub webhook called as GitLab', async () => {
    expect((await sendGitHub(h.baseUrl, { id: 999_999_999, secret: hook.secret }, 'ping', {})).status).toBe(404);
    const asGitlab = await fetch(`${h.baseUrl}/api/v1/hooks/gitlab/${hook.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitlab-token': hook.secret,
        'x-gitlab-event': 'Merge Request Hook',
      },
      body: '{}',
    });
    expect(asGitlab.status).toBe(404);
  });
});
