import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertNotification } from '../testing/alerts-harness.ts';
import { AlertDispatcher } from '../alerts/alert-dispatcher.ts';
import { AlertEvaluator } from '../alerts/alert-evaluator.ts';
import { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import { FsArtifactStore } from '../artifacts/fs-artifact-store.ts';
import { parsePullRequestUrl } from '../connectors/git/pull-request-url.ts';
import { chooseToken } from '../connectors/git/token-choice.ts';
import { parseAllowList } from '../outbound/allow-list.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { ReviewCommands } from '../reviews/review-commands.service.ts';
import { SecretBox } from '../settings/secret-box.ts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { seedDemo, type DemoOrg } from './demo-seed.ts';
import { startDemo, type DemoRunner } from './demo-runner.ts';

/**
 * The demo's promise: within its first few minutes the connector behind a buffering proxy fires the
 * default fallback alert, and the built-in receiver shows the notification, verified. The live loop
 * is driven by hand (`next()`, what its 20 s timer calls) and the evaluator by an injected clock.
 */
describe(`the demo's fallback alert on ${testDatabaseKind}`, { timeout: 180_000 }, () => {
  let h: EngineHarness;
  let demo: DemoRunner;
  let acme: DemoOrg;
  let globex: DemoOrg;
  const secrets = new SecretBox('engine-test-secrets-key!');

  beforeAll(async () => {
    h = await startEngineHarness();
    const db = h.database.db;
    [acme, globex] = (await seedDemo(db, secrets)).orgs as [DemoOrg, DemoOrg];
    // The engine's store (engine-harness.ts): the reviews' diffs are read back from it.
    const artifacts = new ArtifactRecorder(db, new FsArtifactStore(path.join(h.dataDir, 'artifacts')));
    const commands = new ReviewCommands(db, artifacts, { parse: parsePullRequestUrl, chooseToken }, secrets);
    // The timer never ticks here; the test calls next() as it would.
    demo = await startDemo({ db, commands, secrets, intervalMs: 3_600_000, chunkDelayMs: 0, modelLoadMs: 0 });
    h.startEngine();
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await demo?.stop();
  });

  it('fires within the first fourteen live reviews (one at start, then one every 20 s while none is in flight) and reaches the receiver, verified', async () => {
    const db = h.database.db;
    for (let started = 1; started < 14; started++) await demo.next();
    const finished = () =>
      db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('org_id', '=', acme.orgId)
        .where('status', 'in', ['completed', 'failed'])
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    await expect.poll(finished, { timeout: 120_000, interval: 200 }).toBe(14);

    const proxy = await db
      .selectFrom('ai_connectors')
      .select(['id', 'selected_model'])
      .where('org_id', '=', acme.orgId)
      .where('connector_name', '=', 'Ollama behind corp proxy (demo)')
      .executeTakeFirstOrThrow();
    const clock = new ManualClock(Date.now());
    const evaluator = new AlertEvaluator({ db, clock, periodMs: 60_000, name: 'demo-test' });
    expect((await evaluator.runCycle()).notifications).toBeGreaterThanOrEqual(1);
    const outbound = new OutboundPolicy('restricted', parseAllowList(new URL(demo.alertReceiver.origin).host));
    const dispatcher = new AlertDispatcher({ db, secrets, outbound, clock });
    expect(await dispatcher.runDue()).toBeGreaterThanOrEqual(1);
    await outbound.close();

    const fallbackAlerts = demo.alertReceiver
      .receivedBy(acme.orgId)
      .map((hook) => ({ ...hook, notification: JSON.parse(hook.body) as AlertNotification }))
      .filter((hook) => hook.notification.data.metric === 'fallback_rate');
    expect(fallbackAlerts).toHaveLength(1);
    const [alert] = fallbackAlerts;
    expect(alert).toMatchObject({ verified: true, type: 'alert.firing' });
    expect(alert!.notification.data).toMatchObject({
      state: 'firing',
      threshold: 0.8,
      scope: { connectorId: Number(proxy.id), provider: 'ollama', model: proxy.selected_model },
      observed: { value: 1, reviews: 3 },
    });
    expect(alert!.notification.data.sampleReviewIds).toHaveLength(3);
    // The other demo org got nothing of it.
    expect(demo.alertReceiver.receivedBy(globex.orgId)).toEqual([]);
  });
});
