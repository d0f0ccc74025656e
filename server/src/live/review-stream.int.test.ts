import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgWithUsers, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { openSse, type SseFrame } from '../testing/sse-client.ts';
import { startListeningTestApp, type ListeningTestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`SSE streams over HTTP on ${testDatabaseKind}`, () => {
  let ctx: ListeningTestContext;
  let clock: ManualClock;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    clock = new ManualClock();
    ctx = await startListeningTestApp({ clock, streams: { limits: { perUser: 3, perOrg: 100 } } });
    ({ orgId: orgA, owner, member, stranger } = await makeOrgWithUsers(ctx.database.db));
  });
  afterAll(() => ctx.close());

  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const ingest = async (reviewId: number, events: unknown[]) => {
    const response = await fetch(`${ctx.baseUrl}/reviews/${reviewId}/events`, {
      method: 'POST',
      headers: { ...auth(owner), 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { lastSeq: number };
  };
  const logs = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ type: 'log', data: { message: `line ${from + i}` } }));
  const seqs = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
  const newReview = () => makeReview(ctx.database.db, orgA, { status: 'in_progress' });

  it('replays stored events, then sends live ones, then `end` and closes after the terminal status', async () => {
    const id = await newReview();
    await ingest(id, logs(1, 3));
    const sse = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, auth(member));
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(sse.headers.get('x-accel-buffering')).toBe('no');

    const opening = await sse.until((f) => f.id === '3');
    expect(opening.slice(0, 2)).toEqual([{ retry: 3000 }, { comment: 'connected' }]);
    expect(seqs(opening)).toEqual([1, 2, 3]);
    const third = opening.find((f) => f.id === '3')!;
    expect(third.event).toBe('log');
    expect(JSON.parse(third.data!)).toMatchObject({ seq: 3, reviewId: id, type: 'log', data: { message: 'line 3' } });

    await ingest(id, logs(4, 5));
    expect(seqs(await sse.until((f) => f.id === '5'))).toEqual([4, 5]);

    await ingest(id, [
      { type: 'completion', data: { resultSummary: 'done', commentCount: 0 } },
      { type: 'status', data: { status: 'success' } },
    ]);
    const rest = await sse.rest();
    expect(seqs(rest)).toEqual([6, 7]);
    const end = rest.at(-1)!;
    expect(end.event).toBe('end');
    expect(JSON.parse(end.data!)).toEqual({ status: 'success', lastSeq: 7 });
  });

  it('resumes from Last-Event-ID or ?after= with exactly the missed events', async () => {
    const id = await newReview();
    await ingest(id, logs(1, 4));
    const first = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, auth(member));
    const seen = seqs(await first.until((f) => f.id === '4'));
    first.close();
    await ingest(id, logs(5, 8)); // happens while the client is away

    const again = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, { ...auth(member), 'last-event-id': '4' });
    const missed = seqs(await again.until((f) => f.id === '8'));
    again.close();
    expect([...seen, ...missed]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const byQuery = await openSse(`${ctx.baseUrl}/reviews/${id}/stream?after=6`, auth(member));
    expect(seqs(await byQuery.until((f) => f.id === '8'))).toEqual([7, 8]);
    byQuery.close();
  });

  it('answers 204 to a reconnect to a finished review that has nothing new', async () => {
    const id = await newReview();
    const { lastSeq } = await ingest(id, [{ type: 'status', data: { status: 'failed' } }]);
    const done = await fetch(`${ctx.baseUrl}/reviews/${id}/stream`, {
      headers: { ...auth(member), 'last-event-id': String(lastSeq) },
    });
    expect(done.status).toBe(204);
    const behind = await openSse(`${ctx.baseUrl}/reviews/${id}/stream?after=0`, auth(member));
    const frames = await behind.rest();
    expect(frames.at(-1)?.event).toBe('end');
  });

  it('sends a heartbeat comment when nothing happens for the heartbeat interval', async () => {
    const id = await newReview();
    const sse = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, auth(member));
    await sse.until((f) => f.comment === 'connected');
    await clock.sleeping();
    clock.advance(15_000);
    expect(await sse.next()).toEqual({ comment: 'ping' });
    sse.close();
  });

  it('authorizes before the first byte: 401, 404 for another org, 400 for a bad resume point', async () => {
    const id = await newReview();
    expect((await fetch(`${ctx.baseUrl}/reviews/${id}/stream`)).status).toBe(401);
    const foreign = await fetch(`${ctx.baseUrl}/reviews/${id}/stream`, { headers: auth(stranger) });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/application\/json/);
    expect(
      (await fetch(`${ctx.baseUrl}/reviews/${id}/stream`, { headers: { ...auth(member), 'last-event-id': 'abc' } }))
        .status,
    ).toBe(400);
  });

  it('caps concurrent streams per user with 429 and Retry-After', async () => {
    const id = await newReview();
    const capped = await makeUser(ctx.database.db, orgA, 'member');
    const open = await Promise.all([1, 2, 3].map(() => openSse(`${ctx.baseUrl}/reviews/${id}/stream`, auth(capped))));
    await Promise.all(open.map((s) => s.until((f) => f.comment === 'connected')));
    const fourth = await fetch(`${ctx.baseUrl}/reviews/${id}/stream`, { headers: auth(capped) });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('10');
    expect(((await fourth.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    open.forEach((s) => s.close());
  });

  it('streams list changes of the caller’s org only', async () => {
    const sse = await openSse(`${ctx.baseUrl}/reviews/stream`, auth(member));
    await sse.until((f) => f.comment === 'connected');
    const id = await newReview();
    await makeReview(ctx.database.db, await makeOrg(ctx.database.db), { status: 'in_progress' });
    await ingest(id, [{ type: 'status', data: { status: 'success' } }]);
    const frames = await sse.until((f) => f.event === 'review');
    const summary = JSON.parse(frames.at(-1)!.data!);
    expect(summary).toMatchObject({ id, orgId: orgA, status: 'success' });
    sse.close();
  });
});

describe(`list stream throttling on ${testDatabaseKind}`, () => {
  it('sends at most one frame per review per second, and always the latest state', async () => {
    const clock = new ManualClock();
    const ctx = await startListeningTestApp({ clock });
    try {
      const { db } = ctx.database;
      const orgId = await makeOrg(db);
      const owner = await makeUser(db, orgId, 'owner');
      const id = await makeReview(db, orgId, { status: 'created', startedAt: null, completedAt: null });
      const headers = { authorization: `Bearer ${owner.token}` };
      const sse = await openSse(`${ctx.baseUrl}/reviews/stream?status=queued,running,success`, headers);
      await sse.until((f) => f.comment === 'connected');
      const ingest = (status: string) =>
        ctx.app.inject({
          method: 'POST',
          url: `/api/v1/reviews/${id}/events`,
          headers,
          payload: { events: [{ type: 'status', data: { status } }] },
        });

      await ingest('running');
      const first = await sse.until((f) => f.event === 'review');
      expect(JSON.parse(first.at(-1)!.data!)).toMatchObject({ id, status: 'running' });

      // Within the same second: held back until the clock moves on, then sent once, up to date.
      await ingest('success');
      await clock.sleeping();
      await expect.poll(() => clock.nextWakeIn()).toBe(1_000);
      clock.advance(1_000);
      const second = await sse.until((f) => f.event === 'review');
      expect(JSON.parse(second.at(-1)!.data!)).toMatchObject({ id, status: 'success' });
      sse.close();
    } finally {
      await ctx.close();
    }
  });
});

describe(`stream shutdown on ${testDatabaseKind}`, () => {
  it('ends open streams when the server closes, telling clients when to reconnect', async () => {
    const { app, database, baseUrl } = await startListeningTestApp();
    const orgId = await makeOrg(database.db);
    const user = await makeUser(database.db, orgId);
    const id = await makeReview(database.db, orgId, { status: 'in_progress' });
    const sse = await openSse(`${baseUrl}/reviews/${id}/stream`, { authorization: `Bearer ${user.token}` });
    await sse.until((f) => f.comment === 'connected');
    await app.close();
    // Reconnects are spread over [retryMs, 2 × retryMs) so a process's clients do not all arrive at once.
    expect(await sse.rest()).toEqual([
      { comment: 'server shutting down; reconnect' },
      { retry: expect.toSatisfy((ms: number) => ms >= 3_000 && ms < 6_000) },
    ]);
    await database.close();
  });
});
