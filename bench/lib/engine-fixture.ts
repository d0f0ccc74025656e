import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOrg, createUser, grantRole } from '../../server/src/admin/admin.repository.ts';
import { ArtifactRecorder } from '../../server/src/artifacts/artifact-recorder.ts';
import { FsArtifactStore } from '../../server/src/artifacts/fs-artifact-store.ts';
import type { AuthContext } from '../../server/src/auth/auth.service.ts';
import { parsePullRequestUrl } from '../../server/src/connectors/git/pull-request-url.ts';
import { chooseToken } from '../../server/src/connectors/git/token-choice.ts';
import { openDatabase, type Database } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrator.ts';
import { startAiSimulator } from '../../server/src/demo/ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl } from '../../server/src/demo/ai-simulator/scenarios.ts';
import { connectEventBus, type EventBus } from '../../server/src/live/event-bus.ts';
import { ReviewCommands } from '../../server/src/reviews/review-commands.service.ts';
import { SecretBox } from '../../server/src/settings/secret-box.ts';
import { numberedChanges } from '../../server/src/testing/fake-git/fake-changes.ts';
import { freshBenchDatabase, sectionBenchUrl } from './postgres.ts';
import { startSimulatorChild, type SimulatorHandle } from './simulator-child.ts';

export type EngineDbKind = 'postgres' | 'pglite';

/** The engine section's own PostgreSQL database. */
export const engineBenchUrl = (): string => sectionBenchUrl('engine');

/** A unified diff of `files` small files (one one-line hunk each), as a user would paste it. */
export function pastedDiff(files: number): string {
  return numberedChanges(files)
    .map((c) => `diff --git a/${c.path} b/${c.path}\n--- a/${c.path}\n+++ b/${c.path}\n${c.hunks}`)
    .join('');
}

/** One "worker process" worth of database access: its own pool and LISTEN connection on PostgreSQL. */
export interface WorkerDb {
  database: Database;
  bus: EventBus;
  /** Closes what this handle opened (a shared PGlite handle closes nothing). */
  close(): Promise<void>;
}

export interface EngineFixture {
  kind: EngineDbKind;
  label: string;
  /** Where the data lives, for the table notes. */
  where: string;
  main: WorkerDb;
  simulator: SimulatorHandle;
  secrets: SecretBox;
  dataDir: string;
  auth: AuthContext;
  /** OpenAI-compatible connectors to the simulator, with and without streaming. */
  connectors: { streaming: number; plain: number };
  commands: ReviewCommands;
  /** Another worker's database access: a new pool + bus on PostgreSQL, the same instance on PGlite. */
  openWorkerDb(): Promise<WorkerDb>;
  close(): Promise<void>;
}

const SECRETS_KEY = 'bench-engine-secrets-key-0001';
const POOL_MAX = 10; // DB_POOL_MAX's default: what one worker process gets

async function workerDb(database: Database, ownsDatabase: boolean): Promise<WorkerDb> {
  const bus = await connectEventBus(database);
  return {
    database,
    bus,
    async close() {
      await bus.close();
      if (ownsDatabase) await database.close();
    },
  };
}

/**
 * A migrated database, the AI simulator answering at once (chunkDelayMs 0) in this process or, with
 * `simulator: 'child'`, in a child process of its own (its CPU then competes only for the machine's
 * cores, not for the engine's event loop, as a real provider's does not), an org with an owner
 * and OpenAI-compatible connectors pointed at the simulator: the engine tests' wiring
 * (testing/engine-harness.ts) without the HTTP app, since reviews are created through the service.
 */
export async function openEngineFixture(
  kind: EngineDbKind,
  options: { simulator: 'in-process' | 'child' } = { simulator: 'in-process' },
): Promise<EngineFixture> {
  const url = engineBenchUrl();
  const database =
    kind === 'postgres' ? await freshBenchDatabase(url) : await openDatabase({ dataDir: 'memory', poolMax: POOL_MAX });
  if (kind === 'pglite') await migrateToLatest(database.db);
  const main = await workerDb(database, true);
  const simulator =
    options.simulator === 'child' ? await startSimulatorChild() : await startAiSimulator({ chunkDelayMs: 0 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rt-bench-engine-'));
  const secrets = new SecretBox(SECRETS_KEY);
  const db = database.db;

  const orgId = await createOrg(db, 'Bench engine org');
  const email = 'owner@engine.bench.test';
  const userId = await createUser(db, { email, defaultOrgId: orgId });
  await grantRole(db, userId, orgId, 'owner');
  // The same simulator behind a streaming connector (the default) and a plain one: streaming an
  // instant answer costs the SDK far more CPU than the plain request (see engine-tables notes).
  const connector = async (streaming: boolean) =>
    (
      await db
        .insertInto('ai_connectors')
        .values({
          org_id: orgId,
          provider_name: 'openai',
          connector_name: `Simulator (instant, ${streaming ? 'streaming' : 'plain'})`,
          base_url: simulatorBaseUrl(simulator.url, 'openai', 'healthy'),
          api_key: secrets.seal('sk-bench-key-for-the-simulator-0001'),
          selected_model: 'reviewtrace-demo',
          streaming,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const connectors = { streaming: await connector(true), plain: await connector(false) };
  const auth: AuthContext = {
    userId,
    email,
    orgId,
    role: 'owner',
    isSuperAdmin: false,
    orgIds: [orgId],
    via: 'bearer',
  };
  const artifacts = new ArtifactRecorder(db, new FsArtifactStore(path.join(dataDir, 'artifacts')));
  const commands = new ReviewCommands(db, artifacts, { parse: parsePullRequestUrl, chooseToken }, secrets);

  return {
    kind,
    label: kind === 'postgres' ? 'PostgreSQL' : 'PGlite (in-memory)',
    where: kind === 'postgres' ? new URL(url).pathname.slice(1) : 'memory',
    main,
    simulator,
    secrets,
    dataDir,
    auth,
    connectors,
    commands,
    async openWorkerDb() {
      if (kind === 'pglite') return workerDb(database, false);
      return workerDb(await openDatabase({ databaseUrl: url, poolMax: POOL_MAX }), true);
    },
    async close() {
      await simulator.close();
      await main.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Queues `count` reviews of the same pasted diff, the way POST /reviews does for a pasted diff. */
export async function createReviews(
  fixture: EngineFixture,
  connectorId: number,
  diff: string,
  count: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const review = await fixture.commands.createForEngine(fixture.auth, {
      engine: 'builtin',
      connectorId,
      diff,
      title: `Engine bench review ${i + 1}`,
    });
    ids.push(review.id);
  }
  return ids;
}
