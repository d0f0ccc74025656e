import http from 'node:http';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { createOrg, createUser, grantRole } from '../../server/src/admin/admin.repository.ts';
import { JwtCodec } from '../../server/src/auth/jwt.ts';
import { openDatabase, type Database } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrator.ts';
import { startAiSimulator, type AiSimulator } from '../../server/src/demo/ai-simulator/ai-simulator.ts';
import {
  simulatorBaseUrl,
  type ScenarioOptions,
  type SimulatorScenario,
} from '../../server/src/demo/ai-simulator/scenarios.ts';
import { BENCH_JWT_SECRET } from './app-server.ts';
import { pastedDiff } from './engine-fixture.ts';
import type { PrivatePostgres } from './private-postgres.ts';
import { spawnBenchServer, stopServer } from './server-process.ts';

const SECRETS_KEY = 'bench-secrets-key-bench-secrets-key';
/** 20 streams each: room for the 1,000 streams of the largest row. */
const STREAM_USERS = 55;

/** A server process of the suite: started as an operator starts one, killed as a crash kills one. */
export interface FaultProcess {
  role: 'all' | 'api' | 'worker';
  baseUrl: string;
  child: ChildProcess;
  kill9(): void;
  stop(): Promise<void>;
}

/**
 * The suite's world on its private PostgreSQL: a migrated database, an org with an owner and a
 * token, the AI simulator streaming slowly enough that reviews are mid-batch when a fault lands,
 * and helpers to start processes and create reviews through the API.
 */
export interface FaultWorld {
  pg: PrivatePostgres;
  /** The suite's own connection for checks (a pool: it reconnects after a restart). */
  database: Database;
  /** The owner's token (creating reviews, ingestion). */
  token: string;
  /** Members' tokens for streams: the per-user cap is 20 streams per process, as for people. */
  tokens: string[];
  connectorId: number;
  simulator: AiSimulator;
  agent: http.Agent;
  spawn(role: FaultProcess['role'], env?: Record<string, string>): Promise<FaultProcess>;
  /** Another OpenAI-compatible connector to the simulator, behaving as `scenario` says. */
  addConnector(scenario: SimulatorScenario, options?: ScenarioOptions): Promise<number>;
  close(): Promise<void>;
}

