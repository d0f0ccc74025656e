import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { appendEventsInTransaction, notify } from '../events/event-store.ts';
import { canceledEvents } from '../reviews/review-commands.service.ts';
import { markCancelRequested, mergeReviewMetadata } from '../reviews/reviews.repository.ts';
import { supersededSummary } from '../reviews/superseded-summary.ts';
import { markDeliverySuperseded } from './git-webhooks.repository.ts';

export interface ActiveReview {
  id: number;
  status: string;
  lastSeq: number;
}

/**
 * Serialises deliveries for one PR until the caller's transaction ends (two API processes or two
 * quick pushes), then finds its active webhook review. The unique index
 * reviews_one_active_webhook_review_idx is the guarantee; the lock makes the second delivery wait
 * and supersede instead of failing on it.
 */
export async function lockActiveReview(trx: Db, orgId: number, prUrl: string): Promise<ActiveReview | undefined> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`webhook-review:${orgId}:${prUrl}`}))`.execute(trx);
  const row = await trx
    .selectFrom('reviews')
    .select(['id', 'status', 'last_seq'])
    .where('org_id', '=', orgId)
    .where('pr_mr_url', '=', prUrl)
    .where('trigger_type', '=', 'webhook')
    .where('status', 'in', ['created', 'in_progress'])
    .where('cancel_requested_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  return row && { id: row.id, status: row.status, lastSeq: row.last_seq };
}

/** Takes the old review out of the active set, so the new one can be inserted in the same transaction. */
export async function releaseActive(trx: Db, old: ActiveReview, at: Date): Promise<void> {
  await markCancelRequested(trx, old.id, at);
}

/**
 * Ends the superseded review: a queued one at once, through the cancel command's event path; a
 * running one by the cancel notification its worker listens to (the pipeline reads `supersededBy`
 * for its completion summary and saves no comments once a cancel is requested). The delivery that
 * started it now reads `superseded by #new` in the log.
 */
export async function supersede(
  trx: Db,
  orgId: number,
  old: ActiveReview,
  newReviewId: number,
  at: Date,
): Promise<void> {
  await mergeReviewMetadata(trx, old.id, { supersededBy: newReviewId });
  await markDeliverySuperseded(trx, orgId, old.id, newReviewId);
  if (old.status === 'created') {
    await appendEventsInTransaction(
      trx,
      { id: old.id, orgId },
      canceledEvents(at, supersededSummary(newReviewId)),
      'created',
    );
  } else {
    await notify(trx, { reviewId: old.id, orgId, seq: old.lastSeq, cancel: true });
  }
}
