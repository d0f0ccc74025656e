import { errorCategoryTips } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { appendEvents } from '../events/event-store.ts';
import { allOrgsScope } from '../auth/org-scope.ts';
import { expiredLeases, requeueReview, takeExpiredLease } from './queue.repository.ts';

/** A review whose worker died gets one more try; after that it fails as `worker_lost`. */
export const MAX_CLAIMS = 2;

/**
 * Recovers reviews whose lease expired, so none stays `running` forever. Each expired review is
 * taken by exactly one reaper (a conditional update), so concurrent reapers never double-report.
 */
export async function reapExpiredLeases(
  db: Db,
  now: () => Date = () => new Date(),
): Promise<{ requeued: number[]; failed: number[] }> {
  const requeued: number[] = [];
  const failed: number[] = [];
  // Every org's: a lost worker's review is recovered whoever it belongs to (the reaper is the system).
  for (const review of await expiredLeases(db, allOrgsScope)) {
    if (!(await takeExpiredLease(db, review.id))) continue;
    const ts = now();
    const ref = { id: review.id, orgId: review.orgId };
    if (review.attempt < MAX_CLAIMS) {
      await requeueReview(db, review.id);
      await appendEvents(db, ref, [
        {
          eventId: null,
          ts,
          type: 'log',
          level: 'warn',
          batchId: null,
          data: {
            level: 'warn',
            code: 'worker_lost',
            message: `The worker${review.lockedBy ? ` ${review.lockedBy}` : ''} stopped renewing its lease; the review is queued again`,
          },
        },
      ]);
      requeued.push(review.id);
    } else {
      const tip = errorCategoryTips.worker_lost;
      const summary = `The worker stopped during the review ${review.attempt} times`;
      await appendEvents(db, ref, [
        {
          eventId: null,
          ts,
          type: 'completion',
          level: 'error',
          batchId: null,
          data: {
            resultSummary: summary,
            commentCount: 0,
            errorSummary: summary,
            errorCategory: 'worker_lost',
            tips: [tip],
          },
        },
        {
          eventId: null,
          ts,
          type: 'status',
          level: 'error',
          batchId: null,
          data: { status: 'failed', finishedAt: ts.toISOString() },
        },
      ]);
      failed.push(review.id);
    }
  }
  return { requeued, failed };
}