export async function openFaultWorld(pg: PrivatePostgres): Promise<FaultWorld> {
  const database = await openDatabase({ databaseUrl: pg.url, poolMax: 4 });
  await migrateToLatest(database.db);
  const db = database.db;
  const orgId = await createOrg(db, 'Fault suite org');
  const userId = await createUser(db, { email: 'owner@faults.bench.test', defaultOrgId: orgId });
  await grantRole(db, userId, orgId, 'owner');
  // 30 ms between chunks: a batch streams for about a second, so faults land mid-batch.
  const simulator = await startAiSimulator({ chunkDelayMs: 30 });
  const addConnector = async (scenario: SimulatorScenario, options: ScenarioOptions = {}) =>
    (
      await db
        .insertInto('ai_connectors')
        .values({
          org_id: orgId,
          provider_name: 'openai',
          connector_name: `Simulator (${scenario})`,
          base_url: simulatorBaseUrl(simulator.url, 'openai', scenario, options),
          selected_model: 'reviewtrace-demo',
          streaming: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const connectorId = await addConnector('healthy');
  const jwt = new JwtCodec(BENCH_JWT_SECRET);
  const token = await jwt.sign(userId, { expiresIn: '2h' });
  const tokens: string[] = [];
  for (let i = 0; i < STREAM_USERS; i++) {
    const memberId = await createUser(db, { email: `viewer${i}@faults.bench.test`, defaultOrgId: orgId });
    await grantRole(db, memberId, orgId, 'member');
    tokens.push(await jwt.sign(memberId, { expiresIn: '2h' }));
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const processes: FaultProcess[] = [];

  return {
    pg,
    database,
    token,
    tokens,
    connectorId,
    simulator,
    agent,
    addConnector,
    async spawn(role, env = {}) {
      const { child, baseUrl } = await spawnBenchServer({
        DATABASE_URL: pg.url,
        SECRETS_KEY,
        ROLE: role,
        // A shared server's policy, with the simulator's one address let through, as an operator would.
        OUTBOUND_POLICY: 'restricted',
        OUTBOUND_ALLOW: new URL(simulator.url).host,
        ...env,
      });
      const process: FaultProcess = {
        role,
        baseUrl,
        child,
        kill9: () => child.kill('SIGKILL'),
        stop: () => stopServer(child),
      };
      processes.push(process);
      return process;
    },
    async close() {
      await Promise.all(processes.map((p) => stopServer(p.child)));
      agent.destroy();
      await simulator.close();
      await database.close();
    },
  };
}

/** JSON over the suite's agent, with a timeout: a hang is a finding, not a stuck suite. */
export async function api(
  world: FaultWorld,
  base: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Queues `count` built-in reviews of a pasted diff of `files` files (one batch per few files). */
export async function createEngineReviews(
  world: FaultWorld,
  base: string,
  count: number,
  files = 6,
  connectorFor: (index: number) => number = () => world.connectorId,
) {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const created = await api(world, base, 'POST', '/reviews', {
      engine: 'builtin',
      connectorId: connectorFor(i),
      diff: pastedDiff(files),
      title: `Fault suite review ${i + 1}`,
    });
    if (created.status !== 201) throw new Error(`creating a review: ${created.status} ${JSON.stringify(created.body)}`);
    ids.push((created.body as { id: number }).id);
  }
  return ids;
}

export interface StoreVerdict {
  /** Reviews not in a terminal status (when the check ran). */
  stuck: number;
  /** Reviews whose stored seqs are not exactly 1..last_seq. */
  withGaps: number;
  lastSeqs: Map<number, number>;
  statuses: Map<number, string>;
}

const terminal = new Set(['completed', 'failed', 'canceled']);

/** What the store says of `ids`: terminal, and seqs gap-free (count = max = last_seq). */
export async function checkStore(world: FaultWorld, ids: number[]): Promise<StoreVerdict> {
  const rows = await world.database.db
    .selectFrom('reviews as r')
    .leftJoin('review_events as e', 'e.review_id', 'r.id')
    .select((eb) => [
      'r.id',
      'r.status',
      'r.last_seq',
      eb.fn.count<string>('e.seq').as('events'),
      eb.fn.max('e.seq').as('maxSeq'),
    ])
    .where('r.id', 'in', ids)
    .groupBy(['r.id', 'r.status', 'r.last_seq'])
    .execute();
  const verdict: StoreVerdict = { stuck: 0, withGaps: 0, lastSeqs: new Map(), statuses: new Map() };
  for (const row of rows) {
    verdict.lastSeqs.set(row.id, row.last_seq);
    verdict.statuses.set(row.id, row.status);
    if (!terminal.has(row.status)) verdict.stuck++;
    if (Number(row.events) !== row.last_seq || Number(row.maxSeq ?? 0) !== row.last_seq) verdict.withGaps++;
  }
  return verdict;
}

/** "18 completed, 2 failed": the statuses of a verdict, counted. */
export function statusCounts(verdict: StoreVerdict): string {
  const counts = new Map<string, number>();
  for (const status of verdict.statuses.values()) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

/** Comments saved more than once for the same place and text: a review run by two workers at once. */
export async function commentsPostedTwice(world: FaultWorld, ids: number[]): Promise<number> {
  const rows = await world.database.db
    .selectFrom('ai_comments')
    .select('review_id')
    .where('review_id', 'in', ids)
    .groupBy(['review_id', 'file_path', 'line_number', sql`content::text`])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  return rows.length;
}

/** Polls the store until every review is terminal or the deadline passes; returns when. */
export async function waitTerminal(world: FaultWorld, ids: number[], timeoutMs: number): Promise<StoreVerdict> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const verdict = await checkStore(world, ids).catch(() => undefined);
    if (verdict && (verdict.stuck === 0 || Date.now() > deadline)) return verdict;
    if (!verdict && Date.now() > deadline) throw new Error('the store did not answer before the deadline');
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Resolves when `base`/readyz answers 200; returns how long that took. */
export async function waitReady(base: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return performance.now() - started;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${base} was not ready within ${timeoutMs} ms`);
}

export function diffFiles(quick: boolean): number {
  return quick ? 4 : 8;
}
