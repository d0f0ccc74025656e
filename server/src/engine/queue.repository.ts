import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { scopedOrgIds, type OrgScope } from '../auth/org-scope.ts';
import { notify } from '../events/event-store.ts';

/** A review the worker now owns. */
export interface ClaimedReview {
  id: number;
  orgId: number;
  connectorId: number | null;
  prMrUrl: string | null;
  /** The head the review was queued for (a webhook's delivery knows it), before the PR is fetched. */
  commitHash: string | null;
  triggerType: string | null;
  metadata: Record<string, unknown>;
  attempt: number;
  createdAt: Date;
  startedAt: Date;
}

/**
 * Claims the oldest queued review for the built-in engine. `FOR UPDATE SKIP LOCKED` lets any number
 * of workers claim concurrently without ever taking the same review; served by reviews_queue_idx.
 */
export async function claimNextReview(db: Db, workerId: string, leaseMs: number): Promise<ClaimedReview | undefined> {
  const { rows } = await sql<{
    id: number;
    org_id: number;
    connector_id: number | null;
    pr_mr_url: string | null;
    commit_hash: string | null;
    trigger_type: string | null;
    metadata: Record<string, unknown> | null;
    attempt: number;
    created_at: Date;
    started_at: Date;
  }>`
    UPDATE reviews SET status = 'in_progress', started_at = coalesce(started_at, now()), locked_by = ${workerId},
           lease_until = now() + ${leaseMs} * interval '1 millisecond', attempt = attempt + 1, updated_at = now()
     WHERE id = (SELECT id FROM reviews
                  WHERE status = 'created' AND engine = 'builtin' AND cancel_requested_at IS NULL
                    AND (run_after IS NULL OR run_after <= now())
                  ORDER BY created_at, id
                  FOR UPDATE SKIP LOCKED
                  LIMIT 1)
    RETURNING id, org_id, connector_id, pr_mr_url, commit_hash, trigger_type, metadata, attempt, created_at, started_at`.execute(
    db,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    orgId: row.org_id,
    connectorId: row.connector_id,
    prMrUrl: row.pr_mr_url,
    commitHash: row.commit_hash,
    triggerType: row.trigger_type,
    metadata: row.metadata ?? {},
    attempt: row.attempt,
    createdAt: row.created_at,
    startedAt: row.started_at,
  };
}

export interface LeaseState {
  /** Reviews this worker still holds (lease renewed). */
  held: Set<number>;
  /** Held reviews a user asked to cancel. */
  cancelRequested: Set<number>;
}

/** Renews the lease of every review this worker runs, and reports cancel requests in the same trip. */
export async function renewLeases(db: Db, workerId: string, reviewIds: number[], leaseMs: number): Promise<LeaseState> {
  const state: LeaseState = { held: new Set(), cancelRequested: new Set() };
  if (reviewIds.length === 0) return state;
  const rows = await db
    .updateTable('reviews')
    .set({ lease_until: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where('id', 'in', reviewIds)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'in_progress')
    .returning(['id', 'cancel_requested_at'])
    .execute();
  for (const row of rows) {
    state.held.add(row.id);
    if (row.cancel_requested_at) state.cancelRequested.add(row.id);
  }
  return state;
}

/**
 * Puts a lost worker's review back in the queue (the reaper, whatever worker held it): the claim
 * counts as one of its MAX_CLAIMS. A worker that shuts down uses `handBackReview` instead.
 */
export async function requeueReview(db: Db, reviewId: number): Promise<boolean> {
  const result = await db
    .updateTable('reviews')
    .set({ status: 'created', locked_by: null, lease_until: null, updated_at: new Date() })
    .where('id', '=', reviewId)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A worker shutting down gives a review back: queued again without spending one of its claims (the
 * review did not kill the worker, so a later crash still gets its requeue), and a NOTIFY so another
 * worker claims it at once instead of at its next poll.
 */
export async function handBackReview(db: Db, reviewId: number, workerId: string): Promise<boolean> {
  const row = await db
    .updateTable('reviews')
    .set({
      status: 'created',
      locked_by: null,
      lease_until: null,
      attempt: sql<number>`greatest(attempt - 1, 0)`,
      updated_at: new Date(),
    })
    .where('id', '=', reviewId)
    .where('status', '=', 'in_progress')
    .where('locked_by', '=', workerId)
    .returning('org_id')
    .executeTakeFirst();
  if (!row) return false;
  await notify(db, { reviewId, orgId: row.org_id, seq: 0 });
  return true;
}

/**
 * Lets go of a review this worker finished. A review still `in_progress` keeps its lease (it runs
 * out and the reaper recovers the review), and another worker's claim is never touched.
 */
export async function releaseLease(db: Db, reviewId: number, workerId: string): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ locked_by: null, lease_until: null })
    .where('id', '=', reviewId)
    .where('locked_by', '=', workerId)
    .where('status', '<>', 'in_progress')
    .execute();
}

/** Running reviews whose worker stopped renewing (crashed, killed, partitioned). */
export async function expiredLeases(
  db: Db,
  scope: OrgScope,
  limit = 50,
): Promise<{ id: number; orgId: number; attempt: number; lockedBy: string | null }[]> {
  let query = db
    .selectFrom('reviews')
    .select(['id', 'org_id', 'attempt', 'locked_by'])
    .where('status', '=', 'in_progress')
    .where('lease_until', '<', sql<Date>`now()`);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  const rows = await query.orderBy('lease_until').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, orgId: row.org_id, attempt: row.attempt, lockedBy: row.locked_by }));
}

/**
 * Takes an expired review for one reaper: a conditional update, so of concurrent reapers exactly
 * one gets it. It holds the reaper's own short lease: if the reaper dies before the requeue, the
 * review is reaped again.
 */
export async function takeExpiredLease(db: Db, reviewId: number): Promise<boolean> {
  const taken = await db
    .updateTable('reviews')
    .set({ lease_until: sql<Date>`now() + interval '1 minute'`, locked_by: 'reaper' })
    .where('id', '=', reviewId)
    .where('status', '=', 'in_progress')
    .where('lease_until', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return taken.numUpdatedRows > 0n;
}
