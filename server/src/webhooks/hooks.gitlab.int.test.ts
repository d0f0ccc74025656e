import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret, ReviewSummary } from '@reviewtrace/contracts';
import { request } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { fakeSha, gitlabMergeRequestHook, sendGitLab } from '../testing/webhook-payloads.ts';
import { startWebhookHarness, type WebhookHarness } from '../testing/webhook-harness.ts';

const MR = 'Merge Request Hook';

describe(`GitLab webhook receiver on ${testDatabaseKind}`, () => {
  let h: WebhookHarness;
  let hook: GitWebhookSecret;

  beforeAll(async () => {
    h = await startWebhookHarness();
    hook = await h.makeWebhook('gitlab');
  });
  afterAll(() => h.close());

  /** GitLab's documented Merge Request Hook with the given action and a head of its own. */
  const mergeRequest = (action: string, change: { oldrev?: string; draft?: boolean; changes?: object } = {}) => {
    const payload = gitlabMergeRequestHook();
    payload.object_attributes.action = action;
    payload.object_attributes.last_commit.id = fakeSha(`${action}-${Math.random()}`);
    if (change.oldrev !== undefined) payload.object_attributes.oldrev = change.oldrev;
    if (change.draft !== undefined) payload.object_attributes.draft = change.draft;
    if (change.changes !== undefined) payload.changes = change.changes as typeof payload.changes;
    return payload;
  };

  it('queues a review of an opened merge request with the webhook connector', async () => {
    const payload = mergeRequest('open');
    const answer = await sendGitLab(h.baseUrl, hook, MR, payload, { deliveryId: 'gl-open-1' });
    expect(answer.status).toBe(202);
    const reviewId = answer.body['reviewId'] as number;
    expect(answer.body).toEqual({ status: 'queued', reason: `queued review #${reviewId}`, reviewId, duplicate: false });
    const summary = (
      await request(h.app, h.cast.owner.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}` })
    ).json() as ReviewSummary;
    expect(summary).toMatchObject({
      prMrUrl: 'https://gitlab.com/gitlabhq/gitlab-test/-/merge_requests/1',
      repository: 'gitlabhq/gitlab-test',
      branch: 'ms-viewport',
      gitProvider: 'gitlab',
      connector: { id: h.connectorId },
      triggerType: 'webhook',
      status: 'queued',
    });
  });

  it('queues on reopen and on an update that brought new commits', async () => {
    expect((await sendGitLab(h.baseUrl, hook, MR, mergeRequest('reopen'))).body).toMatchObject({ status: 'queued' });
    const pushed = mergeRequest('update', { oldrev: fakeSha('previous head') });
    expect((await sendGitLab(h.baseUrl, hook, MR, pushed)).body).toMatchObject({ status: 'queued' });
  });

  it('skips an update that only edits the title, and reviews a draft marked ready', async () => {
    const before = await h.reviewCount();
    const retitled = mergeRequest('update', {
      changes: { title: { previous: 'MS-Viewport', current: 'MS Viewport' } },
    });
    expect((await sendGitLab(h.baseUrl, hook, MR, retitled)).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: update without new commits (title)',
      reviewId: null,
    });
    expect(await h.reviewCount()).toBe(before);
    const ready = mergeRequest('update', { changes: { draft: { previous: true, current: false } } });
    expect((await sendGitLab(h.baseUrl, hook, MR, ready)).body).toMatchObject({ status: 'queued' });
  });

  it('skips drafts, repositories outside the filter, and a disabled webhook', async () => {
    expect((await sendGitLab(h.baseUrl, hook, MR, mergeRequest('open', { draft: true }))).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: draft',
    });
    const filtered = await h.makeWebhook('gitlab', { repositories: ['acme/app'] });
    expect((await sendGitLab(h.baseUrl, filtered, MR, mergeRequest('open'))).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: repository not in filter',
    });
    const disabled = await h.makeWebhook('gitlab', { enabled: false });
    expect((await sendGitLab(h.baseUrl, disabled, MR, mergeRequest('open'))).body).toMatchObject({
      status: 'skipped',
      reason: 'skipped: webhook disabled',
    });
  });

  it('ignores other events and merge request actions with the reason', async () => {
    expect((await sendGitLab(h.baseUrl, hook, 'Push Hook', { object_kind: 'push' })).body).toEqual({
      status: 'ignored',
      reason: 'ignored: event Push Hook',
      reviewId: null,
      duplicate: false,
    });
    expect((await sendGitLab(h.baseUrl, hook, MR, mergeRequest('merge'))).body).toMatchObject({
      status: 'ignored',
      reason: 'ignored: merge request merge',
    });
  });

  it('rejects a wrong or missing X-Gitlab-Token with 401 and records it', async () => {
    const before = await h.reviewCount();
    const wrong = await sendGitLab(h.baseUrl, hook, MR, mergeRequest('open'), {
      deliveryId: 'gl-wrong-1',
      credential: `${hook.secret}x`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await sendGitLab(h.baseUrl, hook, MR, mergeRequest('open'), { credential: null })).status).toBe(401);
    expect(await h.reviewCount()).toBe(before);
    const rows = await h.database.db
      .selectFrom('webhook_deliveries')
      .select(['decision', 'reason', 'signature_ok'])
      .where('webhook_id', '=', hook.id)
      .where('delivery_id', '=', 'gl-wrong-1')
      .execute();
    expect(rows).toEqual([{ decision: 'rejected', reason: 'rejected: bad signature', signature_ok: false }]);
  });

  it('answers a redelivery of the same X-Gitlab-Event-UUID with the first decision and no second review', async () => {
    const payload = mergeRequest('open');
    const first = await sendGitLab(h.baseUrl, hook, MR, payload, { deliveryId: 'gl-again-1' });
    const before = await h.reviewCount();
    const again = await sendGitLab(h.baseUrl, hook, MR, payload, { deliveryId: 'gl-again-1' });
    expect(again).toEqual({ status: 202, body: { ...first.body, duplicate: true } });
    expect(await h.reviewCount()).toBe(before);
  });
});
