import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDetail, ReviewListResponse, ReviewUsage } from '@reviewtrace/contracts';
import { makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

/** Usage totals as a completion reports them: stored on the review, shown in the detail, sorted in the list. */
describe(`review usage, cost and tokens on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;
  let stranger: TestUser;
  const ids: Record<string, number> = {};

  const usage = (tokensIn: number, tokensOut: number, costUsd: number | null): ReviewUsage => ({
    tokensIn,
    tokensOut,
    costUsd,
    modelCalls: 2,
    modelMs: 8_400,
    waitMs: 1_000,
  });
  const ingest = (reviewId: number, events: unknown[], user: TestUser = owner) =>
    request(ctx.app, user.token, { method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, payload: { events } });
  const get = (user: TestUser, url: string) => request(ctx.app, user.token, { method: 'GET', url: `/api/v1${url}` });
  const finish = async (reviewUsage: ReviewUsage | undefined) => {
    const id = await makeReview(ctx.database.db, orgA, { status: 'created', startedAt: null, completedAt: null });
    const response = await ingest(id, [
      { type: 'status', data: { status: 'running' } },
      {
        type: 'completion',
        data: { resultSummary: 'Done', commentCount: 1, ...(reviewUsage ? { usage: reviewUsage } : {}) },
      },
      { type: 'status', data: { status: 'success' } },
    ]);
    expect(response.statusCode).toBe(200);
    return id;
  };
  const listIds = async (query: string, user: TestUser = owner) => {
    const response = await get(user, `/reviews?per_page=100&${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json() as ReviewListResponse).items.map((item) => item.id);
  };

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId: orgA, owner, stranger } = await makeOrgWithUsers(ctx.database.db));
    ids['cheap'] = await finish(usage(12_000, 800, 0.00228));
    ids['dear'] = await finish(usage(90_000, 4_000, 0.265));
    ids['unpriced'] = await finish(usage(200_000, 9_000, null));
    ids['none'] = await finish(undefined);
  });
  afterAll(() => ctx.close());

  it('shows the totals in the detail and cost and tokens in the list', async () => {
    const detail = (await get(owner, `/reviews/${ids['dear']}`)).json() as ReviewDetail;
    expect(detail.usage).toEqual(usage(90_000, 4_000, 0.265));
    expect(detail).toMatchObject({ costUsd: 0.265, tokens: 94_000 });

    const unpriced = (await get(owner, `/reviews/${ids['unpriced']}`)).json() as ReviewDetail;
    expect(unpriced.usage).toMatchObject({ tokensIn: 200_000, costUsd: null });
    const none = (await get(owner, `/reviews/${ids['none']}`)).json() as ReviewDetail;
    expect(none).toMatchObject({ usage: null, costUsd: null, tokens: null });

    const list = (await get(owner, '/reviews?per_page=100')).json() as ReviewListResponse;
    expect(list.items.find((item) => item.id === ids['cheap'])).toMatchObject({ costUsd: 0.00228, tokens: 12_800 });
  });

  it('sorts by cost and by tokens, reviews without either last when descending', async () => {
    // No usage and an unknown price both have no cost: last, newest first (the id tiebreak).
    expect(await listIds('sort=cost')).toEqual([ids['dear'], ids['cheap'], ids['none'], ids['unpriced']]);
    expect(await listIds('sort=tokens')).toEqual([ids['unpriced'], ids['dear'], ids['cheap'], ids['none']]);
    expect(await listIds('sort=tokens&order=asc')).toEqual([ids['none'], ids['cheap'], ids['dear'], ids['unpriced']]);
    // The existing sorts keep working beside the new ones.
    expect(await listIds('sort=duration')).toHaveLength(4);
    expect((await get(owner, '/reviews?sort=price')).statusCode).toBe(400);
  });

  it('keeps another org’s costs to itself', async () => {
    expect((await get(stranger, `/reviews/${ids['dear']}`)).statusCode).toBe(404);
    expect(await listIds('sort=cost', stranger)).toEqual([]);
    expect(
      (
        await ingest(
          ids['cheap']!,
          [{ type: 'completion', data: { resultSummary: 'x', usage: usage(1, 1, 99) } }],
          stranger,
        )
      ).statusCode,
    ).toBe(404);
  });

  it('refuses usage that is not usage', async () => {
    const id = await makeReview(ctx.database.db, orgA, { status: 'created', startedAt: null, completedAt: null });
    const bad = await ingest(id, [
      { type: 'completion', data: { resultSummary: 'x', usage: { ...usage(1, 1, 0), tokensIn: -5 } } },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: expect.any(String) } });
  });
});
