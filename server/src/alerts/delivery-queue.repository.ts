import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { RETRY_FOR_MS } from './retry-schedule.ts';
import { newMessageId } from './webhook-signing.ts';

/**
 * The persisted delivery queue: one row per notification × endpoint, claimed by a dispatcher with
 * a lease, and every attempt kept for the delivery log. Nothing lives in memory, so a restart
 * loses no pending delivery.
 */

export interface NewNotification {
  orgId: number;
  type: 'alert.firing' | 'alert.resolved' | 'webhook.test';
  alertId: number | null;
  /** Builds the body for one message id (the payload does not name it, but tests may). */
  payload: string;
  now: Date;
}

/** Queues one delivery for each enabled endpoint of the org (or only `endpointId`); returns them. */
export async function enqueueDeliveries(
  db: Db,
  notification: NewNotification,
  endpointId?: number,
): Promise<{ id: number; message_id: string }[]> {
  let endpoints = db.selectFrom('alert_endpoints').select('id').where('org_id', '=', notification.orgId);
  endpoints = endpointId === undefined ? endpoints.where('enabled', '=', true) : endpoints.where('id', '=', endpointId);
  const ids = (await endpoints.execute()).map((row) => row.id);
  if (ids.length === 0) return [];
  return db
    .insertInto('alert_deliveries')
    .values(
      ids.map((id) => ({
        endpoint_id: id,
        org_id: notification.orgId,
        message_id: newMessageId(),
        event_type: notification.type,
        alert_id: notification.alertId,
        payload: notification.payload,
        next_attempt_at: notification.now,
        created_at: notification.now,
        retry_until: new Date(notification.now.getTime() + RETRY_FOR_MS),
      })),
    )
    .returning(['id', 'message_id'])
    .execute();
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `leaseMs` (a crashed dispatcher's
 * claims expire and are taken again). SKIP LOCKED: two dispatchers never take the same row.
 */
export async function claimDueDeliveries(db: Db, now: Date, leaseMs: number, limit: number) {
  const { rows } = await sql<ClaimedDelivery>`
    UPDATE alert_deliveries d
       SET locked_until = ${new Date(now.getTime() + leaseMs)}
      FROM alert_endpoints e
     WHERE e.id = d.endpoint_id
       AND d.id IN (
         SELECT q.id FROM alert_deliveries q
          WHERE q.state = 'pending' AND q.next_attempt_at <= ${now}
            AND (q.locked_until IS NULL OR q.locked_until <= ${now})
          ORDER BY q.next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.endpoint_id, d.org_id, d.message_id, d.payload, d.attempts, d.retry_until,
              d.event_type, e.url, e.enabled, e.secret, e.previous_secret, e.previous_secret_until
  `.execute(db);
  return rows;
}

export interface ClaimedDelivery {
  id: number;
  endpoint_id: number;
  org_id: number;
  message_id: string;
  payload: string;
  attempts: number;
  retry_until: Date;
  event_type: string;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
}

export interface AttemptOutcome {
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** Null: no more attempts (delivered, or given up). */
  nextAttemptAt: Date | null;
  state: 'pending' | 'delivered' | 'failed';
}

/** Logs the attempt and moves the delivery on, releasing the claim, in one transaction. */
export async function recordAttempt(db: Db, deliveryId: number, outcome: AttemptOutcome): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('alert_delivery_attempts')
      .values({
        delivery_id: deliveryId,
        attempted_at: outcome.at,
        status_code: outcome.statusCode,
        latency_ms: outcome.latencyMs,
        response_excerpt: outcome.responseExcerpt,
        error: outcome.error,
        next_attempt_at: outcome.nextAttemptAt,
      })
      .execute();
    await trx
      .updateTable('alert_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        state: outcome.state,
        next_attempt_at: outcome.nextAttemptAt,
        locked_until: null,
        last_status: outcome.statusCode,
      }))
      .where('id', '=', deliveryId)
      .execute();
  });
}

/** A 410 Gone: the receiver asks us to stop; its pending deliveries stop with it. */
export async function disableEndpoint(db: Db, endpointId: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('alert_endpoints')
      .set({ enabled: false, disabled_reason: reason, updated_at: new Date() })
      .where('id', '=', endpointId)
      .execute();
    await trx
      .updateTable('alert_deliveries')
      .set({ state: 'failed', next_attempt_at: null, locked_until: null })
      .where('endpoint_id', '=', endpointId)
      .where('state', '=', 'pending')
      .execute();
  });
}

export async function listDeliveryRows(db: Db, orgId: number, endpointId: number, limit: number) {
  // alert_deliveries_endpoint_idx
  return db
    .selectFrom('alert_deliveries')
    .select(['id', 'endpoint_id', 'message_id', 'event_type', 'alert_id', 'state', 'next_attempt_at', 'created_at'])
    .where('org_id', '=', orgId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function listAttemptRows(db: Db, deliveryIds: number[]) {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom('alert_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('id')
    .execute();
}

/** Due again now, with a fresh retry window; the same webhook-id, so a receiver can tell it is a repeat. */
export async function requeueDelivery(db: Db, orgId: number, endpointId: number, deliveryId: number, now: Date) {
  return db
    .updateTable('alert_deliveries')
    .set({
      state: 'pending',
      next_attempt_at: now,
      locked_until: null,
      retry_until: new Date(now.getTime() + RETRY_FOR_MS),
    })
    .where('org_id', '=', orgId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', deliveryId)
    .returning(['id', 'message_id'])
    .executeTakeFirst();
}

/**
 * Retention: settled deliveries queued (or last redelivered) before `cutoff`, oldest first. A
 * delivery's retry window starts when it is queued, so `retry_until - RETRY_FOR_MS` is that moment.
 */
export async function deleteSettledDeliveriesBefore(db: Db, cutoff: Date, batchSize: number): Promise<number> {
  const lastQueuedBefore = new Date(cutoff.getTime() + RETRY_FOR_MS);
  const result = await db
    .deleteFrom('alert_deliveries')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('alert_deliveries')
        .select('id')
        .where('state', '<>', 'pending')
        .where('retry_until', '<', lastQueuedBefore)
        .orderBy('retry_until')
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
