import type { Db } from '../db/database.ts';
import type { StoredEvent } from './review-derivations.ts';

/**
 * Events of a few types of one review, in seq order, through idx_review_events_type
 * (review_id, event_type, seq): never a scan of the review's log lines. `perTypeLimit` bounds a
 * misbehaving emitter that sends millions of, say, batch events.
 */
export async function eventsOfTypes(
  db: Db,
  reviewId: number,
  types: readonly string[],
  perTypeLimit = 5_000,
): Promise<StoredEvent[]> {
  const perType = await Promise.all(
    types.map((type) =>
      db
        .selectFrom('review_events')
        .select(['seq', 'ts', 'event_type', 'level', 'batch_id', 'data'])
        .where('review_id', '=', reviewId)
        .where('event_type', '=', type)
        .orderBy('seq')
        .limit(perTypeLimit)
        .execute(),
    ),
  );
  return perType
    .flat()
    .map((row) => ({
      seq: row.seq,
      ts: row.ts,
      type: row.event_type,
      level: row.level,
      batchId: row.batch_id,
      data: (row.data ?? {}) as Record<string, unknown>,
    }))
    .sort((a, b) => a.seq - b.seq);
}
