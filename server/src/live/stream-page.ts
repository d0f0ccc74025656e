import type { Db } from '../db/database.ts';
import { scopedOrgIds, type OrgScope } from '../auth/org-scope.ts';
import type { EventRow } from '../events/events.repository.ts';

export interface StreamPage {
  /** Events after the cursor, ascending, at most `limit`. */
  rows: EventRow[];
  /** The review as of the same snapshot as `rows`; undefined when it is gone (or out of scope). */
  progress: { status: string; lastSeq: number } | undefined;
}

/**
 * What a woken stream needs, in one statement: the next page of events and the review's status and
 * last seq. Two queries per notification (page, then progress) made every stream hold a pool
 * connection twice in a row; under write load each waited behind the writer's transactions, and a
 * notification arriving meanwhile waited for both. One snapshot also means that "terminal and the
 * cursor has reached last_seq" is judged on the rows just read.
 */
export async function streamPage(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  after: number,
  limit: number,
): Promise<StreamPage> {
  let query = db
    .selectFrom('reviews as r')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('review_events as e')
          .select(['e.seq', 'e.ts', 'e.event_type', 'e.level', 'e.batch_id', 'e.data'])
          .whereRef('e.review_id', '=', 'r.id')
          .where('e.seq', '>', after)
          .orderBy('e.seq')
          .limit(limit)
          .as('page'),
      (join) => join.onTrue(),
    )
    .select([
      'r.status',
      'r.last_seq',
      'page.seq',
      'page.ts',
      'page.event_type',
      'page.level',
      'page.batch_id',
      'page.data',
    ])
    .where('r.id', '=', reviewId)
    .orderBy('page.seq');
  // A review's events carry its org: scoping the review row scopes the page.
  if (scope.kind === 'orgs') query = query.where('r.org_id', 'in', scopedOrgIds(scope));
  const result = await query.execute();
  const first = result[0];
  if (!first) return { rows: [], progress: undefined };
  const rows: EventRow[] = [];
  for (const row of result) {
    if (row.seq === null) continue; // the review with no page: one row of nulls from the left join
    rows.push({
      seq: row.seq,
      ts: row.ts!,
      type: row.event_type!,
      level: row.level,
      batchId: row.batch_id,
      data: (row.data ?? {}) as Record<string, unknown>,
    });
  }
  return { rows, progress: { status: first.status, lastSeq: first.last_seq } };
}
