import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOrg, createUser, grantRole } from '../../server/src/admin/admin.repository.ts';
import { ArtifactRecorder } from '../../server/src/artifacts/artifact-recorder.ts';
import { FsArtifactStore } from '../../server/src/artifacts/fs-artifact-store.ts';
import type { Database } from '../../server/src/db/database.ts';
import { startAiSimulator, type AiSimulator } from '../../server/src/demo/ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl } from '../../server/src/demo/ai-simulator/scenarios.ts';
import { startEngine, type EngineSettings, type RunningEngine } from '../../server/src/engine/engine.ts';
import { connectEventBus, type EventBus } from '../../server/src/live/event-bus.ts';
import { parseAllowList } from '../../server/src/outbound/allow-list.ts';
import { OutboundPolicy } from '../../server/src/outbound/outbound-policy.ts';
import { SecretBox } from '../../server/src/settings/secret-box.ts';
import { asGitHubFile, numberedChanges } from '../../server/src/testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub } from '../../server/src/testing/fake-git/fake-github.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { freshBenchDatabase, sectionBenchUrl } from './postgres.ts';

const SECRETS_KEY = 'bench-webhooks-secrets-key-0001';
const GITHUB_TOKEN = 'ghp_benchWebhookToken000000000000000001';
export const BENCH_REPOSITORY = 'bench/app';

export interface WebhookFixture {
  database: Database;
  app: RunningApp;
  /** The server's origin: receivers live at /api/v1/hooks/…, outside the JWT-protected API. */
  origin: string;
  github: FakeGitHub;
  simulator: AiSimulator;
  /** The webhook every delivery goes to, with its secret as shown once at creation. */
  hook: { id: number; secret: string };
  /** The AI connector behind the webhook: the simulator pacing its stream so reviews overlap pushes. */
  connectorId: number;
  startEngine(settings: EngineSettings): RunningEngine;
  close(): Promise<void>;
}

/**
 * The whole path a webhook delivery takes on a shared server: the real app on loopback (its own
 * event bus), a GitHub Enterprise fake with `pullCount` pull requests of `bench/app`, an
 * OpenAI-compatible connector on the AI simulator that posts its comments, and a webhook created
 * through the API the way an owner does. Engines are started by the cases that need workers, with
 * the restricted outbound policy allowing just the two loopback fakes, as an operator would.
 */
export async function openWebhookFixture(pullCount: number, chunkDelayMs: number): Promise<WebhookFixture> {
  const database = await freshBenchDatabase(sectionBenchUrl('webhooks'));
  const db = database.db;
  const bus: EventBus = await connectEventBus(database);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rt-bench-webhooks-'));
  const orgId = await createOrg(db, 'Bench webhooks org');
  const userId = await createUser(db, { email: 'owner@webhooks.bench.test', defaultOrgId: orgId });
  await grantRole(db, userId, orgId, 'owner');
  const app = await startApp(database, userId, { eventBus: bus, secretsKey: SECRETS_KEY, dataDir });
  const simulator = await startAiSimulator({ chunkDelayMs });
  const [owner = '', repo = ''] = BENCH_REPOSITORY.split('/');
  const github = await startFakeGitHub({
    token: GITHUB_TOKEN,
    pathPrefix: '/api/v3',
    pulls: Array.from({ length: pullCount }, (_, i) => ({
      owner,
      repo,
      number: i + 1,
      title: `Bench change ${i + 1}`,
      author: { login: 'bench', name: 'Bench Author' },
      headRef: `bench/change-${i + 1}`,
      headSha: `${(i + 1).toString(16).padStart(8, '0')}${'a'.repeat(32)}`,
      files: numberedChanges(3).map(asGitHubFile),
    })),
  });

  const api = async (url: string, body: unknown): Promise<{ id: number; secret?: string }> => {
    const response = await fetch(`${app.baseUrl}/api/v1${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { id: number; secret?: string };
    if (response.status !== 201) throw new Error(`POST ${url} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const token = await api('/integration-tokens', {
    provider: 'github',
    name: 'Bench GHE',
    providerUrl: github.apiUrl,
    token: GITHUB_TOKEN,
  });
  const connector = await api('/connectors', {
    providerType: 'openai',
    name: 'Simulator',
    baseUrl: simulatorBaseUrl(simulator.url, 'openai', 'healthy', { chunkDelayMs }),
    apiKey: 'sk-bench-key-for-the-simulator-0001',
    model: 'reviewtrace-demo',
    streaming: true,
    postComments: true,
  });
  const hook = await api('/git-webhooks', {
    provider: 'github',
    integrationTokenId: token.id,
    connectorId: connector.id,
  });

  const secrets = new SecretBox(SECRETS_KEY);
  const artifacts = new ArtifactRecorder(db, new FsArtifactStore(path.join(dataDir, 'artifacts')));
  const outbound = new OutboundPolicy(
    'restricted',
    parseAllowList(`${new URL(simulator.url).host},${new URL(github.origin).host}`),
  );
  const engines: RunningEngine[] = [];

  return {
    database,
    app,
    origin: app.baseUrl,
    github,
    simulator,
    hook: { id: hook.id, secret: hook.secret ?? '' },
    connectorId: connector.id,
    startEngine(settings) {
      const engine = startEngine({ db, bus, artifacts, secrets, dataDir, settings, outbound });
      engines.push(engine);
      return engine;
    },
    async close() {
      for (const engine of engines) await engine.stop();
      await outbound.close();
      await app.close();
      await github.close();
      await simulator.close();
      await bus.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
