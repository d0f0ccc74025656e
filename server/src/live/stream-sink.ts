import type { ApiStatus, ReviewSummary } from '@reviewtrace/contracts';
import type { EventRow } from '../events/events.repository.ts';
import type { SessionLapsed } from './stream-session.ts';

/**
 * Where one live feed's frames go, whatever the transport: an SSE response (SseSink) or one topic of
 * a WebSocket (WsTopicSink). The feeds (review-stream.ts, list-stream.ts) decide what to send and
 * when; the sink only decides how it looks on the wire.
 */
export interface StreamSink {
  /** The client is gone (or was dropped): stop reading the store for it. */
  readonly closed: boolean;
  /** One catch-up page of a review's stored events, in seq order. */
  events(reviewId: number, rows: EventRow[]): Promise<void>;
  /** The review reached its terminal status and every event up to `lastSeq` went out. */
  end(data: { status: ApiStatus; lastSeq: number }): Promise<void>;
  /** A review of the followed list was created or changed. */
  review(summary: ReviewSummary): Promise<void>;
  /** Nothing was sent for the heartbeat interval (WebSocket: a no-op, ws pings keep the socket alive). */
  heartbeat(): Promise<void>;
}

/** The last words of a stream whose session ended (StreamSession.endIfDue). */
export interface SessionEnding {
  /** The listener may no longer read the stream: say why; the client must sign in again. */
  lapsed(data: SessionLapsed): Promise<void>;
  /** The maximum lifetime was reached: the client reconnects from its cursor. */
  expired(): Promise<void>;
}
