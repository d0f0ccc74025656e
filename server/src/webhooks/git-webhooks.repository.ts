import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** SQL for git webhooks and their delivery log. Settings reads are always within one org. */

export async function listWebhookRows(db: Db, orgId: number) {
  // git_webhooks_org_idx
  return db.selectFrom('git_webhooks').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
}

export async function findWebhookRow(db: Db, orgId: number, id: number) {
  return db.selectFrom('git_webhooks').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** For the receivers, which know only the id in the URL: the row decides which org the delivery is for. */
export async function findWebhookForDelivery(db: Db, provider: string, id: number) {
  return db
    .selectFrom('git_webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('provider', '=', provider)
    .executeTakeFirst();
}

export type WebhookRow = NonNullable<Awaited<ReturnType<typeof findWebhookRow>>>;

export interface WebhookValues {
  integration_token_id?: number;
  connector_id?: number;
  repositories?: string[];
  skip_drafts?: boolean;
  path_filters?: string[];
  enabled?: boolean;
  secret?: string;
}

export async function insertWebhookRow(db: Db, orgId: number, values: Required<WebhookValues> & { provider: string }) {
  return db
    .insertInto('git_webhooks')
    .values({ org_id: orgId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateWebhookRow(db: Db, orgId: number, id: number, values: WebhookValues) {
  return db
    .updateTable('git_webhooks')
    .set({ ...values, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteWebhookRow(db: Db, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('git_webhooks')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The provider of a token of the org, or undefined when the org has no such token. */
export async function findTokenProvider(db: Db, orgId: number, tokenId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('integration_tokens')
    .select('provider')
    .where('org_id', '=', orgId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
  return row?.provider;
}

export async function connectorInOrg(db: Db, orgId: number, connectorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('ai_connectors')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', connectorId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewDelivery {
  webhookId: number;
  orgId: number;
  deliveryId: string | null;
  event: string | null;
  action: string | null;
  repository: string | null;
  number: number | null;
  headSha: string | null;
  signatureOk: boolean;
  decision: string;
  reason: string;
  payloadExcerpt: Record<string, unknown> | null;
  /** A delivery id handled before, recorded again so the log shows it arrived (and started nothing). */
  redelivery?: boolean;
}

/**
 * Records a delivery; undefined when a verified delivery with this id was recorded before
 * (webhook_deliveries_delivery_idx). A concurrent insert of the same id waits for the first one's
 * transaction, so exactly one of two racing redeliveries gets a row.
 */
export async function insertDeliveryRow(db: Db, delivery: NewDelivery): Promise<number | undefined> {
  const row = await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: delivery.webhookId,
      org_id: delivery.orgId,
      delivery_id: delivery.deliveryId,
      event: delivery.event,
      action: delivery.action,
      repository: delivery.repository,
      number: delivery.number,
      head_sha: delivery.headSha,
      signature_ok: delivery.signatureOk,
      decision: delivery.decision,
      reason: delivery.reason,
      payload_excerpt: delivery.payloadExcerpt === null ? null : JSON.stringify(delivery.payloadExcerpt),
      redelivery: delivery.redelivery ?? false,
    })
    .onConflict((oc) =>
      oc
        .columns(['webhook_id', 'delivery_id'])
        .where('signature_ok', '=', true)
        .where('delivery_id', 'is not', null)
        .where('redelivery', '=', false)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function linkDeliveryToReview(db: Db, id: number, reviewId: number, reason: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ review_id: reviewId, reason }).where('id', '=', id).execute();
}

/** The first verified delivery with this id (what a redelivery is answered with). */
export async function findVerifiedDelivery(db: Db, webhookId: number, deliveryId: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['decision', 'reason', 'review_id'])
    .where('webhook_id', '=', webhookId)
    .where('delivery_id', '=', deliveryId)
    .where('signature_ok', '=', true)
    .where('redelivery', '=', false)
    .executeTakeFirst();
}

/** Rejected deliveries kept per webhook: enough to see a wrong secret, too few for a flood to matter. */
export const REJECTED_DELIVERIES_KEPT = 1_000;

/**
 * Deletes a webhook's rejected (unsigned) rows beyond the newest `keep`, so requests without the
 * secret cannot grow the table. Reads at most `keep` + 1 entries of webhook_deliveries_rejected_idx.
 */
export async function capRejectedDeliveries(db: Db, webhookId: number, keep = REJECTED_DELIVERIES_KEPT) {
  const oldestKept = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .where('signature_ok', '=', false)
    .orderBy('id', 'desc')
    .offset(keep - 1)
    .limit(1)
    .executeTakeFirst();
  if (!oldestKept) return;
  await db
    .deleteFrom('webhook_deliveries')
    .where('webhook_id', '=', webhookId)
    .where('signature_ok', '=', false)
    .where('id', '<', oldestKept.id)
    .execute();
}

/** The delivery that started a review superseded by a push now says so (its row keeps the review link). */
export async function markDeliverySuperseded(db: Db, orgId: number, reviewId: number, newReviewId: number) {
  await db
    .updateTable('webhook_deliveries')
    .set({ decision: 'superseded', reason: `superseded by #${newReviewId}` })
    .where('review_id', '=', reviewId)
    .where('org_id', '=', orgId)
    .where('redelivery', '=', false)
    .execute();
}

/** Deletes up to `batchSize` of the oldest deliveries received before `cutoff`; how many it deleted. */
export async function deleteDeliveriesReceivedBefore(db: Db, cutoff: Date, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('received_at', '<', cutoff)
        .orderBy('received_at')
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * One page of a webhook's deliveries, newest first, from an id cursor (exclusive); one row more
 * than asked tells whether there is another page. Served by webhook_deliveries_list_idx, or
 * webhook_deliveries_decision_idx with a decision filter (a merge of one range per decision).
 */
export async function listDeliveryRows(
  db: Db,
  orgId: number,
  webhookId: number,
  page: {
    before?: number | undefined;
    limit: number;
    decisions?: readonly string[] | undefined;
    repository?: string | undefined;
  },
) {
  let query = db
    .selectFrom('webhook_deliveries')
    .select([
      'id',
      'webhook_id',
      'delivery_id',
      'received_at',
      'event',
      'action',
      'repository',
      'number',
      'head_sha',
      'signature_ok',
      'decision',
      'reason',
      'review_id',
      'redelivery',
    ])
    .where('webhook_id', '=', webhookId)
    .where('org_id', '=', orgId);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  if (page.decisions && page.decisions.length > 0) query = query.where('decision', 'in', page.decisions);
  // Names are compared as the webhook's filter compares them: case-insensitively.
  if (page.repository) query = query.where(sql<string>`lower(repository)`, '=', page.repository.toLowerCase());
  return query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveryRows>>[number];

/**
 * What the engine reads of the webhook that started a review (issue 14: its token and path
 * filters), within the review's org; undefined when the webhook was deleted since.
 */
export async function findWebhookForReview(db: Db, orgId: number, webhookId: number) {
  return db
    .selectFrom('git_webhooks')
    .select(['id', 'integration_token_id', 'path_filters'])
    .where('org_id', '=', orgId)
    .where('id', '=', webhookId)
    .executeTakeFirst();
}

/**
 * The engine found nothing to review in a queued delivery (its path filters excluded every changed
 * file): the delivery log says so, still linked to the review that found out.
 */
export async function markDeliverySkipped(db: Db, orgId: number, deliveryRowId: number, reason: string) {
  await db
    .updateTable('webhook_deliveries')
    .set({ decision: 'skipped', reason })
    .where('org_id', '=', orgId)
    .where('id', '=', deliveryRowId)
    .execute();
}

/** One delivery log row of the org (a webhook review's page says which delivery started it). */
export async function findDeliveryRow(db: Db, orgId: number, id: number) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id', 'event', 'action', 'repository', 'number', 'head_sha'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}
