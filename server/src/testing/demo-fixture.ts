import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import { FsArtifactStore } from '../artifacts/fs-artifact-store.ts';
import type { AiProviderType } from '../connectors/ai/ai-types.ts';
import type { Db } from '../db/database.ts';
import { startAiSimulator, type AiSimulator, type AiSimulatorOptions } from '../demo/ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl, type SimulatorScenario } from '../demo/ai-simulator/scenarios.ts';
import { seedDemo, type DemoOrg } from '../demo/demo-seed.ts';
import type { DemoWebhookDeps } from '../demo/demo-webhooks.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { SecretBox } from '../settings/secret-box.ts';

export interface DemoFixture {
  orgs: DemoOrg[];
  simulator: AiSimulator;
  /** What the demo's history replay and webhook seeding take, as `npm start` wires them. */
  deps: DemoWebhookDeps;
}

/**
 * The demo as first start seeds it, with every connector pointed at a local AI simulator under
 * its own scenario (the way main.ts points them at the built-in one). `name` keeps each test's
 * artifact folder apart.
 */
export async function openDemoFixture(
  db: Db,
  name: string,
  simulatorOptions: AiSimulatorOptions = { chunkDelayMs: 0 },
): Promise<DemoFixture> {
  const secrets = new SecretBox(`${name}-test-secrets-key`);
  const { orgs } = await seedDemo(db, secrets);
  const simulator = await startAiSimulator(simulatorOptions);
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
  const dataDir = mkdtempSync(path.join(tmpdir(), `rt-${name}-`));
  const deps: DemoWebhookDeps = {
    db,
    artifacts: new ArtifactRecorder(db, new FsArtifactStore(path.join(dataDir, 'artifacts'))),
    secrets,
    dataDir,
    outbound: OutboundPolicy.open(),
    orgs,
  };
  return { orgs, simulator, deps };
}
