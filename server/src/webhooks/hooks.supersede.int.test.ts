import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret, ReviewSummary } from '@reviewtrace/contracts';
import { makeConnector, makeGitToken } from '../testing/factories.ts';
import { request } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { fakeSha, githubExample, sendGitHub } from '../testing/webhook-payloads.ts';
import { startWebhookHarness, type WebhookHarness } from '../testing/webhook-harness.ts';

describe(`a push superseding a queued webhook review on ${testDatabaseKind}`, () => {
  let h: WebhookHarness;
  let hook: GitWebhookSecret;

  beforeAll(async () => {
    h = await startWebhookHarness();
    hook = await h.makeWebhook('github');
  });
  afterAll(() => h.close());

  /** A `synchronize` of pull request `number` with a new head each time, as a push sends. */
  const push = (number: number) => {
    const payload = githubExample('pull_request', 'synchronize');
    payload.number = number;
    payload.pull_request.html_url = payload.pull_request.html_url.replace(/\/pull\/\d+$/, `/pull/${number}`);
    payload.pull_request.head.sha = fakeSha(`push-${number}-${Math.random()}`);
    return payload;
  };
  const urlOf = (number: number) => push(number).pull_request.html_url;
  const review = async (id: number, token = h.cast.owner.token) =>
    (await request(h.app, token, { method: 'GET', url: `/api/v1/reviews/${id}` })).json() as ReviewSummary;
  const activeReviews = async (orgId: number, url: string) =>
    h.database.db
      .selectFrom('reviews')
      .select('id')
      .where('org_id', '=', orgId)
      .where('pr_mr_url', '=', url)
      .where('status', 'in', ['created', 'in_progress'])
      .execute();

  it('cancels the queued review with the superseded summary and queues the new one', async () => {
    const first = await sendGitHub(h.baseUrl, hook, 'pull_request', push(101));
    const firstId = first.body['reviewId'] as number;
    const second = await sendGitHub(h.baseUrl, hook, 'pull_request', push(101));
    const secondId = second.body['reviewId'] as number;

    expect(second).toMatchObject({
      status: 202,
      body: { status: 'queued', reason: `queued review #${secondId}, superseded #${firstId}` },
    });
    expect(await review(firstId)).toMatchObject({
      status: 'canceled',
      errorCategory: 'canceled',
      errorSummary: `Superseded by #${secondId} (new commits)`,
    });
    expect(await review(secondId)).toMatchObject({ status: 'queued' });
    expect(await activeReviews(h.cast.orgId, urlOf(101))).toEqual([{ id: secondId }]);

    const old = await h.database.db
      .selectFrom('reviews')
      .select('metadata')
      .where('id', '=', firstId)
      .executeTakeFirstOrThrow();
    expect(old.metadata).toMatchObject({ supersededBy: secondId });
    const deliveries = await h.database.db
      .selectFrom('webhook_deliveries')
      .select(['decision', 'reason', 'review_id'])
      .where('review_id', 'in', [firstId, secondId])
      .orderBy('id')
      .execute();
    expect(deliveries).toEqual([
      { decision: 'superseded', reason: `superseded by #${secondId}`, review_id: firstId },
      { decision: 'queued', reason: `queued review #${secondId}, superseded #${firstId}`, review_id: secondId },
    ]);
  });

  it('leaves exactly one active review, and no error, when four pushes arrive at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => sendGitHub(h.baseUrl, hook, 'pull_request', push(102))),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const ids = answers.map((a) => a.body['reviewId'] as number);
    expect(new Set(ids).size).toBe(4);
    const active = await activeReviews(h.cast.orgId, urlOf(102));
    expect(active).toHaveLength(1);
    // The newest one stays; each of the others names the review that superseded it.
    expect(active[0]!.id).toBe(Math.max(...ids));
    const ended = await Promise.all(ids.filter((id) => id !== active[0]!.id).map((id) => review(id)));
    for (const canceled of ended) {
      expect(canceled.status).toBe('canceled');
      expect(canceled.errorSummary).toMatch(/^Superseded by #\d+ \(new commits\)$/);
    }
  });

  it('does not touch the active review of another pull request', async () => {
    const other = await sendGitHub(h.baseUrl, hook, 'pull_request', push(103));
    const pushed = await sendGitHub(h.baseUrl, hook, 'pull_request', push(104));
    expect(pushed.body['reason']).toBe(`queued review #${pushed.body['reviewId'] as number}`);
    expect(await review(other.body['reviewId'] as number)).toMatchObject({ status: 'queued' });
  });

  it("does not supersede another org's review of the same pull request", async () => {
    const strangerOrg = h.cast.stranger.orgId;
    const strangerHook = await request(h.app, h.cast.stranger.token, {
      method: 'POST',
      url: '/api/v1/git-webhooks',
      payload: {
        provider: 'github',
        integrationTokenId: await makeGitToken(h.database.db, strangerOrg, { provider: 'github' }),
        connectorId: await makeConnector(h.database.db, strangerOrg),
      },
    });
    expect(strangerHook.statusCode).toBe(201);

    const ours = await sendGitHub(h.baseUrl, hook, 'pull_request', push(105));
    const theirs = await sendGitHub(h.baseUrl, strangerHook.json() as GitWebhookSecret, 'pull_request', push(105));
    expect(theirs.body['reason']).toBe(`queued review #${theirs.body['reviewId'] as number}`);
    expect(await review(ours.body['reviewId'] as number)).toMatchObject({ status: 'queued' });
    expect(await activeReviews(h.cast.orgId, urlOf(105))).toHaveLength(1);
    expect(await activeReviews(strangerOrg, urlOf(105))).toHaveLength(1);
  });
});
