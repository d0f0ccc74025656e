import {
  EventsPageSchema,
  ReviewDetailSchema,
  isApiStatus,
  type ApiStatus,
  type ReviewEvent,
} from '@reviewtrace/contracts';
import { ApiFailure, CliError, NetworkError } from '../errors.ts';
import type { ApiClient } from '../http/api-client.ts';
import { readSseBody, type SseFrame } from '../http/sse.ts';
import { reviewNotFound } from '../review-ref.ts';
import { formatDuration } from '../output/durations.ts';

export interface FollowerHandlers {
  /** Events in seq order, each exactly once. */
  onEvents(events: ReviewEvent[]): void;
  /** The connection dropped or came back: one line for stderr. */
  onNotice(text: string): void;
}

export interface ReconnectTiming {
  /** First wait after a failed connect; doubles up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** Without any successful connect for this long, give up (a CI job should not hang forever). */
  giveUpMs: number;
  /** An open stream silent this long is dead: three of the server's 15 s heartbeats missed. */
  idleMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const defaultReconnectTiming: ReconnectTiming = {
  baseMs: 250,
  maxMs: 5_000,
  giveUpMs: 10 * 60_000,
  idleMs: 45_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
};

const PAGE = 1000;

/**
 * Follows one review's log to its end over `GET /reviews/{id}/stream`, the way the web does
 * (ui.md, "Live transport"): resume with `Last-Event-ID` after any drop, skip a frame at or below
 * the cursor (reconnect overlap), and read a gap over `GET /reviews/{id}/events` before applying a
 * frame past cursor + 1. seq is gap-free per review (events.md), so "cursor + 1" is a sound test and
 * every event is delivered exactly once, in order, across server restarts. Resolves with the
 * review's final status.
 */
export class ReviewFollower {
  private retryHintMs: number | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly reviewId: number,
    public cursor: number,
    private readonly handlers: FollowerHandlers,
    private readonly timing: ReconnectTiming = defaultReconnectTiming,
  ) {}

  async follow(): Promise<ApiStatus> {
    let failures = 0;
    let downSince: number | undefined;
    for (;;) {
      try {
        const outcome = await this.streamOnce(() => {
          if (downSince !== undefined) this.handlers.onNotice(`reconnected; resuming after event ${this.cursor}`);
          failures = 0;
          downSince = undefined;
        });
        if (outcome.kind === 'finished') return outcome.status;
        // A clean close without `end`: the server is stopping (rolling deploy) or the stream hit its
        // 1 h lifetime. It told us how long to wait with `retry:`, spread so clients do not stampede.
        await this.timing.sleep(this.retryHintMs ?? this.timing.baseMs);
      } catch (error) {
        if (!isWorthRetrying(error)) throw error;
        downSince ??= this.timing.now();
        if (this.timing.now() - downSince > this.timing.giveUpMs) {
          throw new CliError(
            `gave up after ${Math.round(this.timing.giveUpMs / 60_000)} min: ${(error as Error).message}`,
          );
        }
        const waitMs = Math.min(this.timing.baseMs * 2 ** failures, this.timing.maxMs);
        failures += 1;
        if (failures === 1) this.handlers.onNotice(`${(error as Error).message}; reconnecting…`);
        await this.timing.sleep(waitMs);
      }
    }
  }

  private async streamOnce(
    onConnected: () => void,
  ): Promise<{ kind: 'finished'; status: ApiStatus } | { kind: 'dropped' }> {
    const response = await this.client.open(`/reviews/${this.reviewId}/stream`, {
      headers: { accept: 'text/event-stream', 'last-event-id': String(this.cursor) },
      notFound: reviewNotFound(this.reviewId),
    });
    onConnected();
    if (response.status === 204 || !response.body) {
      // The review had ended and we had every event: nothing more will come.
      return { kind: 'finished', status: await this.finalStatus() };
    }
    let finished: ApiStatus | undefined;
    const result = await readSseBody(response.body, {
      onFrames: async (frames) => {
        for (const frame of frames) {
          finished = await this.apply(frame);
          if (finished) return 'stop';
        }
        return 'continue';
      },
      onRetry: (ms) => (this.retryHintMs = ms),
      idleMs: this.timing.idleMs,
    });
    if (result === 'stopped' && finished) return { kind: 'finished', status: finished };
    if (result === 'silent') {
      this.handlers.onNotice(`nothing from the server for ${formatDuration(this.timing.idleMs)}; reconnecting…`);
    }
    return { kind: 'dropped' };
  }

  /** Applies one frame; returns the final status once the stream says the review is over. */
  private async apply(frame: SseFrame): Promise<ApiStatus | undefined> {
    if (frame.event === 'end') {
      const end = JSON.parse(frame.data) as { status: unknown; lastSeq: number };
      await this.readAfterCursor(end.lastSeq);
      return isApiStatus(end.status) ? end.status : this.finalStatus();
    }
    if (frame.event === 'error' && frame.id === undefined) {
      // The server re-checked the session mid-stream and it failed: reconnecting cannot help.
      const reason = (JSON.parse(frame.data) as { message?: string }).message;
      throw new CliError(`not signed in: ${reason ?? 'the session ended'}`);
    }
    const event = JSON.parse(frame.data) as ReviewEvent;
    if (event.seq <= this.cursor) return undefined;
    if (event.seq > this.cursor + 1) await this.readAfterCursor(event.seq - 1);
    if (event.seq === this.cursor + 1) this.deliver([event]);
    return undefined;
  }

  /** Reads events after the cursor up to `target` (inclusive) over REST. */
  private async readAfterCursor(target: number): Promise<void> {
    while (this.cursor < target) {
      const page = await this.client.getJson(EventsPageSchema, `/reviews/${this.reviewId}/events`, {
        query: { after: this.cursor, limit: PAGE },
        notFound: reviewNotFound(this.reviewId),
      });
      const fresh = page.events.filter((event) => event.seq > this.cursor && event.seq <= target);
      if (fresh.length > 0) this.deliver(fresh);
      if (!page.hasMore || page.events.length === 0) return;
    }
  }

  private deliver(events: ReviewEvent[]): void {
    this.handlers.onEvents(events);
    this.cursor = events.at(-1)!.seq;
  }

  private async finalStatus(): Promise<ApiStatus> {
    await this.readAfterCursor(Number.POSITIVE_INFINITY);
    const review = await this.client.getJson(ReviewDetailSchema, `/reviews/${this.reviewId}`, {
      notFound: reviewNotFound(this.reviewId),
    });
    return review.status;
  }
}

/** Down, restarting or busy: wait and resume. A refused token or a gone review will not get better. */
function isWorthRetrying(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ApiFailure) return error.transient || error.status >= 500;
  // The connection broke mid-body (socket reset while the server stopped): undici throws a
  // TypeError ("terminated") with the socket error as its cause. A TypeError without one is a bug.
  return error instanceof TypeError && error.cause !== undefined;
}
