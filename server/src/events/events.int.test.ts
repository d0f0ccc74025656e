import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewDetail } from '@reviewtrace/contracts';
import { makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`events: ingestion and reads on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let otherOwner: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    const db = ctx.database.db;
    ({ orgId: orgA, owner, member, stranger: otherOwner } = await makeOrgWithUsers(db));
  });
  afterAll(() => ctx.close());

  const ingest = (reviewId: number, events: unknown[], user: TestUser | null = owner) =>
    request(ctx.app, user?.token, { method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, payload: { events } });
  const page = async (reviewId: number, query = '', user: TestUser = member) => {
    const response = await request(ctx.app, user.token, {
      method: 'GET',
      url: `/api/v1/reviews/${reviewId}/events${query}`,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as EventsPage;
  };
  const storedCount = async (reviewId: number) =>
    Number(
      (
        await ctx.database.db
          .selectFrom('review_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('review_id', '=', reviewId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const queued = () => makeReview(ctx.database.db, orgA, { status: 'created', startedAt: null, completedAt: null });

  it('appends a batch, assigns seq 1..N and answers with lastSeq', async () => {
    const id = await queued();
    const response = await ingest(id, [
      { type: 'status', data: { status: 'running' } },
      { type: 'log', level: 'info', data: { level: 'info', message: 'Fetched 3 files' } },
      { type: 'batch', batchId: 'batch-1', data: { batchId: 'batch-1', status: 'running', fileCount: 3 } },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ accepted: 3, duplicates: 0, lastSeq: 3 });
    const events = (await page(id)).events;
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'status'],
      [2, 'log'],
      [3, 'batch'],
    ]);
    expect(events[2]).toMatchObject({ reviewId: id, batchId: 'batch-1', time: expect.stringMatching(/Z$/) });
  });

  it('is idempotent by eventId, across requests and within one', async () => {
    const id = await queued();
    const events = [
      { eventId: 'e1', type: 'log', data: { message: 'one' } },
      { eventId: 'e2', type: 'log', data: { message: 'two' } },
      { eventId: 'e2', type: 'log', data: { message: 'two again' } },
    ];
    expect((await ingest(id, events)).json()).toEqual({ accepted: 2, duplicates: 1, lastSeq: 2 });
    expect((await ingest(id, events.slice(0, 2))).json()).toEqual({ accepted: 0, duplicates: 2, lastSeq: 2 });
    expect(await storedCount(id)).toBe(2);
  });

  it('moves status forward only and records completion on the review', async () => {
    const id = await queued();
    await ingest(id, [
      { type: 'status', time: '2026-01-01T00:00:01.000Z', data: { status: 'running' } },
      { type: 'batch', data: { batchId: 'batch-1', status: 'queued' } },
      { type: 'batch', data: { batchId: 'batch-2', status: 'queued' } },
      { type: 'batch', data: { batchId: 'batch-1', status: 'success', commentCount: 2 } },
    ]);
    let detail = (
      await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}` })
    ).json() as ReviewDetail;
    expect(detail.status).toBe('running');
    expect(detail.progress).toEqual({ batchesDone: 1, batchesTotal: 2 });

    await ingest(id, [
      {
        type: 'completion',
        data: {
          resultSummary: 'Two problems',
          commentCount: 2,
          errorSummary: 'batch-2 timed out',
          errorCategory: 'timeout',
          partial: true,
        },
      },
      { type: 'status', time: '2026-01-01T00:00:31.000Z', data: { status: 'failed' } },
    ]);
    await ingest(id, [{ type: 'status', data: { status: 'running' } }]);
    detail = (
      await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}` })
    ).json() as ReviewDetail;
    expect(detail).toMatchObject({
      status: 'failed',
      startedAt: '2026-01-01T00:00:01.000Z',
      completedAt: '2026-01-01T00:00:31.000Z',
      durationMs: 30_000,
      commentCount: 2,
      errorCategory: 'timeout',
      errorSummary: 'batch-2 timed out',
      lastSeq: 7,
    });
    expect(detail.result).toMatchObject({ partial: true, tips: [expect.objectContaining({ code: 'timeout' })] });
  });

  it("accepts the host product's legacy shapes and unknown types", async () => {
    const id = await queued();
    const response = await ingest(id, [
      { type: 'status', level: 'success', data: { status: 'started' } },
      { type: 'batch', data: { batchId: 'batch-1', status: 'processing' } },
      { type: 'retry', data: { attempt: 2, reason: 'timeout' } },
      { type: 'json_repair', data: { ok: true } },
      { type: 'custom_metric', data: { anything: [1, 2] } },
      { type: 'completion', data: { resultSummary: 'Could not parse', errorSummary: 'truncated' } },
      { type: 'status', level: 'success', data: { status: 'completed' } },
    ]);
    expect(response.json()).toMatchObject({ accepted: 7 });
    const review = await ctx.database.db
      .selectFrom('reviews')
      .select(['status', 'error_summary'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // A legacy "completed" after a completion that reported an error is a failure.
    expect(review).toEqual({ status: 'failed', error_summary: 'truncated' });
  });

  it('stores text with a NUL byte (replaced), and refuses a year-0 time or a huge duration with a 400', async () => {
    const id = await queued();
    expect((await ingest(id, [{ type: 'log', data: { message: 'a\u0000b' } }])).statusCode).toBe(200);
    expect((await page(id)).events[0]!.data['message']).toBe('a\uFFFDb');
    const year0 = await ingest(id, [{ type: 'log', time: '0000-01-01T00:00:00Z', data: { message: 'x' } }]);
    expect(year0.statusCode).toBe(400);
    const huge = await ingest(id, [{ type: 'batch', data: { batchId: 'b', status: 'success', durationMs: 1e300 } }]);
    expect(huge.statusCode).toBe(400);
    expect((await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}` })).statusCode).toBe(
      200,
    );
  });

  it('caps an oversized string honestly: cut, marked, and the payload flagged', async () => {
    const id = await queued();
    await ingest(id, [{ type: 'log', data: { message: 'x'.repeat(100_000) } }]);
    const data = (await page(id)).events[0]!.data;
    expect(data['truncated']).toBe(true);
    expect(data['message']).toMatch(/^x{16000}… \[truncated: 84000 more characters\]$/);
  });

  it('redacts secrets before storing them', async () => {
    const id = await queued();
    await ingest(id, [
      { type: 'log', data: { message: 'calling with Authorization: Bearer sk-proj-abcdefghijklmnopqrstuv' } },
    ]);
    const stored = (await page(id)).events[0]!.data['message'] as string;
    expect(stored).not.toContain('sk-proj-abcdefghijklmnopqrstuv');
    expect(stored).toContain('[redacted]');
  });

  it.each([
    [[{ data: { message: 'no type' } }], 'events.0.type'],
    [
      [
        { type: 'log', data: { message: 'ok' } },
        { type: 'status', data: { status: 'exploded' } },
      ],
      'events.1.data.status',
    ],
    [[{ type: 'log', data: 'not an object' }], 'events.0.data'],
    [[{ type: 'log', time: 'yesterday', data: { message: 'x' } }], 'events.0.time'],
    [[{ type: 'Bad Type', data: {} }], 'events.0.type'],
    [[{ type: 'batch', data: { status: 'running', fileCount: -1 } }], 'events.0.data.fileCount'],
  ])('rejects the whole batch %j listing %s, storing nothing', async (events, field) => {
    const id = await queued();
    const response = await ingest(id, events);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await storedCount(id)).toBe(0);
  });

  it('answers 413 for 1001 events or a body over 1 MiB, storing nothing', async () => {
    const id = await queued();
    const many = Array.from({ length: 1001 }, (_, i) => ({ type: 'log', data: { message: `line ${i}` } }));
    const tooMany = await ingest(id, many);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error.code).toBe('payload_too_large');
    const big = await ingest(id, [{ type: 'log', data: { message: 'x'.repeat(2 * 1024 * 1024) } }]);
    expect(big.statusCode).toBe(413);
    expect(await storedCount(id)).toBe(0);
  });

  it('answers 400 for an empty or missing events array', async () => {
    const id = await queued();
    expect((await ingest(id, [])).statusCode).toBe(400);
    const missing = await request(ctx.app, owner.token, {
      method: 'POST',
      url: `/api/v1/reviews/${id}/events`,
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
  });

  it('lets only owners ingest, only into their org, and 404s unknown reviews', async () => {
    const id = await queued();
    const event = [{ type: 'log', data: { message: 'x' } }];
    expect((await ingest(id, event, member)).statusCode).toBe(403);
    expect((await ingest(id, event, otherOwner)).statusCode).toBe(404);
    expect((await ingest(987_654_321, event)).statusCode).toBe(404);
    expect((await ingest(id, event, null)).statusCode).toBe(401);
    expect(await storedCount(id)).toBe(0);
  });

  describe('GET /events windows', () => {
    let id: number;
    beforeAll(async () => {
      id = await queued();
      const events = Array.from({ length: 30 }, (_, i) => ({
        type: i % 10 === 9 ? 'batch' : 'log',
        level: i % 10 === 9 ? null : i % 7 === 0 ? 'error' : 'info',
        batchId: `batch-${(i % 3) + 1}`,
        data: i % 10 === 9 ? { status: 'running' } : { message: `line ${i + 1}` },
      }));
      await ingest(id, events);
    });

    it('pages forward with after and limit', async () => {
      const first = await page(id, '?limit=10');
      expect(first.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(first).toMatchObject({ nextCursor: 10, hasMore: true, reviewStatus: 'queued' });
      const last = await page(id, '?after=25&limit=10');
      expect(last.events.map((e) => e.seq)).toEqual([26, 27, 28, 29, 30]);
      expect(last).toMatchObject({ nextCursor: 30, hasMore: false });
      expect(await page(id, '?after=30')).toMatchObject({ events: [], nextCursor: 30, hasMore: false });
    });

    it('returns the tail, and the window before a seq, ascending', async () => {
      const tail = await page(id, '?tail=5');
      expect(tail.events.map((e) => e.seq)).toEqual([26, 27, 28, 29, 30]);
      expect(tail.hasMore).toBe(true);
      const before = await page(id, '?before=26&limit=5');
      expect(before.events.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
      expect((await page(id, '?before=3&limit=5')).events.map((e) => e.seq)).toEqual([1, 2]);
    });

    it('filters by type, level and batch', async () => {
      expect((await page(id, '?type=batch')).events.map((e) => e.seq)).toEqual([10, 20, 30]);
      expect((await page(id, '?level=error')).events.map((e) => e.seq)).toEqual([1, 8, 15, 22, 29]);
      expect((await page(id, '?batch_id=batch-2&type=log&limit=3')).events.map((e) => e.seq)).toEqual([2, 5, 8]);
    });

    it.each(['?after=abc', '?limit=0', '?limit=1001', '?tail=0', '?after=1&before=5'])(
      'answers 400 for %s',
      async (query) => {
        const response = await request(ctx.app, member.token, {
          method: 'GET',
          url: `/api/v1/reviews/${id}/events${query}`,
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('bad_request');
      },
    );

    it('404s another org, 401s without a token', async () => {
      expect(
        (await request(ctx.app, otherOwner.token, { method: 'GET', url: `/api/v1/reviews/${id}/events` })).statusCode,
      ).toBe(404);
      expect(
        (await request(ctx.app, undefined, { method: 'GET', url: `/api/v1/reviews/${id}/events` })).statusCode,
      ).toBe(401);
    });

    it('downloads the whole log as text or NDJSON', async () => {
      const text = await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}/log` });
      expect(text.statusCode).toBe(200);
      expect(text.headers['content-disposition']).toBe(`attachment; filename="review-${id}-log.txt"`);
      const lines = text.body.trimEnd().split('\n');
      expect(lines).toHaveLength(30);
      expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR \[batch-1\] line 1$/);
      expect(lines[9]).toMatch(/INFO {2}\[batch-1\] Batch 1 running$/);

      const ndjson = await request(ctx.app, member.token, {
        method: 'GET',
        url: `/api/v1/reviews/${id}/log?format=ndjson`,
      });
      expect(ndjson.headers['content-disposition']).toBe(`attachment; filename="review-${id}-log.ndjson"`);
      const parsed = ndjson.body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(parsed.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(
        (await request(ctx.app, otherOwner.token, { method: 'GET', url: `/api/v1/reviews/${id}/log` })).statusCode,
      ).toBe(404);
      expect(
        (await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}/log?format=xml` }))
          .statusCode,
      ).toBe(400);
    });
  });
});
