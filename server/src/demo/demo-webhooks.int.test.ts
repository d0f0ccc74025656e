import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { SecretBox } from '../settings/secret-box.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import type { AiSimulator } from './ai-simulator/ai-simulator.ts';
import type { DemoOrg } from './demo-seed.ts';
import { openDemoFixture } from '../testing/demo-fixture.ts';
import { seedDemoWebhooks } from './demo-webhooks.ts';

describe(`the demo's webhooks on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  let database: Database;
  let simulator: AiSimulator;
  let orgs: DemoOrg[];
  const secrets = new SecretBox('demo-webhooks-test-secrets-key!');

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    const demo = await openDemoFixture(db, 'demo-webhooks');
    ({ orgs, simulator } = demo);
    await seedDemoWebhooks({ ...demo.deps, secrets });
  });
  afterAll(async () => {
    await simulator?.close();
    await database?.close();
  });

  const deliveriesOf = (orgId: number) =>
    database.db
      .selectFrom('webhook_deliveries')
      .select(['event', 'action', 'decision', 'reason', 'review_id', 'signature_ok', 'redelivery'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
  const reviewOf = (id: number) =>
    database.db
      .selectFrom('reviews')
      .select(['status', 'error_summary', 'trigger_type', 'locked_by', 'pr_mr_url'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('gives every org a webhook whose log shows each kind of decision, in the receiver’s words', async () => {
    for (const org of orgs) {
      const hooks = await database.db.selectFrom('git_webhooks').selectAll().where('org_id', '=', org.orgId).execute();
      expect(hooks).toHaveLength(1);
      const log = await deliveriesOf(org.orgId);
      const reasons = log.map((d) => d.reason.replace(/#\d+/g, '#N'));
      expect(reasons).toEqual([
        'ping: signature verified, webhook ready',
        'queued review #N',
        'ignored: redelivery, already handled (queued review #N)',
        'skipped: draft',
        'skipped: repository not in filter',
        'ignored: event issues',
        'rejected: bad signature',
        'superseded by #N',
        'queued review #N, superseded #N',
      ]);
      expect(log.map((d) => d.decision)).toEqual([
        'ignored',
        'queued',
        'ignored',
        'skipped',
        'skipped',
        'ignored',
        'rejected',
        'superseded',
        'queued',
      ]);
      expect(log.filter((d) => d.redelivery)).toHaveLength(1);
      expect(log.filter((d) => !d.signature_ok)).toHaveLength(1);
    }
  });

  it('runs the queued reviews through the engine: the superseded one canceled, the newer one succeeded', async () => {
    for (const org of orgs) {
      const log = await deliveriesOf(org.orgId);
      const [queued, superseded, successor] = [log[1]!, log[7]!, log[8]!];
      expect(await reviewOf(queued.review_id!)).toMatchObject({
        status: 'completed',
        trigger_type: 'webhook',
        locked_by: null,
        pr_mr_url: expect.stringMatching(/^https:\/\/github\.com\/.+\/pull\/41$/),
      });
      expect(await reviewOf(superseded.review_id!)).toMatchObject({
        status: 'canceled',
        error_summary: `Superseded by #${successor.review_id} (new commits)`,
      });
      expect(await reviewOf(successor.review_id!)).toMatchObject({ status: 'completed', locked_by: null });
    }
  });
});
