import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { settle } from '../../testing/fake-clock.ts';
import { FakeEventsServer } from '../../testing/fake-events-server.ts';
import { polls, recordingSource, startFeed as startInTab } from '../../testing/feed-harness.ts';
import { Watched } from '../../testing/watch.ts';
import { defaultTiming } from './feed-timing.ts';
import type { LiveFeedSource } from './live-feed.ts';
import { ReviewEventsSource } from './review-source.ts';

/** Forced SSE: these tests pin the SSE rung and its fallback to polling (live-feed-ladder.test.ts climbs). */
const startFeed = (source: LiveFeedSource) => startInTab(source, 'sse');

describe('LiveFeed: a stream that flows', () => {
  it('goes live on `: connected` and hands frames over one at a time, so a gap fill finishes first', async () => {
    const server = new FakeEventsServer().growTo(6);
    const delivered = new Watched<number[]>();
    const source = new ReviewEventsSource(
      server.reviewId,
      0,
      (events: ReviewEvent[]) => delivered.push(events.map((event) => event.seq)),
      server.read,
    );
    const { clock, sse, states, untilMode } = startFeed(source);
    const stream = (await sse.connection(0)).open();
    expect(stream.url).toBe(`/api/v1/reviews/${server.reviewId}/stream?after=0`);
    stream.comment('connected');
    await untilMode('live');

    server.hold();
    for (const seq of [1, 2, 5]) stream.frame('log', server.event(seq), seq);
    await delivered.until((all) => all.length === 2);
    await settle();
    expect(server.requests).toEqual([{ after: 2, limit: 1000, tail: undefined }]);
    // Seq 6 arrives while the gap 3–4 is still being read: it waits its turn.
    await clock.advance(1000);
    stream.frame('log', server.event(6), 6);
    await states.until((all) => all.at(-1)?.lastUpdateAt === clock.now());
    expect(delivered.items).toEqual([[1], [2]]);

    server.release();
    await delivered.until((all) => all.flat().includes(6));
    expect(delivered.items).toEqual([[1], [2], [3, 4], [5], [6]]);
  });

  it('stops at `end`: every frame before it applied, the stream closed, nothing polled', async () => {
    const source = recordingSource();
    const { clock, sse, untilMode } = startFeed(source);
    const stream = (await sse.connection(0)).open();
    stream.comment('connected');
    stream.frame('log', 'a', 1);
    stream.frame('end', 'done');
    await untilMode('ended');
    expect(source.calls.items).toEqual(['frame "a"', 'frame "done"']);
    expect(stream.aborted).toBe(true);
    await clock.advance(10 * 60_000);
    expect(sse.connections.items).toHaveLength(1);
    expect(polls(source)).toBe(0);
  });

  it('ends on 204 (a finished review with nothing after the cursor)', async () => {
    const { sse, untilMode } = startFeed(recordingSource());
    (await sse.connection(0)).refuse(204);
    await untilMode('ended');
  });
});

