import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { settle } from '../../testing/fake-clock.ts';
import { FakeEventsServer } from '../../testing/fake-events-server.ts';
import { FakeTab, polls, recordingSource, startFeed } from '../../testing/feed-harness.ts';
import { Watched } from '../../testing/watch.ts';
import { defaultTiming } from './feed-timing.ts';
import { ReviewEventsSource } from './review-source.ts';

/** The longest a reconnect waits after `failures` drops (the backoff's jitter is at most +20 %). */
const reconnectWait = (failures: number) =>
  Math.ceil(Math.min(defaultTiming.reconnectBaseMs * 2 ** (failures - 1), defaultTiming.reconnectMaxMs) * 1.2);

const event = (server: FakeEventsServer, seq: number) => ({ topic: `review:${server.reviewId}`, ...server.event(seq) });

describe('the ladder on auto', () => {
  it('steps from a buffered SSE stream to the WebSocket and is "live (websocket)" there', async () => {
    const source = recordingSource();
    const { clock, sse, sockets, states, untilMode, env } = startFeed(source, 'auto');
    const stream = (await sse.connection(0)).open();
    await clock.advance(defaultTiming.firstByteMs);
    expect(stream.aborted).toBe(true);

    const socket = await sockets.socket(0);
    socket.accept();
    await untilMode('live');
    expect(states.last).toMatchObject({
      mode: 'live',
      transport: 'websocket',
      reason: 'A proxy on this network buffers Server-Sent Events; updates come over the WebSocket instead.',
    });
    expect(socket.sent.items).toEqual([{ op: 'subscribe', topic: 'review:7' }]);
    expect(env.ladder.sseBuffered).toBe(true);

    socket.message({ topic: 'review:7', seq: 1, type: 'log' });
    await source.calls.until((calls) => calls.length === 1);
    expect(source.calls.items[0]).toBe('frame {"seq":1,"type":"log"}');
    // A socket that opened is trusted: nothing polls beside it, and SSE is not probed again.
    await clock.advance(10 * defaultTiming.probeBaseMs);
    expect(polls(source)).toBe(0);
    expect(sse.connections.items).toHaveLength(1);
    expect(states.last?.mode).toBe('live');
  });

  it('polls when the WebSocket cannot open either, says why, and climbs from SSE again later', async () => {
    const source = recordingSource();
    const { clock, sse, sockets, states, untilMode } = startFeed(source, 'auto');
    (await sse.connection(0)).open();
    await clock.advance(defaultTiming.firstByteMs);
    (await sockets.socket(0)).refuse();
    await untilMode('polling');
    expect(states.last?.reason).toBe(
      'No data arrived within 5 s of opening the stream: a proxy may be buffering it. ' +
        'The WebSocket could not open (a proxy may not pass it); polling instead.',
    );
    await clock.advance(0);
    expect(polls(source)).toBe(1);

    await clock.advance(defaultTiming.probeBaseMs);
    expect(sse.connections.items).toHaveLength(2);
    // Buffered again: the probe steps down to the socket, which a proxy that learned upgrades now passes.
    await clock.advance(defaultTiming.firstByteMs);
    (await sockets.socket(1)).accept();
    await untilMode('live');
    expect(states.last?.transport).toBe('websocket');
    const before = polls(source);
    await clock.advance(3 * defaultTiming.pollMs);
    expect(polls(source)).toBe(before);
  });

  it('counts a socket that does not open within 5 s as refused', async () => {
    const { clock, sse, sockets, untilMode } = startFeed(recordingSource(), 'auto');
    (await sse.connection(0)).open();
    await clock.advance(defaultTiming.firstByteMs);
    const socket = await sockets.socket(0);
    await clock.advance(defaultTiming.firstByteMs);
    await untilMode('polling');
    // Its late open is ignored: the feed already polls.
    socket.accept();
    await settle();
    expect(socket.sent.items).toEqual([]);
  });

  it('remembers in the tab that SSE is buffered: the next page starts on the WebSocket', async () => {
    const tab = new FakeTab();
    const first = startFeed(recordingSource(), 'auto', tab);
    (await tab.sse.connection(0)).open();
    await tab.clock.advance(defaultTiming.firstByteMs);
    (await tab.sockets.socket(0)).accept();
    await first.untilMode('live');
    first.feed.stop();

    const list = { ...recordingSource(), wsTopic: () => 'reviews' };
    const second = startFeed(list, 'auto', tab);
    await second.untilMode('live');
    expect(second.states.last?.transport).toBe('websocket');
    expect(tab.sse.connections.items).toHaveLength(1);
    expect(tab.sockets.sockets.items).toHaveLength(1);
    expect(tab.sockets.sockets.items[0]!.sent.items.at(-1)).toEqual({ op: 'subscribe', topic: 'reviews' });
  });

  it('one socket carries the list and the open review', async () => {
    const tab = new FakeTab();
    tab.env.ladder.sseBuffered = true;
    const review = startFeed(recordingSource(), 'auto', tab);
    const list = startFeed({ ...recordingSource(), wsTopic: () => 'reviews' }, 'auto', tab);
    (await tab.sockets.socket(0)).accept();
    await review.untilMode('live');
    await list.untilMode('live');
    expect(tab.sockets.sockets.items).toHaveLength(1);
    expect(tab.sockets.sockets.items[0]!.sent.items.map((sent) => sent['topic'])).toEqual(['review:7', 'reviews']);
  });
});

