import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDetail } from '@reviewtrace/contracts';
import {
  appendEventsBySql,
  makeConnector,
  makeOrgWithUsers,
  makeReview,
  makeUser,
  type TestUser,
} from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe(`GET /api/v1/reviews/:id on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let orgB: number;
  let member: TestUser;
  let otherMember: TestUser;
  let superAdmin: TestUser;
  let reviewId: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    const db = ctx.database.db;
    ({ orgId: orgA, member, stranger: otherMember } = await makeOrgWithUsers(db, { strangerRole: 'member' }));
    orgB = otherMember.orgId;
    superAdmin = await makeUser(db, orgB, 'super_admin');
    const connector = await makeConnector(db, orgA, { name: 'Proxy Ollama', model: 'llama3.1' });
    reviewId = await makeReview(db, orgA, {
      connectorId: connector,
      createdAt: t0,
      startedAt: at(2),
      completedAt: at(42),
    });
    await appendEventsBySql(db, reviewId, orgA, [
      { type: 'status', data: { status: 'queued' }, ts: at(0) },
      { type: 'status', data: { status: 'running' }, ts: at(2) },
      {
        type: 'batch',
        batchId: 'batch-1',
        data: { batchId: 'batch-1', status: 'running', fileCount: 3, tokenEstimate: 5210 },
        ts: at(3),
      },
      {
        type: 'log',
        level: 'warn',
        batchId: 'batch-1',
        data: { level: 'warn', code: 'stream_stall', message: 'No chunks' },
        ts: at(33),
      },
      {
        type: 'batch',
        batchId: 'batch-1',
        data: { batchId: 'batch-1', status: 'fallback', fallback: { reason: 'no_chunks', afterMs: 30000 } },
        ts: at(33),
      },
      {
        type: 'parse',
        batchId: 'batch-1',
        data: { batchId: 'batch-1', outcome: 'repaired', strategy: 'jsonrepair' },
        ts: at(40),
      },
      {
        type: 'batch',
        batchId: 'batch-1',
        data: { batchId: 'batch-1', status: 'success', commentCount: 2 },
        ts: at(41),
      },
      { type: 'completion', data: { resultSummary: 'Looks good', commentCount: 2 }, ts: at(42) },
      { type: 'status', data: { status: 'success' }, ts: at(42) },
    ]);
  });
  afterAll(() => ctx.close());

  const detail = (id: number | string, user: TestUser | null = member, org?: number) =>
    request(ctx.app, user?.token, { method: 'GET', url: `/api/v1/reviews/${id}`, org });

  it('returns the summary plus what its events say so far', async () => {
    const response = await detail(reviewId);
    expect(response.statusCode).toBe(200);
    const body = response.json() as ReviewDetail;
    expect(body).toMatchObject({
      id: reviewId,
      status: 'success',
      durationMs: 40_000,
      lastSeq: 9,
      eventCounts: { status: 3, batch: 3, log: 1, parse: 1, completion: 1 },
      connector: { name: 'Proxy Ollama', model: 'llama3.1' },
      metadata: {},
    });
    expect(body.batches).toEqual([
      {
        batchId: 'batch-1',
        status: 'success',
        fileCount: 3,
        tokenEstimate: 5210,
        startedAt: at(3).toISOString(),
        finishedAt: at(41).toISOString(),
        durationMs: 38_000,
        fallbackUsed: true,
        attempts: 2, // the stream, then the plain request after the fallback
        commentCount: 2,
      },
    ]);
    expect(body.milestones).toEqual([
      { name: 'queued', at: at(0).toISOString() },
      { name: 'running', at: at(2).toISOString() },
      { name: 'batch', batchId: 'batch-1', at: at(3).toISOString() },
      { name: 'fallback', batchId: 'batch-1', at: at(33).toISOString() },
      { name: 'parsing', at: at(40).toISOString() },
      { name: 'completed', at: at(42).toISOString() },
    ]);
    expect(body.result).toMatchObject({
      summary: 'Looks good',
      commentCount: 2,
      errorCategory: null,
      tips: [],
      partial: false,
    });
  });

  it('gives a failed review its category, summary and tip', async () => {
    const failed = await makeReview(ctx.database.db, orgA, {
      status: 'failed',
      errorCategory: 'rate_limit',
      errorSummary: 'Backed off 5 times',
    });
    const body = (await detail(failed)).json() as ReviewDetail;
    expect(body.result).toMatchObject({ errorSummary: 'Backed off 5 times', errorCategory: 'rate_limit' });
    expect(body.result?.tips).toEqual([
      expect.objectContaining({ code: 'rate_limit', title: 'Backed off due to rate limit' }),
    ]);
    expect(body.milestones.map((m) => m.name)).toEqual(['queued', 'running', 'failed']);
  });

  it('links to comments only through an http(s) URL from metadata', async () => {
    const withCommentsUrl = async (commentsUrl: string) => {
      const id = await makeReview(ctx.database.db, orgA, { status: 'completed' });
      await ctx.database.db
        .updateTable('reviews')
        .set({ metadata: JSON.stringify({ commentsUrl }) })
        .where('id', '=', id)
        .execute();
      return ((await detail(id)).json() as ReviewDetail).result?.commentsUrl;
    };
    expect(await withCommentsUrl('https://github.com/acme/app/pull/1#issuecomment-9')).toBe(
      'https://github.com/acme/app/pull/1#issuecomment-9',
    );
    for (const unsafe of ['javascript:alert(document.cookie)', 'data:text/html,<script>x</script>', 'file:///etc']) {
      expect(await withCommentsUrl(unsafe)).toBeNull();
    }
  });

  it("understands the host product's legacy shapes", async () => {
    const legacy = await makeReview(ctx.database.db, orgA, { status: 'completed' });
    await appendEventsBySql(ctx.database.db, legacy, orgA, [
      { type: 'status', level: 'success', data: { status: 'started' }, ts: at(1) },
      { type: 'batch', data: { batchId: 'batch-1', status: 'processing', fileCount: 4 }, ts: at(2) },
      { type: 'batch', data: { batchId: 'batch-1', status: 'completed', fileCount: 6 }, ts: at(9) },
      { type: 'status', level: 'success', data: { status: 'completed' }, ts: at(10) },
    ]);
    const body = (await detail(legacy)).json() as ReviewDetail;
    expect(body.batches[0]).toMatchObject({ status: 'success', fileCount: 4, commentCount: 6 });
    expect(body.milestones.map((m) => m.name)).toEqual(['queued', 'running', 'batch', 'completed']);
  });

  it('has no result while a review is still queued', async () => {
    const queued = await makeReview(ctx.database.db, orgA, { status: 'created' });
    const body = (await detail(queued)).json() as ReviewDetail;
    expect(body).toMatchObject({
      status: 'queued',
      lastSeq: 0,
      eventCounts: {},
      batches: [],
      result: null,
      durationMs: null,
    });
  });

  it('answers 404 for another org’s review, exactly as for a missing one', async () => {
    const other = await detail(reviewId, otherMember);
    const missing = await detail(987_654_321);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
  });

  it('lets a super_admin read a review of any org', async () => {
    expect((await detail(reviewId, superAdmin)).statusCode).toBe(200);
  });

  it('answers 400 for a malformed id, 401 without a token, 403 for a foreign org header', async () => {
    const bad = await detail('abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ field: 'params.id' })]);
    expect((await detail('1e5')).statusCode).toBe(400);
    expect((await detail(reviewId, null)).statusCode).toBe(401);
    expect((await detail(reviewId, member, orgB)).statusCode).toBe(403);
  });
});
