import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { ApiClient } from '../http/api-client.ts';
import { ReviewFollower } from './review-follower.ts';

const event = (seq: number): ReviewEvent => ({
  seq,
  reviewId: 7,
  type: 'log',
  time: '2026-01-01T00:00:00.000Z',
  level: 'info',
  batchId: null,
  data: { message: `line ${seq}` },
});
const frame = (seq: number) => `id: ${seq}\nevent: log\ndata: ${JSON.stringify(event(seq))}\n\n`;

/** A body that sends `text` and then stays open and silent (`close` false), or ends. */
function body(text: string, close: boolean): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (close) controller.close();
    },
  });
}

/**
 * The follower's network edge, scripted: the unit test of what the integration tests cannot make
 * a real server do on demand (go silent without closing, skip a seq on the stream).
 */
function scriptedServer() {
  const lastEventIds: (string | null)[] = [];
  const streams = [
    // First connection: two events and a retry hint, then silence (a dead NAT mapping).
    body(`retry: 5\n: connected\n\n${frame(1)}${frame(2)}`, false),
    // After the reconnect: a repeat of 2, then 4 (3 is missing from the stream), then the end.
    body(`${frame(2)}${frame(4)}event: end\ndata: {"status":"failed","lastSeq":4}\n\n`, true),
  ];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/stream')) {
      lastEventIds.push(new Headers(init?.headers).get('last-event-id'));
      return new Response(streams.shift()!, { headers: { 'content-type': 'text/event-stream' } });
    }
    if (url.pathname.endsWith('/events')) {
      const after = Number(url.searchParams.get('after'));
      const events = [3, 4].filter((seq) => seq > after).map(event);
      return Response.json({ events, nextCursor: 4, hasMore: false, reviewStatus: 'failed' });
    }
    return new Response(null, { status: 404 });
  }) as typeof fetch;
  return { fetchImpl, lastEventIds };
}

describe('ReviewFollower', () => {
  it('reconnects a silent stream from its last id, skips repeats, fills gaps over REST, ends with the status', async () => {
    const server = scriptedServer();
    const connection = {
      serverUrl: 'http://rt.test',
      apiRoot: 'http://rt.test/api/v1',
      token: 't',
      tokenSource: 'REVIEWTRACE_TOKEN' as const,
      org: undefined,
    };
    const delivered: number[] = [];
    const notices: string[] = [];
    const sleeps: number[] = [];
    const follower = new ReviewFollower(
      new ApiClient(connection, server.fetchImpl),
      7,
      0,
      { onEvents: (events) => delivered.push(...events.map((e) => e.seq)), onNotice: (text) => notices.push(text) },
      {
        baseMs: 1,
        maxMs: 1,
        giveUpMs: 60_000,
        idleMs: 20,
        sleep: async (ms) => void sleeps.push(ms),
        now: () => 0,
      },
    );

    expect(await follower.follow()).toBe('failed');
    expect(delivered).toEqual([1, 2, 3, 4]);
    expect(server.lastEventIds).toEqual(['0', '2']);
    expect(notices).toEqual(['nothing from the server for 20ms; reconnecting…']);
    // It waited as long as the server's `retry:` asked before reconnecting.
    expect(sleeps).toEqual([5]);
  });
});
