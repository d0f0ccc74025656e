import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLevel, eventMessage, type EventSearchResponse, type EventsPage } from '@reviewtrace/contracts';
import { appendEventsBySql, makeOrgWithUsers, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { SEARCH_MIN_SPAN } from './events.service.ts';

describe(`GET /api/v1/reviews/:id/events/search on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let otherMember: TestUser;
  let superAdmin: TestUser;
  /** A review with one event of each kind a line is made from. */
  let mixed: number;
  /** A review longer than one scan range, with the needle on both sides of range boundaries. */
  let long: number;
  const longNeedles = [7, SEARCH_MIN_SPAN, SEARCH_MIN_SPAN + 1, 2 * SEARCH_MIN_SPAN + 100];
  const longLength = 2 * SEARCH_MIN_SPAN + 500;

  const ingest = async (reviewId: number, events: unknown[]) => {
    const response = await request(ctx.app, owner.token, {
      method: 'POST',
      url: `/api/v1/reviews/${reviewId}/events`,
      payload: { events },
    });
    expect(response.statusCode).toBe(200);
  };

  beforeAll(async () => {
    // The sweep below sends hundreds of searches; the download limit they share is tested elsewhere.
    ctx = await startTestApp({ rateLimits: { downloads: 100_000 } });
    const db = ctx.database.db;
    ({ orgId: orgA, owner, member, stranger: otherMember } = await makeOrgWithUsers(db, { strangerRole: 'member' }));
    superAdmin = await makeUser(db, otherMember.orgId, 'super_admin');

    const running = { status: 'created' as const, startedAt: null, completedAt: null };
    mixed = await makeReview(db, orgA, running);
    await ingest(mixed, [
      { type: 'status', data: { status: 'running' } }, // 1
      { type: 'log', level: 'info', data: { message: 'Fetched 3 files from acme/api' } }, // 2
      { type: 'batch', batchId: 'batch-1', data: { batchId: 'batch-1', status: 'running', fileCount: 3 } }, // 3
      {
        type: 'model_call',
        batchId: 'batch-1',
        data: { phase: 'start', provider: 'ollama', model: 'qwen2.5-coder', streaming: true, attempt: 1 },
      }, // 4
      {
        type: 'model_call',
        batchId: 'batch-1',
        data: { phase: 'progress', provider: 'ollama', model: 'qwen2.5-coder', chunks: 12, chars: 480, ttfbMs: 350 },
      }, // 5
      {
        type: 'log',
        level: 'warn',
        batchId: 'batch-1',
        data: { message: 'No streaming chunks within 30s; retrying without streaming', code: 'stream_stall' },
      }, // 6
      {
        type: 'batch',
        batchId: 'batch-1',
        data: { batchId: 'batch-1', status: 'fallback', fallback: { reason: 'no_chunks', afterMs: 30000 } },
      }, // 7
      {
        type: 'model_call',
        batchId: 'batch-1',
        data: { phase: 'end', provider: 'ollama', model: 'qwen2.5-coder', streaming: false, durationMs: 4200 },
      }, // 8
      { type: 'parse', batchId: 'batch-1', data: { outcome: 'repaired', strategy: 'jsonrepair', why: 'cut off' } }, // 9
      { type: 'log', data: { message: 'The model said "LGTM" at 100% \\ done_now' } }, // 10
      { type: 'log', level: 'debug', data: { message: 'Äpfel und Birnen' } }, // 11
      { type: 'artifact', data: { kind: 'prompt', sizeBytes: 2048, artifactId: 'a-1' } }, // 12
      { type: 'completion', data: { resultSummary: 'Two problems', commentCount: 2, errorSummary: 'timed out' } }, // 13
      { type: 'status', data: { status: 'failed', durationMs: 42000 } }, // 14
      { type: 'custom_metric', data: { tokens: 5, note: 'ok' } }, // 15
    ]);
    // What another engine may store by SQL: a message that is not a string (shown as compact JSON).
    await appendEventsBySql(db, mixed, orgA, [{ type: 'log', data: { message: { k: [1, 2] }, code: 'x' } }]); // 16
    await ingest(mixed, [
      {
        type: 'model_call',
        level: 'warn',
        batchId: 'batch-2',
        data: {
          phase: 'end',
          provider: 'openai',
          model: 'gpt-4o-mini',
          streaming: true,
          attempt: 2,
          chunks: 0,
          error: 'HTTP 429 Too Many Requests',
        },
      }, // 17
    ]);

    long = await makeReview(db, orgA, running);
    const lines = Array.from({ length: longLength }, (_, i) => ({
      type: 'log',
      data: { message: longNeedles.includes(i + 1) ? `found the Needle at ${i + 1}` : `line ${i + 1}` },
    }));
    for (let i = 0; i < lines.length; i += 1000) await ingest(long, lines.slice(i, i + 1000));
  });
  afterAll(() => ctx.close());

  const search = (reviewId: number, query: Record<string, string>, user: TestUser = member) =>
    request(ctx.app, user.token, {
      method: 'GET',
      url: `/api/v1/reviews/${reviewId}/events/search?${new URLSearchParams(query)}`,
    });
  const found = async (reviewId: number, query: Record<string, string>) => {
    const response = await search(reviewId, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as EventSearchResponse;
  };
  const matchesOf = async (q: string, extra: Record<string, string> = {}) =>
    (await found(mixed, { q, ...extra })).matches;

  it('finds text across the whole log, ascending, through several scan ranges', async () => {
    expect(await found(long, { q: 'needle' })).toEqual({
      matches: longNeedles,
      hasMore: false,
      nextCursor: null,
      scannedThrough: longLength,
    });
  });

  it('stops at the limit and continues from nextCursor', async () => {
    const first = await found(long, { q: 'NEEDLE', limit: '3' });
    expect(first).toEqual({
      matches: longNeedles.slice(0, 3),
      hasMore: true,
      nextCursor: longNeedles[2],
      scannedThrough: longNeedles[2],
    });
    const rest = await found(long, { q: 'NEEDLE', limit: '3', after: String(first.nextCursor) });
    expect(rest).toEqual({
      matches: longNeedles.slice(3),
      hasMore: false,
      nextCursor: null,
      scannedThrough: longLength,
    });
    // A limit reached on the last event is the end of the log, not "more".
    const exact = await found(long, { q: `line ${longLength}`, limit: '1' });
    expect(exact).toMatchObject({ matches: [longLength], hasMore: false, nextCursor: null });
    expect(await found(long, { q: 'needle', after: String(longLength + 10) })).toEqual({
      matches: [],
      hasMore: false,
      nextCursor: null,
      scannedThrough: longLength + 10,
    });
  });

  it('matches what the reader sees: template words, batch ids and levels, not only stored text', async () => {
    expect(await matchesOf('review FAILED after 42s')).toEqual([14]);
    expect(await matchesOf('non-streaming')).toEqual([8]);
    expect(await matchesOf('Model call progress: ollama/qwen')).toEqual([5]);
    expect(await matchesOf('streaming (stream_stall)')).toEqual([6]);
    expect(await matchesOf('fallback: no_chunks after 30000ms')).toEqual([7]);
    expect(await matchesOf('Completed: Two problems — error: timed out')).toEqual([13]);
    expect(await matchesOf('{"k":[1,2]}')).toEqual([16]);
    expect(await matchesOf('custom_metric: {"note":"ok"')).toEqual([15]);
    expect(await matchesOf('batch-1')).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(await matchesOf('warn')).toEqual([6, 7, 17]);
    expect(await matchesOf('ERROR')).toEqual([13, 14, 17]);
    expect(await matchesOf('(streaming, attempt 2, 0 chunks, error: HTTP 429')).toEqual([17]);
    expect(await matchesOf('debu')).toEqual([11]);
    // Nearly every line shows INFO without storing it.
    expect(await matchesOf('nfo')).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 12, 13, 15, 16]);
  });

  it('takes quotes, backslashes, LIKE wildcards and non-ASCII letters literally', async () => {
    expect(await matchesOf('said "lgtm"')).toEqual([10]);
    expect(await matchesOf('\\')).toEqual([10]);
    expect(await matchesOf('100% \\ done_')).toEqual([10]);
    expect(await matchesOf('%')).toEqual([10]);
    expect(await matchesOf('_now')).toEqual([10]);
    expect(await matchesOf('ÄPFEL')).toEqual([11]);
    expect(await matchesOf('nothing like this')).toEqual([]);
  });

  it('finds every piece of every line it shows (the prefilter never drops a match)', async () => {
    const page = (
      await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${mixed}/events?limit=100` })
    ).json() as EventsPage;
    const pieces = new Map<string, Set<number>>();
    for (const event of page.events) {
      for (const text of [eventMessage(event), event.batchId ?? '', eventLevel(event)]) {
        for (const length of [2, 5, 11]) {
          for (let start = 0; start + length <= text.length; start += 3) {
            const piece = text.slice(start, start + length);
            if (!pieces.has(piece)) pieces.set(piece, new Set());
            pieces.get(piece)!.add(event.seq);
          }
        }
      }
    }
    const missed: string[] = [];
    for (const [piece, seqs] of pieces) {
      const matches = new Set(await matchesOf(piece));
      for (const seq of seqs) if (!matches.has(seq)) missed.push(`${JSON.stringify(piece)} in ${seq}`);
    }
    expect(missed).toEqual([]);
  });

  it('applies the type, level and batch_id filters of the events window', async () => {
    expect(await matchesOf('stream', { type: 'model_call' })).toEqual([4, 8, 17]);
    expect(await matchesOf('stream', { type: 'log,model_call', level: 'warn' })).toEqual([6, 17]);
    expect(await matchesOf('stream', { batch_id: 'batch-1' })).toEqual([4, 6, 8]);
    expect(await matchesOf('stream', { batch_id: 'batch-3' })).toEqual([]);
  });

  it("hides another org's review, admits a super_admin, and refuses an org the caller is not in", async () => {
    const other = await search(mixed, { q: 'needle' }, otherMember);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ error: { code: 'not_found', message: `Review ${mixed} not found` } });
    expect((await search(mixed, { q: 'batch-1' }, superAdmin)).statusCode).toBe(200);
    const foreignOrg = await request(ctx.app, member.token, {
      method: 'GET',
      url: `/api/v1/reviews/${mixed}/events/search?q=x`,
      org: otherMember.orgId,
    });
    expect(foreignOrg.statusCode).toBe(403);
    expect(foreignOrg.json()).toMatchObject({ error: { code: 'forbidden' } });
    const anonymous = await request(ctx.app, undefined, {
      method: 'GET',
      url: `/api/v1/reviews/${mixed}/events/search?q=x`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await search(999_999_999, { q: 'x' })).statusCode).toBe(404);
  });

  it('answers a malformed query with a 400 envelope naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'querystring.q'],
      [{ q: '' }, 'querystring.q'],
      [{ q: 'x'.repeat(201) }, 'querystring.q'],
      [{ q: 'a\u0000b' }, 'querystring.q'],
      [{ q: 'x', limit: '0' }, 'querystring.limit'],
      [{ q: 'x', limit: '5001' }, 'querystring.limit'],
      [{ q: 'x', limit: 'many' }, 'querystring.limit'],
      [{ q: 'x', after: '-1' }, 'querystring.after'],
      [{ q: 'x', after: '1e9' }, 'querystring.after'],
      [{ q: 'x', type: 'x'.repeat(501) }, 'querystring.type'],
    ];
    for (const [query, field] of cases) {
      const response = await search(mixed, query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      const body = response.json() as { error: { code: string; details: { field: string }[] } };
      expect(body.error.code).toBe('bad_request');
      expect(body.error.details.map((d) => d.field)).toContain(field);
    }
    const badId = await request(ctx.app, member.token, { method: 'GET', url: '/api/v1/reviews/abc/events/search?q=x' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await found(mixed, { q: 'x'.repeat(200), limit: '5000' })).matches).toEqual([]);
  });

  it('is documented in the OpenAPI spec', async () => {
    const spec = (await ctx.app.inject('/api/v1/openapi.json')).json();
    const operation = spec.paths['/api/v1/reviews/{id}/events/search'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'q', 'after', 'limit', 'type', 'level', 'batch_id']),
    );
    const response = operation.responses['200'].content['application/json'].schema;
    expect(response.required).toEqual(['matches', 'hasMore', 'nextCursor', 'scannedThrough']);
  });
});
