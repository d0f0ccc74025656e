import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, SignJWT } from 'jose';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET, type TestUser } from '../testing/factories.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { startListeningTestApp, type ListeningTestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { openWs, type WsConnection, type WsMessage } from '../testing/ws-client.ts';

const SLOW_CLIENT_MS = 5_000;
const MAX_LIFETIME_MS = 10 * 60_000;

describe(`WebSocket sockets over time on ${testDatabaseKind}`, () => {
  let ctx: ListeningTestContext;
  let wsUrl: string;
  // Real time at the start, so the factories' 1 h tokens stay valid while the tests move it ahead.
  const clock = new ManualClock(Date.now());
  let orgA: number;
  let owner: TestUser;

  beforeAll(async () => {
    ctx = await startListeningTestApp({
      clock,
      streams: { slowClientMs: SLOW_CLIENT_MS, wsMaxBufferedBytes: 16 * 1024, maxLifetimeMs: MAX_LIFETIME_MS },
    });
    wsUrl = `${ctx.baseUrl.replace(/^http/, 'ws')}/ws`;
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
    return (await response.json()) as { lastSeq: number };
  };
  const subscribed = (socket: WsConnection, topic: string, after?: number) => {
    socket.send({ op: 'subscribe', topic, ...(after === undefined ? {} : { after }) });
    return socket.until((m) => m.op === 'subscribed' && m.topic === topic);
  };
  const newReview = () => makeReview(ctx.database.db, orgA, { status: 'in_progress' });
  const rest = async (socket: WsConnection) => {
    const messages: WsMessage[] = [];
    for (let m = await socket.next(); m; m = await socket.next()) messages.push(m);
    return messages;
  };
  const tokenFor = (user: TestUser, ms: number) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setExpirationTime(Math.floor((clock.now() + ms) / 1000))
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));

  it('closes a client that stops reading with 4008; it resumes by seq without gaps or repeats', async () => {
    const id = await newReview();
    const topic = `review:${id}`;
    const socket = await openWs(wsUrl, bearer(owner.token));
    await subscribed(socket, topic);
    socket.ws.pause(); // the client stops reading: kernel buffers fill, then the server's

    // Big events until the server waits for the client (its slow-client deadline is on the clock).
    const big = (n: number) =>
      Array.from({ length: 100 }, (_, i) => ({ type: 'log', data: { message: `${n}.${i} ${'x'.repeat(8_000)}` } }));
    let lastSeq = 0;
    for (let n = 0; clock.nextWakeIn() > SLOW_CLIENT_MS; n++) {
      if (n > 200) throw new Error('the server never waited for the client');
      ({ lastSeq } = await ingest(id, big(n)));
    }
    // Stored while the server waits: not sent on this socket, caught up after the reconnect.
    ({ lastSeq } = await ingest(id, big(-1)));
    clock.advance(SLOW_CLIENT_MS);
    socket.ws.resume();
    const delivered = (await rest(socket)).filter((m) => m.topic === topic && m.seq !== undefined).map((m) => m.seq!);
    expect(await socket.closed).toMatchObject({ code: 4008 });
    expect(delivered.length).toBeLessThan(lastSeq);

    const again = await openWs(wsUrl, bearer(owner.token));
    await subscribed(again, topic, delivered.at(-1));
    for (const m of await again.until((m) => m.seq === lastSeq)) if (m.seq !== undefined) delivered.push(m.seq);
    again.close();
    expect(delivered).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  });

  it('pings every heartbeat and drops a peer that did not answer the previous ping', async () => {
    const socket = await openWs(wsUrl, bearer(owner.token), { autoPong: false });
    const pinged = new Promise((resolve) => socket.ws.once('ping', resolve));
    await expect.poll(() => clock.nextWakeIn()).toBeLessThanOrEqual(15_000);
    clock.advance(15_000);
    await pinged;
    await expect.poll(() => clock.nextWakeIn()).toBeLessThanOrEqual(15_000);
    clock.advance(15_000);
    expect((await socket.closed).code).toBe(1006);
  });

  it('ends the socket at the token’s exp: an unauthorized error frame, then close 4001', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const token = await tokenFor(user, 30_000);
    const id = await newReview();
    const socket = await openWs(wsUrl, bearer(token));
    await subscribed(socket, `review:${id}`);
    clock.advance(decodeJwt(token).exp! * 1000 - clock.now());
    await ingest(id, [{ type: 'log', data: { message: 'after exp' } }]);
    expect(await rest(socket)).toEqual([
      { op: 'error', code: 'unauthorized', message: 'Your session has expired; sign in again' },
    ]);
    expect((await socket.closed).code).toBe(4001);
  });

  it('ends a socket whose user left the org within one re-check, even with no topic', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const socket = await openWs(wsUrl, bearer(user.token));
    await ctx.database.db.deleteFrom('user_roles').where('user_id', '=', user.id).execute();
    clock.advance(60_000);
    expect(await rest(socket)).toEqual([
      { op: 'error', code: 'unauthorized', message: 'You no longer have access to this stream' },
    ]);
    expect((await socket.closed).code).toBe(4001);
  });

  it('closes with 4000 at the maximum lifetime; resubscribing from the last seq misses nothing', async () => {
    const user = await makeUser(ctx.database.db, orgA);
    const id = await newReview();
    await ingest(id, [{ type: 'log', data: { message: 'one' } }]);
    const socket = await openWs(wsUrl, bearer(user.token));
    await subscribed(socket, `review:${id}`);
    await socket.until((m) => m.seq === 1);
    // Re-checks come due on the way (every 60 s): the session stays good.
    for (let moved = 0; moved < MAX_LIFETIME_MS; moved += 60_000) clock.advance(60_000);
    expect((await socket.closed).code).toBe(4000);
    await ingest(id, [{ type: 'log', data: { message: 'two' } }]);
    const again = await openWs(wsUrl, bearer(user.token));
    await subscribed(again, `review:${id}`, 1);
    expect(await again.next()).toMatchObject({ seq: 2, data: { message: 'two' } });
    again.close();
  });
});

describe(`WebSocket shutdown on ${testDatabaseKind}`, () => {
  it('closes open sockets with 1012 and a spread retry delay when the server closes', async () => {
    const { app, database, baseUrl } = await startListeningTestApp();
    const orgId = await makeOrg(database.db);
    const user = await makeUser(database.db, orgId);
    const socket = await openWs(`${baseUrl.replace(/^http/, 'ws')}/ws`, { authorization: `Bearer ${user.token}` });
    await app.close();
    const { code, reason } = await socket.closed;
    expect(code).toBe(1012);
    const retryMs = Number(/^retry=(\d+)$/.exec(reason)?.[1]);
    expect(retryMs).toBeGreaterThanOrEqual(3_000);
    expect(retryMs).toBeLessThan(6_000);
    await database.close();
  });
});
