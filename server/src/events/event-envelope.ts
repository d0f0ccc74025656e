import type { ReviewEvent } from '@reviewtrace/contracts';
import type { EventRow } from './events.repository.ts';

/** The envelope of events.md, as every API, SSE frame and download sends it. */
export function toReviewEvent(reviewId: number, row: EventRow): ReviewEvent {
  return {
    seq: row.seq,
    reviewId,
    type: row.type,
    time: row.ts.toISOString(),
    level: row.level,
    batchId: row.batchId,
    data: row.data,
  };
}
