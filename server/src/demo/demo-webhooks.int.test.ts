import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import { FsArtifactStore } from '../artifacts/fs-artifact-store.ts';
import type { AiProviderType } from '../connectors/ai/ai-types.ts';
import type { Database } from '../db/database.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { SecretBox } from '../settings/secret-box.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { startAiSimulator, type AiSimulator } from './ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl, type SimulatorScenario } from './ai-simulator/scenarios.ts';
import { seedDemo, type DemoOrg } from './demo-seed.ts';
import { seedDemoWebhooks } from './demo-webhooks.ts';

describe(`the demo's webhooks on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  let database: Database;
  let simulator: AiSimulator;
  let orgs: DemoOrg[];
  const secrets = new SecretBox('demo-webhooks-test-secrets-key!');

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    ({ orgs } = await seedDemo(db));
    simulator = await startAiSimulator({ chunkDelayMs: 0 });
    for (const connector of orgs.flatMap((org) => org.connectors)) {
      const row = await db
        .selectFrom('ai_connectors')
        .select('provider_name')
        .where('id', '=', connector.id)
        .executeTakeFirstOrThrow();
      const baseUrl = simulatorBaseUrl(
        simulator.url,
        row.provider_name as AiProviderType,
        connector.scenario as SimulatorScenario,
        { id: `connector-${connector.id}` },
      );
      await db.updateTable('ai_connectors').set({ base_url: baseUrl }).where('id', '=', connector.id).execute();
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-demo-webhooks-'));
    await seedDemoWebhooks({
      db,
      artifacts: new ArtifactRecorder(db, new FsArtifactStore(path.join(dataDir, 'artifacts'))),
      secrets,
      dataDir,
      outbound: OutboundPolicy.open(),
      orgs,
    });
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
