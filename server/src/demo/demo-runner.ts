import type { Db } from '../db/database.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import type { ReviewCommands } from '../reviews/review-commands.service.ts';
import { simulatorBaseUrl, type SimulatorScenario } from './ai-simulator/scenarios.ts';
import { startAiSimulator, type AiSimulator } from './ai-simulator/ai-simulator.ts';
import type { AiProviderType } from '../connectors/ai/ai-types.ts';
import { sampleDiffs } from './sample-diffs/index.ts';
import { expireInterruptedReplays, findDemoOwner, listDemoConnectors, setConnectorBaseUrl } from './demo.repository.ts';

export interface DemoRunner {
  simulator: AiSimulator;
  stop(): Promise<void>;
}

/**
 * What keeps the demo alive: the AI simulator on loopback, every demo connector pointed at it (its
 * port changes per start), and a new review of a sample diff every ~20 s so the list moves. The
 * reviews go through the real engine, like any other.
 */
export async function startDemo(deps: {
  db: Db;
  commands: ReviewCommands;
  intervalMs?: number;
  chunkDelayMs?: number;
}): Promise<DemoRunner> {
  // A local model's first request loads it, as on a workstation: the page shows where that time went.
  const simulator = await startAiSimulator({ chunkDelayMs: deps.chunkDelayMs ?? 40, modelLoadMs: 1_500 });
  const connectors = await listDemoConnectors(deps.db);
  for (const connector of connectors) {
    const scenario = (connector.settings as { demoScenario: SimulatorScenario }).demoScenario;
    const baseUrl = simulatorBaseUrl(simulator.url, connector.provider_name as AiProviderType, scenario, {
      id: `connector-${connector.id}`,
    });
    await setConnectorBaseUrl(deps.db, connector.id, baseUrl);
  }

  // A replay of the demo history cut short by a stop or crash: give it to the reaper, which requeues it.
  await expireInterruptedReplays(deps.db);

  let count = 0;
  const createOne = async () => {
    const owner = await findDemoOwner(deps.db);
    const orgConnectors = connectors.filter((c) => c.org_id === owner?.orgId);
    if (!owner || orgConnectors.length === 0) return;
    // Mostly healthy connectors, so failures stand out as they would in real life.
    const connector = orgConnectors[count % 5 === 4 ? (count * 7) % orgConnectors.length : (count % 2) * 2]!;
    const sample = sampleDiffs[count % sampleDiffs.length]!;
    count += 1;
    const auth: AuthContext = {
      userId: owner.id,
      email: owner.email,
      orgId: owner.orgId,
      role: 'owner',
      isSuperAdmin: false,
      orgIds: [owner.orgId],
      via: 'bearer',
    };
    await deps.commands.createForEngine(auth, {
      engine: 'builtin',
      diff: sample.diff,
      title: sample.title,
      repository: sample.repository,
      branch: sample.branch,
      connectorId: connector.id,
      metadata: { demo: true },
    });
  };

  const timer = setInterval(() => void createOne().catch(() => undefined), deps.intervalMs ?? 20_000);
  // A couple right away, so a newcomer sees reviews running within seconds of opening the list.
  await createOne();
  await createOne();
  return {
    simulator,
    async stop() {
      clearInterval(timer);
      await simulator.close();
    },
  };
}
