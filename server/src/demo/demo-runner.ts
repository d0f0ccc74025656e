import type { Db } from '../db/database.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import type { ReviewCommands } from '../reviews/review-commands.service.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { simulatorBaseUrl, type SimulatorScenario } from './ai-simulator/scenarios.ts';
import { startAiSimulator, type AiSimulator } from './ai-simulator/ai-simulator.ts';
import type { AiProviderType } from '../connectors/ai/ai-types.ts';
import { sampleDiffs } from './sample-diffs/index.ts';
import { startDemoAlerts } from './demo-alerts.ts';
import type { DemoAlertReceiver } from './demo-alert-receiver.ts';
import {
  expireInterruptedReplays,
  findDemoOwner,
  isReviewActive,
  listDemoConnectors,
  setConnectorBaseUrl,
} from './demo.repository.ts';

export interface DemoRunner {
  simulator: AiSimulator;
  alertReceiver: DemoAlertReceiver;
  /** Starts the next review now (the timer calls it every interval); its id, if the demo org has connectors. */
  next(): Promise<number | undefined>;
  stop(): Promise<void>;
}

interface LiveConnector {
  id: number;
  scenario: SimulatorScenario;
}

/**
 * Which connector the demo's `count`-th live review uses. Mostly the healthy ones, so failures stand
 * out as they would in real life; every fifth goes to one of the failing ones in turn, and every
 * sixth otherwise through the buffering proxy, so its fallback alert (≥ 80 % of ≥ 3 reviews in
 * 30 min) fires within the first five minutes. Not more often: each proxy review holds one of the
 * engine's slots (2 by default) until the stream's first-chunk timeout falls back.
 */
export function pickLiveConnector<T extends LiveConnector>(count: number, connectors: T[]): T | undefined {
  const healthy = connectors.filter((c) => c.scenario === 'healthy');
  const proxy = connectors.find((c) => c.scenario === 'buffering-proxy');
  const others = connectors.filter((c) => c.scenario !== 'healthy' && c.scenario !== 'buffering-proxy');
  if (count % 5 === 4 && others.length > 0) return others[Math.floor(count / 5) % others.length];
  if (count % 6 === 1 && proxy) return proxy;
  return healthy[count % Math.max(1, healthy.length)] ?? connectors[0];
}

/**
 * What keeps the demo alive: the AI simulator on loopback, every demo connector pointed at it (its
 * port changes per start), the alert receiver its endpoints notify, and a new review of a sample
 * diff every ~20 s (once the previous one finished) so the list moves. The reviews go through the real engine, like any other.
 */
export async function startDemo(deps: {
  db: Db;
  commands: ReviewCommands;
  secrets: SecretBox;
  intervalMs?: number;
  chunkDelayMs?: number;
  modelLoadMs?: number;
}): Promise<DemoRunner> {
  // A local model's first request loads it, as on a workstation: the page shows where that time went.
  const simulator = await startAiSimulator({
    chunkDelayMs: deps.chunkDelayMs ?? 40,
    modelLoadMs: deps.modelLoadMs ?? 1_500,
  });
  const connectors = (await listDemoConnectors(deps.db)).map((connector) => ({
    ...connector,
    scenario: (connector.settings as { demoScenario: SimulatorScenario }).demoScenario,
  }));
  for (const connector of connectors) {
    const baseUrl = simulatorBaseUrl(simulator.url, connector.provider_name as AiProviderType, connector.scenario, {
      id: `connector-${connector.id}`,
    });
    await setConnectorBaseUrl(deps.db, connector.id, baseUrl);
  }
  const alertReceiver = await startDemoAlerts(deps.db, deps.secrets);

  // A replay of the demo history cut short by a stop or crash: give it to the reaper, which requeues it.
  await expireInterruptedReplays(deps.db);

  let count = 0;
  const next = async () => {
    const owner = await findDemoOwner(deps.db);
    if (!owner) return undefined;
    const connector = pickLiveConnector(
      count,
      connectors.filter((c) => c.org_id === owner.orgId),
    );
    if (!connector) return undefined;
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
    const review = await deps.commands.createForEngine(auth, {
      engine: 'builtin',
      diff: sample.diff,
      title: sample.title,
      repository: sample.repository,
      branch: sample.branch,
      connectorId: connector.id,
      metadata: { demo: true },
    });
    return review.id;
  };

  // At most one of the demo's own reviews in flight: its slow ones (the proxy's fallback, the
  // overloaded GPU box) must not fill the engine's slots (2 by default) ahead of a visitor's review.
  let last: number | undefined;
  const tick = async () => {
    if (last !== undefined && (await isReviewActive(deps.db, last))) return;
    last = await next();
  };
  const timer = setInterval(() => void tick().catch(() => undefined), deps.intervalMs ?? 20_000);
  // One right away, so a newcomer sees a review running within seconds of opening the list.
  last = await next();
  return {
    simulator,
    alertReceiver,
    next,
    async stop() {
      clearInterval(timer);
      await Promise.all([simulator.close(), alertReceiver.close()]);
    },
  };
}
