import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`review detail: a queued review's place in line on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgId: number;
  let owner: TestUser;
  let stranger: TestUser;
  let strangerOrgId: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId, owner, stranger } = await makeOrgWithUsers(ctx.database.db));
    strangerOrgId = stranger.orgId;
  });
  afterAll(() => ctx.close());

  const detail = (user: TestUser, id: number) =>
    request(ctx.app, user.token, { method: 'GET', url: `/api/v1/reviews/${id}` });
  const at = (seconds: number) => new Date(Date.parse('2026-12-06T10:00:00Z') + seconds * 1000);

  it('counts every org’s queued reviews ahead and the reviews workers run, naming none', async () => {
    const db = ctx.database.db;
    // Running now: two live leases (workers busy) and one whose worker died (not busy).
    for (const lease of [60_000, 60_000, -60_000])
      await db
        .updateTable('reviews')
        .set({ lease_until: new Date(Date.now() + lease), locked_by: 'worker' })
        .where('id', '=', await makeReview(db, orgId, { status: 'in_progress', createdAt: at(0) }))
        .execute();
    await makeReview(db, strangerOrgId, { status: 'created', createdAt: at(1) });
    await makeReview(db, orgId, { status: 'created', createdAt: at(2) });
    const mine = await makeReview(db, orgId, { status: 'created', createdAt: at(3) });
    await makeReview(db, strangerOrgId, { status: 'created', createdAt: at(4) });

    const response = await detail(owner, mine);
    expect(response.statusCode).toBe(200);
    const { queue } = response.json() as ReviewDetail;
    expect(queue).toEqual({ position: 3, ahead: 2, workersBusy: 2 });
  });

  it('is null once the review is not queued, and another org cannot read it', async () => {
    const db = ctx.database.db;
    const done = await makeReview(db, orgId, { status: 'completed' });
    expect(((await detail(owner, done)).json() as ReviewDetail).queue).toBeNull();
    const queued = await makeReview(db, orgId, { status: 'created' });
    expect((await detail(stranger, queued)).statusCode).toBe(404);
  });
});
