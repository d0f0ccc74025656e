import path from 'node:path';
import { FsArtifactStore } from '../../server/src/artifacts/fs-artifact-store.ts';
import type { Db } from '../../server/src/db/database.ts';
import { startEngine, type EngineSettings } from '../../server/src/engine/engine.ts';
import { OutboundPolicy } from '../../server/src/outbound/outbound-policy.ts';
import { parseAllowList } from '../../server/src/outbound/allow-list.ts';
import type { EventBus } from '../../server/src/live/event-bus.ts';
import { createReviews, type EngineFixture, type WorkerDb } from './engine-fixture.ts';
import {
  QueryProfile,
  startFlushProbe,
  TimedArtifactRecorder,
  timedTools,
  watchProcess,
  type ProcessLoad,
  type ToolTimings,
} from './engine-probes.ts';

export interface ScenarioPlan {
  /** How the table names the scenario, e.g. "2 engines". */
  name: string;
  /** startEngine instances on the database, each with its own pool and bus where the database allows. */
  engines: number;
  reviews: number;
  /** Through the streaming connector (the default) or the plain one. */
  streaming: boolean;
  diff: string;
  settings: EngineSettings;
  /** A stuck run ends here and is reported as such; it never hangs CI. */
  deadlineMs: number;
  /** Pause between flush-probe bursts. */
  probeIntervalMs: number;
}

/** When a review's events up to `seq` were committed, as seen by a LISTEN on the database. */
export interface Notified {
  seq: number;
  /** Date.now() at delivery: comparable with the events' own `ts`. */
  at: number;
}

export interface ScenarioRun {
  plan: ScenarioPlan;
  reviewIds: number[];
  /** Date.now() just before the first review was created. */
  startedAt: number;
  createMs: number;
  /** Creation start → the last review seen terminal by polling (the table uses commit times). */
  polledWallMs: number;
  unfinished: number;
  notifications: Map<number, Notified[]>;
  flushMs: number[];
  profile: QueryProfile;
  artifactMs: { prompt: number[]; response: number[] };
  tools: ToolTimings;
  load: ProcessLoad;
  errors: string[];
}

const terminalStatuses = ['completed', 'failed', 'canceled'];
const POLL_MS = 50;

/**
 * Records every notification (commit times of events) and polls the queue's reviews until all are
 * terminal. Polling only decides when to stop waiting: a bench may poll, and throughput is computed
 * afterwards from the terminal events' commit notifications, so the poll interval adds no error.
 */
class RunWatcher {
  readonly notifications = new Map<number, Notified[]>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    bus: EventBus,
  ) {
    this.unsubscribe = bus.subscribe((n) => {
      const list = this.notifications.get(n.reviewId) ?? [];
      list.push({ seq: n.seq, at: Date.now() });
      this.notifications.set(n.reviewId, list);
    });
  }

  /** Resolves with how many of `ids` are still not terminal when all are, or at the deadline. */
  async waitTerminal(ids: number[], deadline: number): Promise<number> {
    const pending = new Set(ids);
    while (pending.size > 0 && performance.now() < deadline) {
      const rows = await this.db
        .selectFrom('reviews')
        .select('id')
        .where('id', 'in', [...pending])
        .where('status', 'in', terminalStatuses)
        .execute();
      for (const row of rows) pending.delete(row.id);
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return pending.size;
  }

  close(): void {
    this.unsubscribe();
  }
}

/** A review the engine never claims ('in_progress', no lease): the flush probe writes to it. */
async function probeReview(db: Db, orgId: number): Promise<{ id: number; orgId: number }> {
  const row = await db
    .insertInto('reviews')
    .values({ org_id: orgId, status: 'in_progress', mr_title: 'flush probe', started_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, orgId };
}

/**
 * One measured run: start `engines` engines (as that many worker processes would, minus the
 * separate CPU), queue the reviews, wait until all are terminal, stop the engines.
 */
export async function runScenario(fixture: EngineFixture, plan: ScenarioPlan): Promise<ScenarioRun> {
  const workerDbs: WorkerDb[] = [fixture.main];
  for (let i = 1; i < plan.engines; i++) workerDbs.push(await fixture.openWorkerDb());
  const profile = new QueryProfile();
  const tools: ToolTimings = { modelMs: [], parseMs: [], planMs: [] };
  const errors: string[] = [];
  const store = new FsArtifactStore(path.join(fixture.dataDir, 'artifacts'));
  const recorders: TimedArtifactRecorder[] = [];
  // A shared server's policy, as DATABASE_URL makes it: every model call pays the connect-time
  // address check; the simulator on loopback is let through the way an operator would allow Ollama.
  const outbound = new OutboundPolicy('restricted', parseAllowList(new URL(fixture.simulator.url).host));
  const engines = workerDbs.map((worker) => {
    const db = profile.dbOver(worker.database.pool);
    const artifacts = new TimedArtifactRecorder(db, store);
    recorders.push(artifacts);
    return startEngine({
      db,
      bus: worker.bus,
      artifacts,
      secrets: fixture.secrets,
      dataDir: fixture.dataDir,
      settings: plan.settings,
      outbound,
      tools: timedTools(tools, outbound),
      onError: (error) => errors.push(error instanceof Error ? error.message : String(error)),
    });
  });

  const mainDb = fixture.main.database.db;
  const watcher = new RunWatcher(mainDb, fixture.main.bus);
  const probe = startFlushProbe(mainDb, await probeReview(mainDb, fixture.auth.orgId), plan.probeIntervalMs);
  const load = watchProcess(workerDbs.map((w) => w.database.pool));
  const stopAll = async () => {
    watcher.close();
    const result = { load: load.stop(), flushMs: await probe.stop() };
    for (const engine of engines) await engine.stop();
    await outbound.close();
    for (const worker of workerDbs.slice(1)) await worker.close();
    return result;
  };
  const startedAt = Date.now();
  const start = performance.now();
  let queued: { reviewIds: number[]; createMs: number; unfinished: number; polledWallMs: number };
  try {
    const connectorId = plan.streaming ? fixture.connectors.streaming : fixture.connectors.plain;
    const reviewIds = await createReviews(fixture, connectorId, plan.diff, plan.reviews);
    const createMs = performance.now() - start;
    const unfinished = await watcher.waitTerminal(reviewIds, start + plan.deadlineMs);
    queued = { reviewIds, createMs, unfinished, polledWallMs: performance.now() - start };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  const { load: loadResult, flushMs } = await stopAll();
  const { reviewIds, unfinished } = queued;
  // A timed-out run's reviews went back to the queue on stop: keep them from the next scenario.
  if (unfinished > 0)
    await mainDb
      .updateTable('reviews')
      .set({ status: 'canceled' })
      .where('id', 'in', reviewIds)
      .where('status', 'not in', terminalStatuses)
      .execute();
  return {
    plan,
    ...queued,
    startedAt,
    notifications: watcher.notifications,
    flushMs,
    profile,
    artifactMs: {
      prompt: recorders.flatMap((r) => r.ms.prompt),
      response: recorders.flatMap((r) => r.ms.response),
    },
    tools,
    load: loadResult,
    errors,
  };
}
