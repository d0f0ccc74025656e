import type { AuthContext } from '../auth/auth.service.ts';
import { Latch } from './sse-writer.ts';
import type { StreamHub } from './stream-hub.ts';
import type { StreamSession } from './stream-session.ts';
import type { SessionEnding, StreamSink } from './stream-sink.ts';

/**
 * One thing a client follows live (one review's events, or its org's list), independent of the
 * transport: the SSE endpoints run one feed per response, a WebSocket one per subscribed topic.
 */
export interface LiveFeed {
  /** The rest of what a new request for this feed would check of the listener: throws its HttpError. */
  stillAllowed(listener: AuthContext): Promise<unknown> | void;
  /** Starts listening to the notifications that wake the feed; returns how to stop. */
  subscribe(wake: () => void): () => void;
  /**
   * Sends what is new to the listener. Returns 'end' to end the feed, else how long until it has
   * something due without a notification (Infinity when nothing).
   */
  deliver(session: StreamSession, out: StreamSink): Promise<number | 'end'>;
  /** Whether a heartbeat may go out when the wait ran out (default: yes). */
  idle?(): boolean;
  /** The warning logged when the feed ends by an error. */
  failure: { message: string; fields?: Record<string, unknown> };
}

/**
 * The loop every live feed runs, over any transport: "check the session, deliver (catch up from the
 * store), wait for a notification or the heartbeat", until `stop` aborts, the sink closes, the
 * session ends (its last words go to `ending`) or the feed says 'end'. A missed notification delays
 * an event until the next heartbeat's catch-up, never loses it. Errors propagate to the caller.
 */
export async function followFeed(
  feed: LiveFeed,
  hub: StreamHub,
  session: StreamSession,
  out: StreamSink,
  ending: SessionEnding,
  stop: AbortSignal,
): Promise<void> {
  const latch = new Latch();
  const unsubscribe = feed.subscribe(() => latch.signal());
  try {
    while (!stop.aborted && !out.closed) {
      // Before any delivery: nothing written after the session lapsed may reach the listener.
      if (await session.endIfDue(ending)) return;
      latch.reset();
      const nextDue = await feed.deliver(session, out);
      if (nextDue === 'end') return;
      const wait = Math.min(hub.settings.heartbeatMs, nextDue, session.msUntilDue());
      const woken = await latch.wait(wait, stop, (ms, signal) => hub.clock.sleep(ms, signal));
      const heartbeatDue = wait === hub.settings.heartbeatMs && (feed.idle?.() ?? true);
      if (!woken && !stop.aborted && heartbeatDue) await out.heartbeat();
    }
  } finally {
    unsubscribe();
  }
}
