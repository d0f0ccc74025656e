import type { Db } from '../db/database.ts';
import type { RoleName } from '../auth/permissions.ts';
import { createOrg, createUser, grantRole } from '../admin/admin.repository.ts';
import { demoAuthors, demoConnectors, demoOrgs, demoTitles } from './demo-data.ts';
import { between, demoHistory, mulberry32, pick, type DemoOutcome } from './demo-history.ts';

export interface DemoUser {
  userId: number;
  email: string;
  role: RoleName;
  orgId: number;
  orgName: string;
}

export interface DemoSeedOptions {
  reviewsPerOrg?: readonly number[];
  now?: Date;
  seed?: number;
}

/** Seeds demo orgs, one user per role, connectors and finished/running/queued reviews with events. */
export async function seedDemo(db: Db, options: DemoSeedOptions = {}): Promise<DemoUser[]> {
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ?? 20261124);
  const reviewsPerOrg = options.reviewsPerOrg ?? [300, 80];
  const users: DemoUser[] = [];

  for (const [index, org] of demoOrgs.entries()) {
    const orgId = await createOrg(db, org.name);
    const slug = index === 0 ? 'acme' : 'globex';
    const roles: RoleName[] = index === 0 ? ['super_admin', 'owner', 'member'] : ['owner', 'member'];
    for (const role of roles) {
      const email = `${role.replace('_', '-')}@${slug}.demo`;
      const userId = await createUser(db, { email, name: `Demo ${role}`, defaultOrgId: orgId });
      await grantRole(db, userId, orgId, role);
      users.push({ userId, email, role, orgId, orgName: org.name });
    }

    const connectors = [];
    for (const c of demoConnectors) {
      const row = await db
        .insertInto('ai_connectors')
        .values({
          org_id: orgId,
          provider_name: c.provider,
          connector_name: c.name,
          // Pointed at the running simulator at every start (see demo-runner.ts).
          base_url: 'http://127.0.0.1:9/unset',
          selected_model: c.model,
          api_key: null,
          streaming: true,
          settings: JSON.stringify({ demoScenario: c.scenario }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      connectors.push({ ...c, id: row.id, streamingBlocked: c.scenario === 'buffering-proxy' });
    }

    const count = reviewsPerOrg[index] ?? 0;
    for (let i = 0; i < count; i++) {
      const status = demoStatus(random);
      const ageMs = between(random, 300_000, 14 * 86_400_000);
      const createdAt = new Date(now.getTime() - ageMs);
      const repo = pick<{ repository: string; host: string; git: string }>(random, org.repos);
      const connector = pick(random, connectors);
      const [authorName, authorUsername] = pick(random, demoAuthors);
      const number = between(random, 12, 2400);
      const url =
        repo.git === 'github'
          ? `${repo.host}/${repo.repository}/pull/${number}`
          : `${repo.host}/${repo.repository}/-/merge_requests/${number}`;
      const history = demoHistory(random, createdAt, status, { ...connector }, now);
      await insertDemoReview(db, {
        orgId,
        url,
        title: pick(random, demoTitles),
        repository: repo.repository,
        git: repo.git,
        connectorId: connector.id,
        provider: connector.provider,
        model: connector.model,
        author: { name: authorName, username: authorUsername },
        branch: `${authorUsername}/${number}-change`,
        commitHash: Math.floor(random() * 0xfffffff)
          .toString(16)
          .padStart(7, '0'),
        createdAt,
        history,
      });
    }
  }
  return users;
}

/** History only: live demo reviews (queued, running) are made by the real engine at start. */
function demoStatus(random: () => number): DemoOutcome['status'] {
  const r = random();
  if (r < 0.72) return 'completed';
  if (r < 0.93) return 'failed';
  return 'canceled';
}

interface DemoReview {
  orgId: number;
  url: string;
  title: string;
  repository: string;
  git: string;
  connectorId: number;
  provider: string;
  model: string;
  author: { name: string; username: string };
  branch: string;
  commitHash: string;
  createdAt: Date;
  history: DemoOutcome;
}

async function insertDemoReview(db: Db, review: DemoReview): Promise<void> {
  const h = review.history;
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('reviews')
      .values({
        org_id: review.orgId,
        pr_mr_url: review.url,
        mr_title: review.title,
        repository: review.repository,
        branch: review.branch,
        commit_hash: review.commitHash,
        provider: review.git,
        connector_id: review.connectorId,
        ai_provider: review.provider,
        ai_model: review.model,
        status: h.status,
        trigger_type: 'demo',
        author_name: review.author.name,
        author_username: review.author.username,
        user_email: null,
        created_at: review.createdAt,
        started_at: h.startedAt,
        completed_at: h.completedAt,
        comment_count: h.commentCount,
        error_summary: h.errorSummary,
        error_category: h.errorCategory,
        result_summary: h.resultSummary,
        batches_total: h.batchesTotal,
        batches_done: h.batchesDone,
        metadata: JSON.stringify({ demo: true }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reviewId = row.id;
    if (h.events.length === 0) return;
    await trx
      .insertInto('review_events')
      .values(
        h.events.map((e, i) => ({
          review_id: reviewId,
          org_id: review.orgId,
          seq: i + 1,
          ts: e.ts,
          event_type: e.type,
          level: e.level,
          batch_id: e.batchId,
          data: JSON.stringify(e.data),
        })),
      )
      .execute();
  });
}
