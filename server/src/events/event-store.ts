import { sql } from 'kysely';
import type { ReviewUsage } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { effectsOf, type EventToStore } from './review-effects.ts';

/**
 * The NOTIFY channel: `review_events`, suffixed with the schema when not `public`, so installs (or
 * test runs) sharing one database in separate schemas do not wake each other's streams.
 */
export const EVENTS_CHANNEL = 'review_events';
export const channelForSchema = (schema: string) =>
  schema === 'public' ? EVENTS_CHANNEL : `${EVENTS_CHANNEL}_${schema}`;

/** What a notification says: "review R (of org O) has events up to seq S". Never the events. */
export interface ReviewNotification {
  reviewId: number;
  orgId: number;
  seq: number;
  /** A user asked to cancel this review (the worker running it checks at once). */
  cancel?: true;
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
  firstSeq: number;
  lastSeq: number;
}

export class ReviewNotFoundError extends Error {}

/**
 * Appends events to one review. Everything happens in one transaction:
 *
 * 1. lock the review row (`FOR UPDATE`): appenders to the same review take turns, so `seq`
 *    is gap-free and an `eventId` seen once is seen by every later appender;
 * 2. drop events whose `eventId` is already stored (or repeated in this batch);
 * 3. insert the rest in one multi-row statement with seq = last_seq + 1…n (the statement trigger
 *    moves last_seq, last_event_at and event_counts on the review row);
 * 4. move status and completion columns forward only;
 * 5. NOTIFY, delivered by PostgreSQL only when the transaction commits.
 */
export async function appendEvents(
  db: Db,
  review: { id: number; orgId: number },
  events: EventToStore[],
  /** Append only if the review is still in this status (checked under the row lock). */
  onlyIfStatus?: string,
): Promise<AppendResult> {
  return db.transaction().execute((trx) => appendEventsInTransaction(trx, review, events, onlyIfStatus));
}

/** appendEvents inside a transaction the caller holds (a webhook's supersede cancels in its own). */
export async function appendEventsInTransaction(
  trx: Db,
  review: { id: number; orgId: number },
  events: EventToStore[],
  onlyIfStatus?: string,
): Promise<AppendResult> {
  const current = await trx
    .selectFrom('reviews')
    .select(['last_seq', 'status', 'error_summary'])
    .where('id', '=', review.id)
    .where('org_id', '=', review.orgId)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw new ReviewNotFoundError(`review ${review.id} not found`);
  if (onlyIfStatus !== undefined && current.status !== onlyIfStatus) {
    return { accepted: 0, duplicates: 0, firstSeq: current.last_seq + 1, lastSeq: current.last_seq };
  }

  const fresh = await withoutDuplicates(trx, review.id, events);
  const base = current.last_seq;
  if (fresh.length > 0) {
    await insertRows(trx, review, base, fresh);
    await applyEffects(trx, review.id, { status: current.status, errorSummary: current.error_summary }, fresh);
  }
  const lastSeq = base + fresh.length;
  if (fresh.length > 0) await notify(trx, { reviewId: review.id, orgId: review.orgId, seq: lastSeq });
  return { accepted: fresh.length, duplicates: events.length - fresh.length, firstSeq: base + 1, lastSeq };
}

async function withoutDuplicates(db: Db, reviewId: number, events: EventToStore[]): Promise<EventToStore[]> {
  const ids = events.map((e) => e.eventId).filter((id): id is string => id !== null);
  const stored = new Set<string>();
  if (ids.length > 0) {
    const rows = await db
      .selectFrom('review_events')
      .select('event_id')
      .where('review_id', '=', reviewId)
      .where('event_id', 'in', ids)
      .execute();
    for (const row of rows) stored.add(row.event_id!);
  }
  return events.filter((event) => {
    if (event.eventId === null) return true;
    if (stored.has(event.eventId)) return false;
    stored.add(event.eventId);
    return true;
  });
}

/** One statement for the whole batch: parallel arrays unnested server-side. */
async function insertRows(db: Db, review: { id: number; orgId: number }, base: number, events: EventToStore[]) {
  await sql`
    INSERT INTO review_events (review_id, org_id, seq, ts, event_type, level, batch_id, data, event_id)
    SELECT ${review.id}, ${review.orgId}, e.seq, e.ts, e.type, e.level, e.batch_id, e.data::jsonb, e.event_id
      FROM unnest(
        ${events.map((_, i) => base + i + 1)}::bigint[],
        ${events.map((e) => e.ts.toISOString())}::timestamptz[],
        ${events.map((e) => e.type)}::text[],
        ${events.map((e) => e.level)}::text[],
        ${events.map((e) => e.batchId)}::text[],
        ${events.map((e) => JSON.stringify(e.data))}::text[],
        ${events.map((e) => e.eventId)}::text[]
      ) AS e(seq, ts, type, level, batch_id, data, event_id)`.execute(db);
}

