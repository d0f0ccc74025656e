import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { RoleName } from '../auth/permissions.ts';

/** SQL of the demo: its connectors, its users, and the past reviews its history replay inserts. */

/** The demo's connectors (a `demoScenario` in their settings), wherever they were seeded. */
export async function listDemoConnectors(db: Db) {
  return db
    .selectFrom('ai_connectors')
    .select(['id', 'org_id', 'provider_name', 'settings'])
    .where(sql`settings ->> 'demoScenario'`, 'is not', null)
    .execute();
}

/** Points a demo connector at the simulator (its port changes per start). */
export async function setConnectorBaseUrl(db: Db, connectorId: number, baseUrl: string): Promise<void> {
  await db.updateTable('ai_connectors').set({ base_url: baseUrl }).where('id', '=', connectorId).execute();
}

/** A replay of the demo history cut short by a stop or crash: its lease expires now, so the reaper requeues it. */
export async function expireInterruptedReplays(db: Db): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ lease_until: new Date(0) })
    .where('locked_by', '=', 'demo-history')
    .where('status', '=', 'in_progress')
    .execute();
}

/** The first demo owner, in whose org the demo keeps creating reviews. */
export async function findDemoOwner(db: Db): Promise<{ id: number; email: string; orgId: number } | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .select(['u.id', 'u.email', 'ur.org_id as orgId'])
    .where('r.name', '=', 'owner')
    .where('u.email', 'like', '%.demo')
    .orderBy('u.id')
    .executeTakeFirst();
}

/** Every demo user with their role and org (the start-up banner's sign-in links). */
export async function listDemoUsers(
  db: Db,
): Promise<{ userId: number; email: string; role: RoleName; orgId: number; orgName: string }[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .innerJoin('orgs as o', 'o.id', 'ur.org_id')
    .select(['u.id as userId', 'u.email', 'r.name as role', 'o.id as orgId', 'o.name as orgName'])
    .where('u.email', 'like', '%.demo')
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({ ...row, role: row.role as RoleName }));
}

/**
 * A past review of the replay, inserted as already running and held by it (`locked_by`
 * 'demo-history', no lease, so no worker or reaper touches it), with its queued moment as event 1.
 */
export async function insertReplayReview(
  db: Db,
  review: {
    orgId: number;
    title: string;
    repository: string;
    branch: string;
    gitProvider: string;
    connectorId: number;
    user: { id: number; email: string };
    createdAt: Date;
    startedAt: Date;
  },
): Promise<number> {
  const row = await db
    .insertInto('reviews')
    .values({
      org_id: review.orgId,
      engine: 'builtin',
      status: 'in_progress',
      mr_title: review.title,
      repository: review.repository,
      branch: review.branch,
      provider: review.gitProvider,
      connector_id: review.connectorId,
      trigger_type: 'demo',
      user_email: review.user.email,
      created_by: review.user.id,
      created_at: review.createdAt,
      started_at: review.startedAt,
      locked_by: 'demo-history',
      metadata: JSON.stringify({ demo: true }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('review_events')
    .values({
      review_id: row.id,
      org_id: review.orgId,
      seq: 1,
      ts: review.createdAt,
      event_type: 'status',
      level: 'info',
      data: JSON.stringify({ status: 'queued' }),
    })
    .execute();
  return row.id;
}

/** The replay is done with the review: it is an ordinary finished review from now on. */
export async function releaseReplayedReview(db: Db, reviewId: number): Promise<void> {
  await db.updateTable('reviews').set({ locked_by: null }).where('id', '=', reviewId).execute();
}

/**
 * A queued review the demo runs itself (a simulated webhook delivery's): taken as the replay takes
 * its own (`locked_by` 'demo-history', no lease), so no worker claims it meanwhile.
 */
export async function claimForReplay(db: Db, reviewId: number) {
  return db
    .updateTable('reviews')
    .set({ status: 'in_progress', started_at: new Date(), locked_by: 'demo-history', attempt: sql`attempt + 1` })
    .where('id', '=', reviewId)
    .where('status', '=', 'created')
    .returning(['id', 'org_id', 'connector_id', 'trigger_type', 'metadata', 'attempt', 'created_at', 'started_at'])
    .executeTakeFirstOrThrow();
}

/** The demo's alert endpoints: those pointed at its receiver (any port: it changes per start). */
export async function listDemoAlertEndpoints(db: Db) {
  return db
    .selectFrom('alert_endpoints')
    .select(['id', 'org_id'])
    .where('url', 'like', 'http://127.0.0.1:%/demo-alert-receiver/%')
    .execute();
}

export async function setAlertEndpointUrl(db: Db, endpointId: number, url: string): Promise<void> {
  await db.updateTable('alert_endpoints').set({ url, updated_at: new Date() }).where('id', '=', endpointId).execute();
}

/** An endpoint's org and sealed secrets, by id alone: the receiver knows the endpoint from its URL. */
export async function findAlertEndpointSecrets(db: Db, endpointId: number) {
  return db
    .selectFrom('alert_endpoints')
    .select(['org_id', 'secret', 'previous_secret', 'previous_secret_until'])
    .where('id', '=', endpointId)
    .executeTakeFirst();
}

/** Whether a review is still queued or running (the demo's live loop waits for its last one). */
export async function isReviewActive(db: Db, reviewId: number): Promise<boolean> {
  const row = await db.selectFrom('reviews').select('status').where('id', '=', reviewId).executeTakeFirst();
  return row?.status === 'queued' || row?.status === 'in_progress';
}