describe('a forced transport', () => {
  it('WebSocket: no SSE at all; refused → polls and probes the socket again with backoff', async () => {
    const source = recordingSource();
    const { clock, sse, sockets, states, untilMode } = startFeed(source, 'websocket');
    (await sockets.socket(0)).refuse();
    await untilMode('polling');
    expect(states.last?.reason).toBe('The WebSocket could not open (a proxy may not pass it); polling instead.');
    await clock.advance(defaultTiming.probeBaseMs);
    (await sockets.socket(1)).accept();
    await untilMode('live');
    expect(states.last?.transport).toBe('websocket');
    expect(sse.connections.items).toHaveLength(0);
  });

  it('polling: neither stream is opened, and the badge says why it polls', async () => {
    const source = recordingSource();
    const { clock, sse, sockets, states, untilMode } = startFeed(source, 'polling');
    await untilMode('polling');
    expect(states.last?.reason).toBe('Polling was chosen in the header menu.');
    await clock.advance(0);
    await clock.advance(10 * defaultTiming.pollMs);
    expect(polls(source)).toBe(11);
    expect(sse.connections.items).toHaveLength(0);
    expect(sockets.sockets.items).toHaveLength(0);
  });
});

describe('a WebSocket feed of a review', () => {
  function reviewFeed(server: FakeEventsServer, cursor = 0) {
    const delivered = new Watched<number>();
    const source = new ReviewEventsSource(
      server.reviewId,
      cursor,
      (events: ReviewEvent[]) => events.forEach((e) => delivered.push(e.seq)),
      server.read,
    );
    return { delivered, ...startFeed(source, 'websocket') };
  }

  it('after the server restarts: says so, goes offline while it is away, resumes by seq without duplicates', async () => {
    const server = new FakeEventsServer().growTo(3);
    const { delivered, clock, sockets, states, untilMode } = reviewFeed(server);
    const first = (await sockets.socket(0)).accept();
    await untilMode('live');
    expect(first.sent.items).toEqual([{ op: 'subscribe', topic: `review:${server.reviewId}`, after: 0 }]);
    for (const seq of [1, 2, 3]) first.message(event(server, seq));
    await delivered.until((all) => all.length === 3);

    first.serverClose(1001, 'server shutting down');
    await untilMode('reconnecting');
    expect(states.last?.reason).toBe('The server is restarting.');
    await clock.advance(reconnectWait(1));
    server.failNext(new TypeError('Failed to fetch')); // the poll that starts beside the retries
    (await sockets.socket(1)).refuse(); // still down
    await untilMode('offline');

    server.growTo(5); // written while the server was away
    await clock.advance(reconnectWait(2));
    expect(states.last?.mode).toBe('offline');
    const back = await sockets.socket(2);
    back.accept();
    await untilMode('live');
    expect(back.sent.items).toEqual([{ op: 'subscribe', topic: `review:${server.reviewId}`, after: 3 }]);
    // The catch-up overlaps what the page has (as a resubscribe may): each line still lands once.
    for (const seq of [3, 4, 5]) back.message(event(server, seq));
    await delivered.until((all) => all.length === 5);
    await settle();
    expect(delivered.items).toEqual([1, 2, 3, 4, 5]);
  });

  it('fills a gap over REST when the socket skips seqs (a slow client dropped and resubscribed)', async () => {
    const server = new FakeEventsServer().growTo(6);
    const { delivered, sockets, untilMode } = reviewFeed(server, 2);
    const socket = (await sockets.socket(0)).accept();
    await untilMode('live');
    socket.message(event(server, 6));
    await delivered.until((all) => all.length === 4);
    expect(delivered.items).toEqual([3, 4, 5, 6]);
  });

  it('ends after `end`, reading what is left, and leaves the topic', async () => {
    const server = new FakeEventsServer().growTo(2);
    server.reviewStatus = 'succeeded';
    const { delivered, sockets, untilMode, clock } = reviewFeed(server);
    const socket = (await sockets.socket(0)).accept();
    await untilMode('live');
    socket.message(event(server, 1));
    socket.message({ op: 'end', topic: `review:${server.reviewId}` });
    await untilMode('ended');
    expect(delivered.items).toEqual([1, 2]);
    expect(socket.sent.last).toEqual({ op: 'unsubscribe', topic: `review:${server.reviewId}` });
    await clock.advance(60_000);
    expect(sockets.sockets.items).toHaveLength(1);
  });

  it('stops and says why on `not_found`', async () => {
    const server = new FakeEventsServer();
    const { sockets, states, untilMode } = reviewFeed(server);
    const socket = (await sockets.socket(0)).accept();
    await untilMode('live');
    socket.message({ op: 'error', topic: `review:${server.reviewId}`, code: 'not_found' });
    await untilMode('offline');
    expect(states.last).toMatchObject({ fatal: true, reason: 'This review no longer exists or you may not see it.' });
  });

  it('comes back when a closing server says to (1012 `retry=<ms>`), and at once after the 1 h lifetime (4000)', async () => {
    const server = new FakeEventsServer().growTo(1);
    const { clock, sockets, untilMode } = reviewFeed(server);
    (await sockets.socket(0)).accept().serverClose(1012, 'retry=4200');
    await untilMode('reconnecting');
    await clock.advance(4199);
    expect(sockets.sockets.items).toHaveLength(1);
    await clock.advance(1);
    (await sockets.socket(1)).accept().serverClose(4000, 'maximum lifetime');
    await clock.advance(0);
    expect(sockets.sockets.items).toHaveLength(3);
  });

  it('resubscribes from the last seq when a topic ended by a server error', async () => {
    const server = new FakeEventsServer().growTo(2);
    const { delivered, clock, sockets, untilMode } = reviewFeed(server);
    const socket = (await sockets.socket(0)).accept();
    await untilMode('live');
    socket.message(event(server, 1));
    await delivered.until((all) => all.length === 1);
    socket.message({ op: 'error', topic: `review:${server.reviewId}`, code: 'internal' });
    await clock.advance(reconnectWait(1));
    expect(socket.sent.items.slice(1)).toEqual([
      { op: 'unsubscribe', topic: `review:${server.reviewId}` },
      { op: 'subscribe', topic: `review:${server.reviewId}`, after: 1 },
    ]);
  });

  it('stops every feed of the tab when the session lapses (socket-wide error, then close 4001)', async () => {
    const tab = new FakeTab();
    const review = startFeed(recordingSource(), 'websocket', tab);
    const list = startFeed({ ...recordingSource(), wsTopic: () => 'reviews' }, 'websocket', tab);
    const socket = (await tab.sockets.socket(0)).accept();
    await list.untilMode('live');
    socket.message({ op: 'error', code: 'unauthorized', message: 'Your session has expired; sign in again.' });
    socket.serverClose(4001, 'session lapsed');
    for (const feed of [review, list]) {
      await feed.untilMode('offline');
      expect(feed.states.last).toMatchObject({ fatal: true, reason: 'Your session has expired; sign in again.' });
    }
    await tab.clock.advance(60_000);
    expect(tab.sockets.sockets.items).toHaveLength(1);
  });
});