async function applyEffects(
  db: Db,
  reviewId: number,
  current: { status: string; errorSummary: string | null },
  events: EventToStore[],
) {
  const effects = effectsOf(current, events);
  const batchCounts = sql<number>`(SELECT count(DISTINCT coalesce(data ->> 'batchId', batch_id)) FROM review_events
                                    WHERE review_id = ${reviewId} AND event_type = 'batch')`;
  const batchesDone = sql<number>`(SELECT count(DISTINCT coalesce(data ->> 'batchId', batch_id)) FROM review_events
                                    WHERE review_id = ${reviewId} AND event_type = 'batch'
                                      AND data ->> 'status' IN ('success', 'failed', 'completed'))`;
  const set = {
    ...(effects.status === undefined ? {} : { status: effects.status }),
    ...(effects.commentCount === undefined ? {} : { comment_count: effects.commentCount }),
    ...(effects.errorSummary === undefined ? {} : { error_summary: effects.errorSummary }),
    ...(effects.errorCategory === undefined ? {} : { error_category: effects.errorCategory }),
    ...(effects.resultSummary === undefined ? {} : { result_summary: effects.resultSummary }),
    ...(effects.usage === undefined ? {} : usageColumns(effects.usage)),
    ...(effects.outcome === undefined
      ? {}
      : {
          outcome: effects.outcome.outcome,
          outcome_reason: effects.outcome.reason,
          failed_batches: effects.outcome.failedBatches,
        }),
  };
  const waitingBatches = waitingUpdate(effects);
  if (
    Object.keys(set).length === 0 &&
    !effects.startedAt &&
    !effects.completedAt &&
    !effects.recountBatches &&
    !waitingBatches
  )
    return;
  await db
    .updateTable('reviews')
    .set(set)
    .$if(effects.startedAt !== undefined, (q) =>
      q.set({ started_at: sql`coalesce(started_at, ${effects.startedAt!})` }),
    )
    .$if(effects.completedAt !== undefined, (q) =>
      q.set({ completed_at: sql`coalesce(completed_at, ${effects.completedAt!})` }),
    )
    .$if(effects.recountBatches, (q) => q.set({ batches_total: batchCounts, batches_done: batchesDone }))
    .$if(waitingBatches !== undefined, (q) => q.set({ waiting_batches: waitingBatches! }))
    .where('id', '=', reviewId)
    .execute();
}

/**
 * The new `waiting_batches` as SQL over the old value: the batches that stopped waiting removed,
 * those that began added (jsonb `-` and `||`); undefined when no batch changed.
 */
function waitingUpdate(effects: ReturnType<typeof effectsOf>) {
  if (effects.clearWaiting) return sql<string | null>`NULL`;
  if (effects.waiting.size === 0) return undefined;
  const ended = [...effects.waiting].filter(([, wait]) => wait === null).map(([batchId]) => batchId);
  const started = Object.fromEntries([...effects.waiting].filter(([, wait]) => wait !== null));
  return sql<
    string | null
  >`nullif((coalesce(waiting_batches, '{}'::jsonb) - ${ended}::text[]) || ${JSON.stringify(started)}::jsonb, '{}'::jsonb)`;
}

function usageColumns(usage: ReviewUsage) {
  return {
    usage_tokens_in: usage.tokensIn,
    usage_tokens_out: usage.tokensOut,
    usage_tokens: usage.tokensIn + usage.tokensOut,
    usage_cost_usd: usage.costUsd,
    usage_model_calls: usage.modelCalls,
    usage_model_ms: usage.modelMs,
    usage_wait_ms: usage.waitMs,
  };
}

export async function notify(db: Db, notification: ReviewNotification): Promise<void> {
  await sql`SELECT pg_notify(CASE current_schema() WHEN 'public' THEN ${EVENTS_CHANNEL} ELSE ${EVENTS_CHANNEL + '_'} || current_schema() END,
                             ${JSON.stringify(notification)})`.execute(db);
}
