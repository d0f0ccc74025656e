import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgWithUsers, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { startListeningTestApp, type ListeningTestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { openWs, refusedWs, type WsConnection, type WsMessage } from '../testing/ws-client.ts';

describe(`WebSocket live transport over HTTP on ${testDatabaseKind}`, () => {
  let ctx: ListeningTestContext;
  let wsUrl: string;
  let origin: string;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    ctx = await startListeningTestApp({
      streams: { limits: { perUser: 2, perOrg: 100 }, wsMaxSubscriptions: 3 },
    });
    wsUrl = `${ctx.baseUrl.replace(/^http/, 'ws')}/ws`;
    origin = new URL(ctx.baseUrl).origin;
    ({ orgId: orgA, owner, member, stranger } = await makeOrgWithUsers(ctx.database.db));
  });
  afterAll(() => ctx.close());

  const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const ingest = async (reviewId: number, events: unknown[]) => {
    const response = await fetch(`${ctx.baseUrl}/reviews/${reviewId}/events`, {
      method: 'POST',
      headers: { ...bearer(owner), 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
  };
  const logs = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ type: 'log', data: { message: `line ${from + i}` } }));
  const newReview = () => makeReview(ctx.database.db, orgA, { status: 'in_progress' });
  const seqsOf = (messages: WsMessage[], topic: string) =>
    messages.filter((m) => m.topic === topic && m.seq !== undefined).map((m) => m.seq);
  const subscribed = (socket: WsConnection, topic: string, after?: number) => {
    socket.send({ op: 'subscribe', topic, ...(after === undefined ? {} : { after }) });
    return socket.until((m) => m.op === 'subscribed' && m.topic === topic);
  };

  describe('authorizes before the upgrade completes', () => {
    it('accepts a cookie session from the same origin', async () => {
      const socket = await openWs(wsUrl, { cookie: `rt_session=${member.token}`, origin });
      socket.close();
      expect((await socket.closed).code).toBe(1005);
    });

    it('refuses a cookie session from another origin with 403 and the error envelope', async () => {
      const refusal = await refusedWs(wsUrl, { cookie: `rt_session=${member.token}`, origin: 'https://evil.example' });
      expect(refusal.status).toBe(403);
      expect(refusal.body.error?.code).toBe('forbidden');
      const noOrigin = await refusedWs(wsUrl, { cookie: `rt_session=${member.token}` });
      expect(noOrigin.status).toBe(403);
    });

    it('accepts a bearer token from anywhere (no cookie, so no cross-site risk)', async () => {
      const socket = await openWs(wsUrl, { ...bearer(member), origin: 'https://cli.example' });
      socket.close();
      await socket.closed;
    });

    it('refuses a socket without credentials with 401, and a plain GET with 426', async () => {
      const refusal = await refusedWs(wsUrl);
      expect(refusal.status).toBe(401);
      expect(refusal.body.error?.code).toBe('unauthorized');
      expect((await refusedWs(wsUrl, { authorization: 'Bearer nope' })).status).toBe(401);
      const plain = await fetch(`${ctx.baseUrl}/ws`, { headers: bearer(member) });
      expect(plain.status).toBe(426);
    });

    it('caps open sockets per user with 429 (the SSE stream cap), freed when one closes', async () => {
      const capped = await makeUser(ctx.database.db, orgA, 'member');
      const open = [await openWs(wsUrl, bearer(capped)), await openWs(wsUrl, bearer(capped))];
      const refusal = await refusedWs(wsUrl, bearer(capped));
      expect(refusal.status).toBe(429);
      expect(refusal.body.error?.code).toBe('rate_limited');
      open[0]!.close();
      await open[0]!.closed;
      await expect
        .poll(
          async () =>
            await openWs(wsUrl, bearer(capped)).then(
              (s) => (s.close(), 101),
              () => 429,
            ),
        )
        .toBe(101);
      open[1]!.close();
    });
  });

  it('catches up from `after`, then sends live events in seq order with the topic, then `end`', async () => {
    const id = await newReview();
    const topic = `review:${id}`;
    await ingest(id, logs(1, 4));
    const socket = await openWs(wsUrl, bearer(member));
    await subscribed(socket, topic, 2);
    const caught = await socket.until((m) => m.seq === 4);
    expect(seqsOf(caught, topic)).toEqual([3, 4]);
    expect(caught.at(-1)).toMatchObject({ topic, seq: 4, reviewId: id, type: 'log', data: { message: 'line 4' } });

    await ingest(id, logs(5, 6));
    expect(seqsOf(await socket.until((m) => m.seq === 6), topic)).toEqual([5, 6]);

    await ingest(id, [{ type: 'status', data: { status: 'success' } }]);
    const tail = await socket.until((m) => m.op === 'end');
    expect(seqsOf(tail, topic)).toEqual([7]);
    expect(tail.at(-1)).toEqual({ op: 'end', topic, status: 'success', lastSeq: 7 });
    // The socket stays open for other topics; a finished review answers `end` at once.
    await subscribed(socket, topic, 7);
    expect(await socket.next()).toEqual({ op: 'end', topic, status: 'success', lastSeq: 7 });
    socket.close();
  });

  it('follows two topics on one socket; another org’s review gets not_found and the others keep flowing', async () => {
    const [first, second] = [await newReview(), await newReview()];
    const foreign = await makeReview(ctx.database.db, await makeOrg(ctx.database.db), { status: 'in_progress' });
    const socket = await openWs(wsUrl, bearer(member));
    await subscribed(socket, `review:${first}`);
    await subscribed(socket, `review:${second}`);
    socket.send({ op: 'subscribe', topic: `review:${foreign}` });
    expect(await socket.until((m) => m.op === 'error')).toEqual([
      { op: 'error', topic: `review:${foreign}`, code: 'not_found', message: 'No such review' },
    ]);
    socket.send({ op: 'subscribe', topic: 'review:999999999' });
    expect((await socket.until((m) => m.op === 'error')).at(-1)).toMatchObject({ code: 'not_found' });

    await ingest(first, logs(1, 2));
    await ingest(second, logs(1, 3));
    await ingest(first, logs(3, 3));
    const messages: WsMessage[] = [];
    while (seqsOf(messages, `review:${first}`).length < 3 || seqsOf(messages, `review:${second}`).length < 3) {
      messages.push((await socket.next())!);
    }
    expect(seqsOf(messages, `review:${first}`)).toEqual([1, 2, 3]);
    expect(seqsOf(messages, `review:${second}`)).toEqual([1, 2, 3]);
    socket.close();
  });

  it('stops a topic’s frames after unsubscribe; other topics go on', async () => {
    const [kept, left] = [await newReview(), await newReview()];
    const socket = await openWs(wsUrl, bearer(member));
    await subscribed(socket, `review:${kept}`);
    await subscribed(socket, `review:${left}`);
    socket.send({ op: 'unsubscribe', topic: `review:${left}` });
    await socket.until((m) => m.op === 'unsubscribed');
    await ingest(left, logs(1, 2));
    await ingest(kept, logs(1, 1));
    const messages = await socket.until((m) => m.topic === `review:${kept}` && m.seq === 1);
    expect(messages.filter((m) => m.topic === `review:${left}`)).toEqual([]);
    socket.close();
  });

  it('sends the org’s review-level changes on the `reviews` topic, and no other org’s', async () => {
    const socket = await openWs(wsUrl, bearer(member));
    await subscribed(socket, 'reviews');
    // A change in another org first: were it leaked, it would be the first list frame.
    const other = await makeOrgWithUsers(ctx.database.db);
    const foreign = await makeReview(ctx.database.db, other.orgId, { status: 'in_progress' });
    await fetch(`${ctx.baseUrl}/reviews/${foreign}/events`, {
      method: 'POST',
      headers: { ...bearer(other.owner), 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'status', data: { status: 'success' } }] }),
    });
    const id = await newReview();
    await ingest(id, [{ type: 'status', data: { status: 'success' } }]);
    const messages = await socket.until((m) => m.topic === 'reviews');
    expect(messages.at(-1)).toMatchObject({ topic: 'reviews', type: 'review', id, orgId: orgA, status: 'success' });
    socket.close();
  });

  it('answers bad messages with bad_request and keeps the socket open', async () => {
    const socket = await openWs(wsUrl, bearer(member));
    for (const bad of [
      'not json',
      '[1]',
      { op: 'dance' },
      { op: 'subscribe', topic: 'review:abc' },
      { op: 'subscribe', topic: 'reviews', after: -1 },
    ]) {
      socket.send(bad);
      expect(await socket.next()).toMatchObject({ op: 'error', code: 'bad_request' });
    }
    const id = await newReview();
    await ingest(id, logs(1, 1));
    await subscribed(socket, `review:${id}`);
    expect(await socket.next()).toMatchObject({ topic: `review:${id}`, seq: 1 });
    socket.close();
  });

  it('caps topics per socket: the next subscribe gets rate_limited, the socket stays open', async () => {
    const socket = await openWs(wsUrl, bearer(member));
    const ids = [await newReview(), await newReview(), await newReview(), await newReview()];
    for (const id of ids.slice(0, 3)) await subscribed(socket, `review:${id}`);
    socket.send({ op: 'subscribe', topic: `review:${ids[3]}` });
    expect(await socket.until((m) => m.op === 'error')).toEqual([
      expect.objectContaining({ op: 'error', topic: `review:${ids[3]}`, code: 'rate_limited' }),
    ]);
    socket.send({ op: 'unsubscribe', topic: `review:${ids[0]}` });
    await socket.until((m) => m.op === 'unsubscribed');
    await subscribed(socket, `review:${ids[3]}`);
    socket.close();
  });

  it('never reveals another org’s topics to a stranger, whatever the socket', async () => {
    const id = await newReview();
    await ingest(id, logs(1, 1));
    const socket = await openWs(wsUrl, bearer(stranger));
    socket.send({ op: 'subscribe', topic: `review:${id}` });
    expect(await socket.next()).toMatchObject({ op: 'error', topic: `review:${id}`, code: 'not_found' });
    socket.close();
  });
});
