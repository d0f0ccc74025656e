import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { ApiStatus, ReviewSummary } from '@reviewtrace/contracts';
import { toReviewEvent } from '../events/event-envelope.ts';
import type { EventRow } from '../events/events.repository.ts';
import type { StreamHub } from './stream-hub.ts';
import type { StreamSink } from './stream-sink.ts';
import { WsClose } from './ws-protocol.ts';

/**
 * Sends a socket's messages with the same backpressure rule as SSE: above `wsMaxBufferedBytes`
 * unsent, the socket's feeds wait for the client to read (nothing more is read from the store for
 * it meanwhile); a client that reads nothing for `slowClientMs` is closed with 4008 and resumes by
 * seq. What the socket holds is bounded by the limit plus one catch-up page per topic.
 */
export class WsWriter {
  private room: Promise<void> | undefined;

  constructor(
    private readonly ws: WebSocket,
    /** The upgraded TCP socket: its 'drain' says the client read something. */
    private readonly raw: Duplex,
    private readonly hub: StreamHub,
    private readonly onSlowClient: () => void,
  ) {}

  get closed(): boolean {
    return this.ws.readyState !== WebSocket.OPEN;
  }

  /** Sends each message (corked: one TCP write for a page), then waits while too much is unsent. */
  async send(messages: (string | Buffer)[]): Promise<void> {
    if (this.closed || messages.length === 0) return;
    this.raw.cork();
    for (const message of messages) this.ws.send(message, { binary: false });
    this.raw.uncork();
    if (this.ws.bufferedAmount > this.hub.settings.wsMaxBufferedBytes) await this.waitForRoom();
  }

  /** One wait per socket, shared by its topics. */
  private waitForRoom(): Promise<void> {
    this.room ??= this.drainOrDrop().finally(() => (this.room = undefined));
    return this.room;
  }

  private async drainOrDrop(): Promise<void> {
    const { clock, settings } = this.hub;
    const deadline = new AbortController();
    const timedOut = clock.sleep(settings.slowClientMs, deadline.signal).then(() => 'timeout' as const);
    try {
      while (!this.closed && this.ws.bufferedAmount > settings.wsMaxBufferedBytes) {
        const outcome = await Promise.race([this.drained(deadline.signal), timedOut]);
        if (outcome === 'timeout') {
          this.onSlowClient();
          this.ws.close(WsClose.slowClient, 'slow client: reconnect and resume with after');
          return;
        }
      }
    } finally {
      deadline.abort();
    }
  }

  private drained(stop: AbortSignal): Promise<'drained'> {
    return new Promise((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.raw.off('close', done);
        stop.removeEventListener('abort', done);
        resolve('drained');
      };
      this.raw.on('drain', done);
      this.raw.on('close', done);
      stop.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * One topic's frames on a socket: the SSE envelopes as JSON with `topic` added. `closed` once the
 * topic is unsubscribed, so a feed mid-delivery sends nothing more for it.
 */
export class WsTopicSink implements StreamSink {
  private dropped = false;

  constructor(
    private readonly topic: string,
    private readonly out: WsWriter,
  ) {}

  get closed(): boolean {
    return this.dropped || this.out.closed;
  }

  /** Stops the topic's frames at once (unsubscribe, access lost). */
  drop(): void {
    this.dropped = true;
  }

  async events(reviewId: number, rows: EventRow[]): Promise<void> {
    if (!this.closed) await this.out.send(rows.map((row) => wsMessageOf(reviewId, row)));
  }

  async end(data: { status: ApiStatus; lastSeq: number }): Promise<void> {
    if (!this.closed) await this.out.send([JSON.stringify({ op: 'end', topic: this.topic, ...data })]);
  }

  async review(summary: ReviewSummary): Promise<void> {
    if (!this.closed) await this.out.send([JSON.stringify({ topic: this.topic, type: 'review', ...summary })]);
  }

  /** ws pings (per socket) keep the connection alive; a topic has nothing to add. */
  async heartbeat(): Promise<void> {}
}

/**
 * A review's event as a message, encoded once however many sockets follow the review: every
 * follower's topic for it is the same `review:{id}`.
 */
const messages = new WeakMap<EventRow, Buffer>();
function wsMessageOf(reviewId: number, row: EventRow): Buffer {
  let message = messages.get(row);
  if (message === undefined) {
    message = Buffer.from(JSON.stringify({ topic: `review:${reviewId}`, ...toReviewEvent(reviewId, row) }));
    messages.set(row, message);
  }
  return message;
}
