import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

/** An engine reporting through ingestion: the completion's outcome is stored, or implied when it names none. */
describe(`the outcome of an ingested completion on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId: orgA, owner } = await makeOrgWithUsers(ctx.database.db));
  });
  afterAll(() => ctx.close());

  const finishWith = async (completion: Record<string, unknown>, status = 'success') => {
    const id = await makeReview(ctx.database.db, orgA, { status: 'in_progress', completedAt: null });
    const response = await request(ctx.app, owner.token, {
      method: 'POST',
      url: `/api/v1/reviews/${id}/events`,
      payload: {
        events: [
          { type: 'completion', data: { resultSummary: 'Done', ...completion } },
          { type: 'status', data: { status } },
        ],
      },
    });
    return { id, response };
  };
  const detail = async (id: number) =>
    (await request(ctx.app, owner.token, { method: 'GET', url: `/api/v1/reviews/${id}` })).json() as ReviewDetail;

  it('keeps the outcome, its reason and the failed batches an engine names', async () => {
    const { id } = await finishWith({
      commentCount: 0,
      outcome: 'nothing_reviewed',
      outcomeReason: 'every changed file was skipped',
    });
    expect(await detail(id)).toMatchObject({
      outcome: 'nothing_reviewed',
      outcomeReason: 'every changed file was skipped',
    });
    const partial = await finishWith({ commentCount: 3, outcome: 'partial', failedBatches: ['batch-2'] });
    expect(await detail(partial.id)).toMatchObject({ outcome: 'partial', failedBatches: ['batch-2'] });
  });

  it('implies one for engines that name none: partial, findings, clean; failed for a failed review', async () => {
    expect((await detail((await finishWith({ commentCount: 2, partial: true })).id)).outcome).toBe('partial');
    expect((await detail((await finishWith({ commentCount: 2 })).id)).outcome).toBe('findings');
    expect((await detail((await finishWith({ commentCount: 0 })).id)).outcome).toBe('clean');
    const failed = await finishWith({ errorSummary: 'Model timed out', errorCategory: 'timeout' }, 'failed');
    expect(await detail(failed.id)).toMatchObject({ outcome: 'failed', outcomeReason: 'Model timed out' });
    const canceled = await finishWith({ errorSummary: 'Canceled', errorCategory: 'canceled' }, 'canceled');
    expect((await detail(canceled.id)).outcome).toBeNull();
  });

  it('refuses an outcome outside the five words with a 400, storing nothing', async () => {
    const { id, response } = await finishWith({ outcome: 'fine' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await detail(id)).status).toBe('running');
  });
});