describe('LiveFeed: the buffering verdict', () => {
  it('falls back to polling when nothing arrives within 5 s of opening, and probes SSE again with backoff', async () => {
    const source = recordingSource();
    const { clock, sse, states } = startFeed(source);
    const first = (await sse.connection(0)).open();

    await clock.advance(defaultTiming.firstByteMs - 1);
    expect(states.last?.mode).toBe('connecting');
    expect(polls(source)).toBe(0);

    await clock.advance(1);
    expect(states.last).toMatchObject({
      mode: 'polling',
      reason: 'No data arrived within 5 s of opening the stream: a proxy may be buffering it.',
    });
    expect(first.aborted).toBe(true);
    expect(polls(source)).toBe(1);
    await clock.advance(defaultTiming.pollMs);
    expect(polls(source)).toBe(2);

    // The first probe comes 30 s after the verdict; it is silent too, so the next waits twice as long.
    await clock.advance(defaultTiming.probeBaseMs - defaultTiming.pollMs - 1);
    expect(sse.connections.items).toHaveLength(1);
    await clock.advance(1);
    const probe = (await sse.connection(1)).open();
    await clock.advance(defaultTiming.firstByteMs);
    expect(probe.aborted).toBe(true);
    await clock.advance(2 * defaultTiming.probeBaseMs - 1);
    expect(sse.connections.items).toHaveLength(2);
    await clock.advance(1);
    expect(sse.connections.items).toHaveLength(3);
    expect(states.last?.mode).toBe('polling');
  });

  it('reads `: connected` arriving more than 2.5 s after opening as a buffering proxy (monotonic clock)', async () => {
    const source = recordingSource();
    const { clock, sse, states, untilMode } = startFeed(source);
    const stream = (await sse.connection(0)).open();
    await clock.advance(defaultTiming.lateConnectMs + 1);
    stream.comment('connected');
    await untilMode('polling');
    expect(states.last?.reason).toBe('The stream’s first bytes arrived late: a proxy is buffering it.');
    expect(stream.aborted).toBe(true);
    // Polling starts at once (a timer of 0 ms).
    await clock.advance(0);
    expect(polls(source)).toBe(1);
  });

  it('trusts `: connected` arriving within 2.5 s', async () => {
    const { clock, sse, untilMode } = startFeed(recordingSource());
    const stream = (await sse.connection(0)).open();
    await clock.advance(defaultTiming.lateConnectMs);
    stream.comment('connected');
    await untilMode('live');
  });

  it('after a verdict, keeps polling beside a probe that flows until a heartbeat proves it', async () => {
    const source = recordingSource();
    const { clock, sse, untilMode } = startFeed(source);
    (await sse.connection(0)).open();
    await clock.advance(defaultTiming.firstByteMs + defaultTiming.probeBaseMs);
    const probe = (await sse.connection(1)).open();
    // Some proxies pass the first chunk in time and buffer the rest.
    probe.comment('connected');
    await untilMode('live');

    const before = polls(source);
    await clock.advance(defaultTiming.pollMs);
    expect(polls(source)).toBe(before + 1);

    probe.comment('ping');
    await settle();
    const trusted = polls(source);
    // (Within the heartbeat watchdog's 37.5 s: past it, a silent stream is a verdict of its own.)
    await clock.advance(7 * defaultTiming.pollMs);
    expect(polls(source)).toBe(trusted);
    expect(probe.aborted).toBe(false);
  });

  it('falls back when heartbeats stop for 2.5 × their interval', async () => {
    const source = recordingSource();
    const { clock, sse, states, untilMode } = startFeed(source);
    const stream = (await sse.connection(0)).open();
    stream.comment('connected');
    await untilMode('live');

    // Each heartbeat re-arms the watchdog.
    await clock.advance(defaultTiming.heartbeatMs);
    stream.comment('ping');
    await settle();
    const silence = defaultTiming.heartbeatMs * 2.5;
    await clock.advance(silence - 1);
    expect(states.last?.mode).toBe('live');
    await clock.advance(1);
    expect(states.last).toMatchObject({ mode: 'polling', reason: 'Heartbeats stopped arriving.' });
    expect(stream.aborted).toBe(true);
    expect(polls(source)).toBe(1);
  });

  it('polls instead when the server refuses another stream (429)', async () => {
    const source = recordingSource();
    const { clock, sse, states, untilMode } = startFeed(source);
    (await sse.connection(0)).refuse(429, 'Too many streams');
    await untilMode('polling');
    expect(states.last?.reason).toBe('Too many live streams are open for your account; polling instead.');
    await clock.advance(0);
    expect(polls(source)).toBe(1);
  });

  it('pauses polling while the tab is hidden and polls at once when it is shown again', async () => {
    const source = recordingSource();
    const { clock, sse, page } = startFeed(source);
    (await sse.connection(0)).open();
    page.isHidden = true;
    await clock.advance(defaultTiming.firstByteMs + 3 * defaultTiming.pollMs);
    expect(polls(source)).toBe(0);
    page.isHidden = false;
    page.handlers?.visibility();
    await clock.advance(0);
    expect(polls(source)).toBe(1);
  });
});
