import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { scopedOrgIds, type OrgScope } from '../auth/org-scope.ts';
import type { DB } from '../db/schema.ts';
import type { SearchPrefilter } from './log-search.ts';
import type { StoredEvent } from '../reviews/review-derivations.ts';

/**
 * Events of a few types of one review, in seq order, through idx_review_events_type
 * (review_id, event_type, seq): never a scan of the review's log lines. `perTypeLimit` bounds a
 * misbehaving emitter that sends millions of, say, batch events.
 */
export async function eventsOfTypes(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  types: readonly string[],
  perTypeLimit = 5_000,
): Promise<StoredEvent[]> {
  const perType = await Promise.all(
    types.map((type) =>
      eventsOf(db, scope, reviewId).where('event_type', '=', type).orderBy('seq').limit(perTypeLimit).execute(),
    ),
  );
  return perType
    .flat()
    .map(toEventRow)
    .sort((a, b) => a.seq - b.seq);
}

/** The `model_call` end events of a review (one per attempt; their usage and timing), in order. */
export async function modelCallEnds(db: Db, scope: OrgScope, reviewId: number, limit = 5_000): Promise<StoredEvent[]> {
  const rows = await eventsOf(db, scope, reviewId)
    .where('event_type', '=', 'model_call')
    .where(sql`data ->> 'phase'`, '=', 'end')
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toEventRow);
}

/** One review's events, within the scope: every read below starts here. */
function eventsOf(db: Db, scope: OrgScope, reviewId: number) {
  const query = db
    .selectFrom('review_events')
    .select(['seq', 'ts', 'event_type', 'level', 'batch_id', 'data'])
    .where('review_id', '=', reviewId);
  return scope.kind === 'orgs' ? query.where('org_id', 'in', scopedOrgIds(scope)) : query;
}

/** One event as every reader gets it: the same row the detail page's derivations take. */
export type EventRow = StoredEvent;

/** The `type`, `level` and `batch_id` filters of the events window and the log search (columns). */
export interface EventFilters {
  types?: string[];
  levels?: string[];
  batchIds?: string[];
}

function matchingFilters(eb: ExpressionBuilder<DB, 'review_events'>, filters: EventFilters) {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.types?.length) conditions.push(eb('event_type', 'in', filters.types));
  if (filters.levels?.length) conditions.push(eb('level', 'in', filters.levels));
  if (filters.batchIds?.length) conditions.push(eb('batch_id', 'in', filters.batchIds));
  return eb.and(conditions);
}

export interface EventWindow extends EventFilters {
  /** Events with seq greater than this, ascending. */
  after?: number;
  /** Events with seq less than this, the window just before it, returned ascending. */
  before?: number;
  /** The last N events, returned ascending. */
  tail?: number;
  limit: number;
}

/**
 * A window of one review's events by seq. Each shape walks an index backwards or forwards from the
 * cursor (review_events_review_seq_key, or the type/level/batch indexes when filtered), so a window
 * deep in a million-event review costs what the first one does.
 */
export async function eventWindow(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  window: EventWindow,
): Promise<{ rows: EventRow[]; more: boolean }> {
  const descending = window.before !== undefined || window.tail !== undefined;
  const size = window.tail ?? window.limit;
  let query = eventsOf(db, scope, reviewId);
  if (window.after !== undefined) query = query.where('seq', '>', window.after);
  if (window.before !== undefined) query = query.where('seq', '<', window.before);
  const rows = await query
    .where((eb) => matchingFilters(eb, window))
    .orderBy('seq', descending ? 'desc' : 'asc')
    .limit(size + 1)
    .execute();
  const more = rows.length > size;
  const page = rows.slice(0, size).map(toEventRow);
  return { rows: descending ? page.reverse() : page, more };
}

function toEventRow(row: {
  seq: number;
  ts: Date;
  event_type: string;
  level: string | null;
  batch_id: string | null;
  data: unknown;
}): EventRow {
  return {
    seq: row.seq,
    ts: row.ts,
    type: row.event_type,
    level: row.level,
    batchId: row.batch_id,
    data: (row.data ?? {}) as Record<string, unknown>,
  };
}

/**
 * Log search: the events with `after < seq <= through` that pass the filters and the prefilter (see
 * log-search.ts), ascending. The caller walks the log in bounded seq ranges along
 * review_events_review_seq_key, so no statement reads more than one range, however rare the needle
 * (on PGlite's single connection a long statement would hold up every other request).
 */
export async function searchCandidates(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  range: { after: number; through: number },
  filters: EventFilters,
  prefilter: SearchPrefilter | undefined,
): Promise<EventRow[]> {
  let query = eventsOf(db, scope, reviewId)
    .where('seq', '>', range.after)
    .where('seq', '<=', range.through)
    .where((eb) => matchingFilters(eb, filters));
  if (prefilter) query = query.where(mayContain(prefilter));
  const rows = await query.orderBy('seq').execute();
  return rows.map(toEventRow);
}

function mayContain(prefilter: SearchPrefilter) {
  const { pattern, verbatimTypes } = prefilter;
  const byValues = verbatimTypes.map(
    ({ type, keys, structured }) =>
      sql`(event_type = ${type} AND (${sql.join(
        [
          ...keys.map((key) => sql`data ->> ${key} ILIKE ${pattern}`),
          // Shown as compact JSON, which need not match the stored spacing: left to the final check.
          ...structured.map((key) => sql`jsonb_typeof(data -> ${key}) IN ('object', 'array')`),
        ],
        sql` OR `,
      )}))`,
  );
  return sql<SqlBool>`(
    event_type NOT IN (${sql.join(verbatimTypes.map((t) => t.type))})
    OR batch_id ILIKE ${pattern}
    OR level ILIKE ${pattern}
    OR ${sql.join(byValues, sql` OR `)}
  )`;
}

/** Every event of a review in seq order, a page at a time: bounded memory at any size. */
export async function* allEvents(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  pageSize = 2_000,
): AsyncGenerator<EventRow> {
  let after = 0;
  for (;;) {
    const { rows } = await eventWindow(db, scope, reviewId, { after, limit: pageSize });
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.seq;
  }
}

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

/**
 * Deletes up to `batchSize` of the org's events older than `days` (retention); returns how many.
 * Small batches keep each statement's locks short.
 */
export async function deleteEventsOlderThan(db: Db, orgId: number, days: number, batchSize: number): Promise<number> {
  const cutoff = sql<Date>`now() - ${days} * interval '1 day'`;
  const deleted = await db
    .deleteFrom('review_events')
    .where('id', 'in', (eb) =>
      eb.selectFrom('review_events').select('id').where('org_id', '=', orgId).where('ts', '<', cutoff).limit(batchSize),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
