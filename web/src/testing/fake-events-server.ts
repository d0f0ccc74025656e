import type { EventsPage, ReviewEvent } from '@reviewtrace/contracts';
import type { ReadEventsPage } from '../features/live/events-page.ts';

export interface EventsRequest {
  after?: number;
  limit?: number;
  tail?: number;
}

/**
 * `GET /api/v1/reviews/:id/events` served from an in-memory log whose seqs run gap-free from 1, as
 * the server's do: `after` + `limit` pages forward, `tail` reads the last lines. It records what was
 * asked, can fail the next request, and can hold answers until a test lets them go.
 */
export class FakeEventsServer {
  readonly requests: EventsRequest[] = [];
  reviewStatus = 'running';
  lastSeq = 0;
  private held: (() => void)[] | null = null;
  private failures: Error[] = [];

  constructor(readonly reviewId = 7) {}

  /** The log grows to `lastSeq` lines. */
  growTo(lastSeq: number): this {
    this.lastSeq = Math.max(this.lastSeq, lastSeq);
    return this;
  }

  event(seq: number): ReviewEvent {
    return {
      seq,
      reviewId: this.reviewId,
      type: 'log',
      time: new Date(Date.UTC(2026, 0, 1) + seq).toISOString(),
      level: 'info',
      batchId: null,
      data: { message: `line ${seq}` },
    };
  }

  failNext(error: Error): void {
    this.failures.push(error);
  }

  /** Answers wait until `release()` (to see what happens while a request is in flight). */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const answer of waiting) answer();
  }

  read: ReadEventsPage = async (path) => {
    const url = new URL(path, 'http://reviewtrace.test');
    if (url.pathname !== `/api/v1/reviews/${this.reviewId}/events`) throw new Error(`unexpected request ${path}`);
    const number = (name: string) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined);
    const request = { after: number('after'), limit: number('limit'), tail: number('tail') };
    this.requests.push(request);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    const failure = this.failures.shift();
    if (failure) throw failure;
    return this.page(request);
  };

  private page({ after, limit = 1000, tail }: EventsRequest): EventsPage {
    let from: number;
    let to: number;
    let hasMore: boolean;
    if (tail !== undefined) {
      from = Math.max(1, this.lastSeq - tail + 1);
      to = this.lastSeq;
      hasMore = from > 1;
    } else {
      from = (after ?? 0) + 1;
      to = Math.min(this.lastSeq, from + limit - 1);
      hasMore = to < this.lastSeq;
    }
    const events: ReviewEvent[] = [];
    for (let seq = from; seq <= to; seq++) events.push(this.event(seq));
    return {
      events,
      nextCursor: events.at(-1)?.seq ?? after ?? this.lastSeq,
      hasMore,
      reviewStatus: this.reviewStatus,
    };
  }
}
