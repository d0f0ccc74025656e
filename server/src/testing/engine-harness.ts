import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { buildApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { connectEventBus, type EventBus } from '../live/event-bus.ts';
import { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import { FsArtifactStore } from '../artifacts/fs-artifact-store.ts';
import { SecretBox } from '../settings/secret-box.ts';
import { startEngine, type EngineSettings, type RunningEngine } from '../engine/engine.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { startAiSimulator, type AiSimulator } from '../demo/ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl, type ScenarioOptions, type SimulatorScenario } from '../demo/ai-simulator/scenarios.ts';
import type { AiProviderType } from '../connectors/ai/ai-types.ts';
import { makeOrg, makeUser, TEST_JWT_SECRET, type TestUser } from './factories.ts';
import { openSse } from './sse-client.ts';
import { openTestDatabase } from './test-database.ts';

/** Small timeouts so fallbacks and retries happen in milliseconds; nothing here asserts timing. */
export const fastEngineSettings: EngineSettings = {
  concurrency: 4,
  batchConcurrency: 2,
  batchTokenBudget: 2_000,
  timeouts: { firstChunkMs: 400, stallMs: 400, requestMs: 10_000, maxAttempts: 3, maxBackoffMs: 50 },
  leaseMs: 1_500,
  tickMs: 100,
};

export interface EngineHarness {
  database: Database;
  app: FastifyInstance;
  baseUrl: string;
  bus: EventBus;
  simulator: AiSimulator;
  engines: RunningEngine[];
  orgId: number;
  owner: TestUser;
  dataDir: string;
  /** The engine with the embedded default (open) policy, unless a test passes its own. */
  startEngine(settings?: Partial<EngineSettings>, outbound?: OutboundPolicy): RunningEngine;
  connector(
    provider: AiProviderType,
    scenario?: SimulatorScenario,
    options?: ScenarioOptions & { streaming?: boolean },
  ): Promise<number>;
  api(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown }>;
  /** Resolves with the review's detail once its stream says `end` (event-driven, no polling). */
  finished(reviewId: number): Promise<ReviewDetail>;
  close(): Promise<void>;
}

export async function startEngineHarness(): Promise<EngineHarness> {
  const database = await openTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-engine-'));
  const bus = await connectEventBus(database);
  const app = await buildApp({
    database,
    jwtSecret: TEST_JWT_SECRET,
    secretsKey: 'engine-test-secrets-key!',
    logLevel: 'silent',
    webDist: '/nonexistent',
    eventBus: bus,
    dataDir,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
  const simulator = await startAiSimulator({ chunkDelayMs: 0 });
  const orgId = await makeOrg(database.db);
  const owner = await makeUser(database.db, orgId, 'owner');
  const secrets = new SecretBox('engine-test-secrets-key!');
  const artifacts = new ArtifactRecorder(database.db, new FsArtifactStore(path.join(dataDir, 'artifacts')));
  const engines: RunningEngine[] = [];
  const headers = { authorization: `Bearer ${owner.token}` };

  const harness: EngineHarness = {
    database,
    app,
    baseUrl,
    bus,
    simulator,
    engines,
    orgId,
    owner,
    dataDir,
    startEngine(settings = {}, outbound = OutboundPolicy.open()) {
      const engine = startEngine({
        outbound,
        db: database.db,
        bus,
        artifacts,
        secrets,
        dataDir,
        settings: { ...fastEngineSettings, ...settings },
      });
      engines.push(engine);
      return engine;
    },
    async connector(provider, scenario = 'healthy', options = {}) {
      const { streaming, ...scenarioOptions } = options;
      const response = await harness.api('POST', '/connectors', {
        providerType: provider,
        name: `${provider} ${scenario} ${Math.random().toString(36).slice(2, 7)}`,
        baseUrl: simulatorBaseUrl(simulator.url, provider, scenario, {
          id: Math.random().toString(36).slice(2),
          ...scenarioOptions,
        }),
        apiKey: 'sk-test-key-for-the-simulator-0001',
        model: 'reviewtrace-demo',
        streaming: streaming ?? true,
      });
      if (response.status !== 201) throw new Error(`connector: ${response.status} ${JSON.stringify(response.json)}`);
      return (response.json as { id: number }).id;
    },
    async api(method, url, body, extra = {}) {
      const json: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...headers, ...json, ...extra },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    async finished(reviewId) {
      const sse = await openSse(`${baseUrl}/reviews/${reviewId}/stream`, { authorization: headers.authorization });
      if (sse.status === 200) await sse.until((frame) => frame.event === 'end');
      sse.close();
      return (await harness.api('GET', `/reviews/${reviewId}`)).json as ReviewDetail;
    },
    async close() {
      for (const engine of engines) await engine.stop();
      await app.close();
      await simulator.close();
      await bus.close();
      await database.close();
    },
  };
  return harness;
}
