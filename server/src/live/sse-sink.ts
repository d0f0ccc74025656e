import type { ApiStatus, ReviewSummary } from '@reviewtrace/contracts';
import { toReviewEvent } from '../events/event-envelope.ts';
import type { EventRow } from '../events/events.repository.ts';
import { frameText, type SseWriter } from './sse-writer.ts';
import type { SessionLapsed } from './stream-session.ts';
import type { SessionEnding, StreamSink } from './stream-sink.ts';

/** A feed's frames as Server-Sent Events: `id:` is the seq (or the review's id on the list). */
export class SseSink implements StreamSink, SessionEnding {
  constructor(private readonly out: SseWriter) {}

  get closed(): boolean {
    return this.out.closed;
  }

  async events(reviewId: number, rows: EventRow[]): Promise<void> {
    // One write per page, and each frame serialised once however many viewers share these rows.
    if (rows.length > 0) await this.out.write(rows.map((row) => sseFrameOf(reviewId, row)).join(''));
  }

  end(data: { status: ApiStatus; lastSeq: number }): Promise<void> {
    return this.out.frame({ event: 'end', data });
  }

  review(summary: ReviewSummary): Promise<void> {
    return this.out.frame({ id: summary.id, event: 'review', data: summary });
  }

  heartbeat(): Promise<void> {
    return this.out.comment('ping');
  }

  lapsed(data: SessionLapsed): Promise<void> {
    return this.out.frame({ event: 'error', data });
  }

  expired(): Promise<void> {
    return this.out.comment('maximum stream lifetime reached; reconnect');
  }
}

const frames = new WeakMap<EventRow, string>();
function sseFrameOf(reviewId: number, row: EventRow): string {
  let text = frames.get(row);
  if (text === undefined) {
    text = frameText({ id: row.seq, event: row.type, data: toReviewEvent(reviewId, row) });
    frames.set(row, text);
  }
  return text;
}
