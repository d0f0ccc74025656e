import type { DbStatus } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { RoleName } from '../auth/permissions.ts';
import { JwtCodec } from '../auth/jwt.ts';
import { createOrg, createUser, grantRole } from '../admin/admin.repository.ts';

/** Factories for tests: each call makes new rows, so tests sharing a database never collide. */
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const TEST_JWT_SECRET = 'test-secret-of-at-least-32-characters!';
export const testJwt = new JwtCodec(TEST_JWT_SECRET);

export async function makeOrg(db: Db, name = `Org ${unique()}`): Promise<number> {
  return createOrg(db, name);
}

export interface TestUser {
  id: number;
  email: string;
  orgId: number;
  token: string;
}

export async function makeUser(db: Db, orgId: number, role: RoleName = 'member'): Promise<TestUser> {
  const email = `${role}-${unique()}@test.example`;
  const id = await createUser(db, { email, defaultOrgId: orgId });
  await grantRole(db, id, orgId, role);
  return { id, email, orgId, token: await testJwt.sign(id, { expiresIn: '1h' }) };
}

export interface OrgWithUsers {
  orgId: number;
  owner: TestUser;
  member: TestUser;
  /** A user of another org (`stranger.orgId`): must never see or touch anything of `orgId`. */
  stranger: TestUser;
}

/** The cast of an access test: an org's owner and member, and a stranger (by default an owner elsewhere). */
export async function makeOrgWithUsers(
  db: Db,
  options: { orgName?: string; strangerOrgName?: string; strangerRole?: RoleName } = {},
): Promise<OrgWithUsers> {
  const orgId = await makeOrg(db, options.orgName);
  const strangerOrgId = await makeOrg(db, options.strangerOrgName);
  return {
    orgId,
    owner: await makeUser(db, orgId, 'owner'),
    member: await makeUser(db, orgId, 'member'),
    stranger: await makeUser(db, strangerOrgId, options.strangerRole ?? 'owner'),
  };
}

export async function makeConnector(
  db: Db,
  orgId: number,
  values: { provider?: string; name?: string; model?: string } = {},
): Promise<number> {
  const row = await db
    .insertInto('ai_connectors')
    .values({
      org_id: orgId,
      provider_name: values.provider ?? 'ollama',
      connector_name: values.name ?? `Connector ${unique()}`,
      base_url: 'http://127.0.0.1:11434',
      selected_model: values.model ?? 'qwen2.5-coder',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A git token row (value in plain text, as an operator's SQL would insert it). */
export async function makeGitToken(
  db: Db,
  orgId: number,
  values: { provider?: 'github' | 'gitlab'; providerUrl?: string } = {},
): Promise<number> {
  const provider = values.provider ?? 'github';
  const row = await db
    .insertInto('integration_tokens')
    .values({
      org_id: orgId,
      provider,
      provider_url: values.providerUrl ?? (provider === 'github' ? 'https://api.github.com' : 'https://gitlab.com'),
      connection_name: `Token ${unique()}`,
      token: `token-${unique()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ReviewValues {
  status?: DbStatus;
  title?: string | null;
  prMrUrl?: string;
  repository?: string;
  gitProvider?: string;
  connectorId?: number | null;
  createdAt?: Date;
  startedAt?: Date | null;
  completedAt?: Date | null;
  errorSummary?: string | null;
  errorCategory?: string | null;
  retryOf?: number | null;
}

export async function makeReview(db: Db, orgId: number, values: ReviewValues = {}): Promise<number> {
  const status = values.status ?? 'completed';
  const createdAt = values.createdAt ?? new Date();
  const started = status === 'created' ? null : new Date(createdAt.getTime() + 1_000);
  const completed = ['completed', 'failed', 'canceled'].includes(status)
    ? new Date(createdAt.getTime() + 61_000)
    : null;
  const row = await db
    .insertInto('reviews')
    .values({
      org_id: orgId,
      status,
      mr_title: values.title === undefined ? `Change ${unique()}` : values.title,
      pr_mr_url: values.prMrUrl ?? `https://github.com/acme/repo/pull/${counter++}`,
      repository: values.repository ?? 'acme/repo',
      provider: values.gitProvider ?? 'github',
      connector_id: values.connectorId ?? null,
      created_at: createdAt,
      started_at: values.startedAt === undefined ? started : values.startedAt,
      completed_at: values.completedAt === undefined ? completed : values.completedAt,
      error_summary: values.errorSummary ?? null,
      error_category: values.errorCategory ?? null,
      retry_of: values.retryOf ?? null,
      trigger_type: 'manual',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface EventValues {
  type: string;
  level?: string | null;
  batchId?: string | null;
  data?: Record<string, unknown>;
  ts?: Date;
}

/** Appends events the way an operator's SQL would: no seq, so the database assigns it. */
export async function appendEventsBySql(db: Db, reviewId: number, orgId: number, events: EventValues[]): Promise<void> {
  for (const event of events) {
    await db
      .insertInto('review_events')
      .values({
        review_id: reviewId,
        org_id: orgId,
        event_type: event.type,
        level: event.level ?? null,
        batch_id: event.batchId ?? null,
        data: JSON.stringify(event.data ?? {}),
        ...(event.ts ? { ts: event.ts } : {}),
      })
      .execute();
  }
}
