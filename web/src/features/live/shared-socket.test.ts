import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.ts';
import { FakeSocketServer } from '../../testing/fake-socket.ts';
import { Watched } from '../../testing/watch.ts';
import { SOCKET_LINGER_MS, SharedSocket, type TopicHandlers } from './shared-socket.ts';

/** Handlers that record what a subscriber was told: `open`, `frame <id>`, `closed <code> <opened>`. */
function recorder(): TopicHandlers & { told: Watched<string> } {
  const told = new Watched<string>();
  return {
    told,
    open: () => told.push('open'),
    message: (message) =>
      told.push(message.kind === 'error' ? `error ${message.code}` : `${message.kind} ${message.frame.id}`),
    closed: (info) => told.push(`closed ${info.code} ${info.opened}`),
  };
}

function setup() {
  const clock = new FakeClock();
  const server = new FakeSocketServer();
  const hub = new SharedSocket(() => 'ws://reviewtrace.test/api/v1/ws', server.open, clock);
  return { clock, server, hub };
}

describe('the shared socket', () => {
  it('carries many topics on one socket, each subscribed with the resume point it has when the socket opens', async () => {
    const { server, hub } = setup();
    let cursor = 100;
    const review = recorder();
    const list = recorder();
    hub.subscribe('review:123', () => cursor, review);
    hub.subscribe('reviews', () => undefined, list);
    expect(server.sockets.items).toHaveLength(1);
    const socket = server.sockets.items[0]!;
    expect(socket.url).toBe('ws://reviewtrace.test/api/v1/ws');

    cursor = 104; // frames applied while the socket was opening
    socket.accept();
    expect(socket.sent.items).toEqual([
      { op: 'subscribe', topic: 'review:123', after: 104 },
      { op: 'subscribe', topic: 'reviews' },
    ]);
    socket.message({ topic: 'review:123', seq: 105, type: 'log' });
    socket.message({ topic: 'reviews', id: 9, status: 'running' });
    socket.message({ topic: 'review:999', seq: 1, type: 'log' });
    expect(review.told.items).toEqual(['open', 'frame 105']);
    expect(list.told.items).toEqual(['open', 'frame 9']);

    // A subscriber that comes while it is open is subscribed at once.
    const other = recorder();
    hub.subscribe('review:7', () => 3, other);
    expect(socket.sent.last).toEqual({ op: 'subscribe', topic: 'review:7', after: 3 });
    expect(other.told.items).toEqual(['open']);
    expect(server.sockets.items).toHaveLength(1);
  });

  it('tells every subscriber when it closes and drops them; the next subscribe opens a new socket', async () => {
    const { server, hub } = setup();
    const review = recorder();
    const list = recorder();
    hub.subscribe('review:1', () => 5, review);
    hub.subscribe('reviews', () => undefined, list);
    const first = server.sockets.items[0]!.accept();
    first.serverClose(1001, 'shutting down');
    expect(review.told.last).toBe('closed 1001 true');
    expect(list.told.last).toBe('closed 1001 true');
    first.message({ topic: 'review:1', seq: 6, type: 'log' });
    expect(review.told.items).toHaveLength(2);

    hub.subscribe('review:1', () => 6, review);
    const second = server.sockets.items[1]!;
    second.refuse();
    expect(review.told.last).toBe('closed 1006 false');
  });

  it('unsubscribes a topic nobody follows, and closes the socket a while after the last subscriber left', async () => {
    const { clock, server, hub } = setup();
    const leaveReview = hub.subscribe('review:1', () => 0, recorder());
    const leaveList = hub.subscribe('reviews', () => undefined, recorder());
    const socket = server.sockets.items[0]!.accept();
    leaveReview();
    expect(socket.sent.last).toEqual({ op: 'unsubscribe', topic: 'review:1' });
    leaveList();
    await clock.advance(SOCKET_LINGER_MS - 1);
    expect(socket.closedByClient).toBeUndefined();
    // The next page's feed arrives in time: the same socket serves it.
    hub.subscribe('review:2', () => 0, recorder());
    await clock.advance(SOCKET_LINGER_MS);
    expect(socket.closedByClient).toBeUndefined();
    expect(socket.sent.last).toEqual({ op: 'subscribe', topic: 'review:2', after: 0 });
  });

  it('closes an idle socket after the linger, and its late close reaches nobody', async () => {
    const { clock, server, hub } = setup();
    const review = recorder();
    const leave = hub.subscribe('review:1', () => 0, review);
    const socket = server.sockets.items[0]!.accept();
    leave();
    await clock.advance(SOCKET_LINGER_MS);
    expect(socket.closedByClient).toEqual({ code: 1000, reason: 'no subscriptions' });
    socket.onclose?.({ code: 1000, reason: '' });
    expect(review.told.items).toEqual(['open']);
  });

  it('drops a socket still opening when its last subscriber gives up, so a retry opens a fresh one', async () => {
    const { server, hub } = setup();
    const leave = hub.subscribe('review:1', () => 0, recorder());
    const hanging = server.sockets.items[0]!;
    leave();
    expect(hanging.closedByClient).toEqual({ code: 1000, reason: 'given up' });
    hub.subscribe('review:1', () => 0, recorder());
    expect(server.sockets.items).toHaveLength(2);
  });
});
