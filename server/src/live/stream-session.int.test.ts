import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, SignJWT } from 'jose';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET, type TestUser } from '../testing/factories.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { openSse, type SseFrame } from '../testing/sse-client.ts';
import { startListeningTestApp, type ListeningTestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const MAX_LIFETIME_MS = 5 * 60_000;
const expired = { code: 'unauthorized', message: 'Your session has expired; sign in again' };
const noAccess = { code: 'unauthorized', message: 'You no longer have access to this stream' };

describe(`open streams re-check who is listening on ${testDatabaseKind}`, () => {
  let ctx: ListeningTestContext;
  // Starts at real time, so the factories’ 1 h tokens stay valid while the tests move it ~11 min ahead.
  const clock = new ManualClock(Date.now());
  let orgA: number;
  let owner: TestUser;

  beforeAll(async () => {
    // Re-check every 60 s and heartbeat every 15 s: the defaults.
    ctx = await startListeningTestApp({ clock, streams: { maxLifetimeMs: MAX_LIFETIME_MS } });
    orgA = await makeOrg(ctx.database.db);
    owner = await makeUser(ctx.database.db, orgA, 'owner');
  });
  afterAll(() => ctx.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const ingest = async (reviewId: number, events: unknown[]) => {
    const response = await fetch(`${ctx.baseUrl}/reviews/${reviewId}/events`, {
      method: 'POST',
      headers: { ...bearer(owner.token), 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
  };
  const logs = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ type: 'log', data: { message: `line ${from + i}` } }));
  const seqs = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
  const newReview = () => makeReview(ctx.database.db, orgA, { status: 'in_progress' });
  /** A list-stream notification: a review of org A changes. */
  const changeAReview = async () => ingest(await newReview(), [{ type: 'status', data: { status: 'success' } }]);
  /** A token that expires `ms` from now on the test's clock (which runs ahead of real time). */
  const tokenFor = (user: TestUser, ms: number) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setExpirationTime(Math.floor((clock.now() + ms) / 1000))
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  const expiryOf = (token: string) => decodeJwt(token).exp! * 1000;
  /** Moves the clock once the stream under test waits on it. */
  const advance = async (ms: number) => {
    await clock.sleeping();
    clock.advance(ms);
  };
  const removeFromOrgs = (user: TestUser) =>
    ctx.database.db.deleteFrom('user_roles').where('user_id', '=', user.id).execute();
  /** The stream closed with the `error` frame, after delivering no event. */
  const expectEndedUnauthorized = (frames: SseFrame[], data: object) => {
    expect(frames.filter((f) => f.id !== undefined || f.event === 'review')).toEqual([]);
    const last = frames.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.id).toBeUndefined();
    expect(JSON.parse(last.data!)).toEqual(data);
  };

  it('review stream: at the token’s exp, ends with `error` unauthorized and delivers nothing written after', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const token = await tokenFor(user, 30_000);
    const id = await newReview();
    await ingest(id, logs(1, 2));
    const sse = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, bearer(token));
    expect(seqs(await sse.until((f) => f.id === '2'))).toEqual([1, 2]);

    // Exactly at exp, sooner than the 60 s re-check: the check is scheduled for it.
    await advance(expiryOf(token) - clock.now());
    await ingest(id, logs(3, 3));
    expectEndedUnauthorized(await sse.rest(), expired);
  });

  it('review stream: a user removed from the org loses it within one re-check interval', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const id = await newReview();
    const sse = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, bearer(user.token));
    await sse.until((f) => f.comment === 'connected');
    await removeFromOrgs(user);

    await advance(60_000);
    await ingest(id, logs(1, 1));
    expectEndedUnauthorized(await sse.rest(), noAccess);
  });

  it('list stream (cookie session): at the token’s exp, ends with `error` unauthorized', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const token = await tokenFor(user, 30_000);
    const sse = await openSse(`${ctx.baseUrl}/reviews/stream`, { cookie: `rt_session=${token}` });
    expect(sse.status).toBe(200);
    await sse.until((f) => f.comment === 'connected');

    await advance(expiryOf(token) - clock.now());
    await changeAReview();
    expectEndedUnauthorized(await sse.rest(), expired);
  });

  it('list stream: a user removed from the org loses it within one re-check interval', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const sse = await openSse(`${ctx.baseUrl}/reviews/stream`, bearer(user.token));
    await sse.until((f) => f.comment === 'connected');
    await removeFromOrgs(user);

    await advance(60_000);
    await changeAReview();
    expectEndedUnauthorized(await sse.rest(), noAccess);
  });

  it('ends a stream cleanly at its maximum lifetime; a reconnect from Last-Event-ID misses and repeats nothing', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const id = await newReview();
    await ingest(id, logs(1, 3));
    const first = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, bearer(user.token));
    const delivered = seqs(await first.until((f) => f.id === '3'));

    // Written at the cut: each goes out on the first stream or, if it ended first, on the reconnect.
    await clock.sleeping();
    await ingest(id, logs(4, 5));
    clock.advance(MAX_LIFETIME_MS);
    const tail = await first.rest();
    expect(tail.filter((f) => f.event === 'error')).toEqual([]);
    expect(tail.at(-1)).toEqual({ comment: 'maximum stream lifetime reached; reconnect' });
    delivered.push(...seqs(tail));

    await ingest(id, logs(6, 7)); // while the client is away
    const again = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, {
      ...bearer(user.token),
      'last-event-id': String(delivered.at(-1)),
    });
    expect(again.status).toBe(200);
    delivered.push(...seqs(await again.until((f) => f.id === '7')));
    again.close();
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps delivering to a still-valid session across several re-checks, then ends it at exp', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const token = await tokenFor(user, 200_000);
    const id = await newReview();
    const sse = await openSse(`${ctx.baseUrl}/reviews/${id}/stream`, bearer(token));
    await sse.until((f) => f.comment === 'connected');

    for (const seq of [1, 2, 3]) {
      await advance(60_000); // a re-check each time: the session is still good
      await ingest(id, logs(seq, seq));
      const frames = await sse.until((f) => f.id === String(seq));
      expect(frames.filter((f) => f.event === 'error')).toEqual([]);
      expect(seqs(frames)).toEqual([seq]);
    }

    await advance(expiryOf(token) - clock.now());
    expectEndedUnauthorized(await sse.rest(), expired);
  });
});
