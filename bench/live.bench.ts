/**
 * "live" section: the live-progress paths under load, through real HTTP and the app's own code.
 *
 * - ingestion: POST /reviews/{id}/events in batches of 500 vs one INSERT per event (≥40k events/s on
 *   PostgreSQL, ≥10k on PGlite);
 * - ReviewLogger: 20 concurrent reviews over one EventWriter (≥40k events/s on PostgreSQL), the
 *   caller's cost per log() and log → stored latency;
 * - SSE fan-out: commit → frame at 1,000 streams and 2,000 events/s, streams served by the writing
 *   process (p99 ≤ 100 ms, and ≤ 2× a bare-Node baseline measured in the same run: same clients,
 *   rate and frames, no database) or by a second API process (p99 ≤ 150 ms);
 * - memory per idle stream in a separate server process (≤ 50 KB);
 * - event windows and the detail of a 1,000,000-event review (p95 ≤ 15 / 25 ms).
 *
 * Ingestion and ReviewLogger run on PGlite too; the rest needs a PostgreSQL server (LISTEN across
 * processes, a second process on the same database).
 */
import { DEFAULT_STREAM_POOL_MAX } from '../server/src/config.ts';
import { openDatabase, openStreamReads, type Database } from '../server/src/db/database.ts';
import { migrateToLatest } from '../server/src/db/migrator.ts';
import { startApp, timedGet, type RunningApp } from './lib/app-server.ts';
import { measureBareFanout } from './lib/bare-fanout.ts';
import { contentionNote } from './lib/contention.ts';
import { makeLiveOrgs, STREAMS_PER_ORG, streamTargets, type LiveOrg } from './lib/live-fixture.ts';
import { ingestOverHttp, naiveInserts, type IngestPlan } from './lib/live-ingest.ts';
import { measureLogger, type LoggerPlan } from './lib/live-logger.ts';
import { measureFanout, measureIdleMemory, type FanoutPlan } from './lib/live-sse.ts';
import { fanoutTable, idleTable, ingestTable, latencyRow, loggerTable } from './lib/live-tables.ts';
import { seedReviewLog, windowCases } from './lib/live-windows.ts';
import { log } from './lib/log.ts';
import { benchDatabaseUrl, freshBenchDatabase } from './lib/postgres.ts';
import type { BenchOptions, ResultTable, SectionResult } from './lib/section.ts';
import { startServerProcess } from './lib/server-process.ts';
import { SseClients } from './lib/sse-clients.ts';

const INGEST_TARGET = { postgres: 40_000, pglite: 10_000 };
const LOGGER_TARGET_POSTGRES = 40_000;
const FANOUT_P99_MS = { oneProcess: 100, twoProcesses: 150 };
/** One process's commit → frame p99 at most this many times the bare-Node baseline's, same run. */
const FANOUT_P99_RATIO_TO_BARE = 2;
const IDLE_VIEWERS_PER_REVIEW = 10;
/** The in-process app lifts the stream caps; the child process keeps the defaults (see live-fixture). */
const NO_STREAM_CAPS = { limits: { perUser: 1_000_000, perOrg: 1_000_000 } };

interface LivePlan {
  ingest: IngestPlan & { naiveEvents: number; eventIdSeconds: number };
  logger: LoggerPlan & { reviews: number };
  fanout: FanoutPlan & { streams: number; reviews: number };
  idleStreams: number;
  windowEvents: number;
  requests: { warmup: number; samples: number };
}

function livePlan(quick: boolean): LivePlan {
  return {
    ingest: {
      clients: 4,
      batch: 500,
      eventIds: false,
      seconds: quick ? 2 : 10,
      eventIdSeconds: quick ? 1 : 3,
      naiveEvents: quick ? 1_000 : 5_000,
    },
    logger: {
      reviews: 20,
      linesPerReview: quick ? 1_000 : 5_000,
      pacedRate: 100,
      pacedSeconds: quick ? 1 : 3,
      flushes: quick ? 5 : 20,
    },
    fanout: quick
      ? { streams: 100, reviews: 10, rate: 400, eventsPerAppend: 4, warmupSeconds: 0.5, seconds: 2 }
      : { streams: 1_000, reviews: 100, rate: 2_000, eventsPerAppend: 4, warmupSeconds: 1, seconds: 10 },
    idleStreams: quick ? 500 : 5_000,
    windowEvents: quick ? 50_000 : 1_000_000,
    requests: quick ? { warmup: 3, samples: 20 } : { warmup: 5, samples: 60 },
  };
}

export async function runLive(options: BenchOptions): Promise<SectionResult> {
  const plan = livePlan(options.quick);
  const tables: ResultTable[] = [];
  tables.push(...(await onPostgres(plan)));
  tables.push(...(await onPglite(plan)));
  return { section: 'live', tables, meta: { plan } };
}

/** Reviews of one org for the write-path runs: 4 + 4 + 4 for ingestion, 3 × 20 for the logger. */
const writeReviews = (plan: LivePlan) => 3 * plan.ingest.clients + 3 * plan.logger.reviews;

async function writePath(label: string, database: Database, app: RunningApp, org: LiveOrg, plan: LivePlan) {
  const postgres = database.kind === 'postgres';
  const { clients, naiveEvents } = plan.ingest;
  const reviews = org.reviews;
  const take = (n: number) => reviews.splice(0, n);
  const [httpReviews, idReviews, naiveReviews] = [take(clients), take(clients), take(clients)];
  log(`live · ${label}: ingestion over HTTP for ${plan.ingest.seconds} s…`);
  // Half a second of the same requests first: the JIT and the pool warm up on reviews not measured.
  await ingestOverHttp(app.baseUrl, org.ownerToken, idReviews, { ...plan.ingest, seconds: 0.5 });
  const http = await ingestOverHttp(app.baseUrl, org.ownerToken, httpReviews, plan.ingest);
  const withIds = await ingestOverHttp(app.baseUrl, org.ownerToken, idReviews, {
    ...plan.ingest,
    seconds: plan.ingest.eventIdSeconds,
    eventIds: true,
  });
  const ingestMachine = contentionNote();
  log(`live · ${label}: naive baseline, ${naiveEvents.toLocaleString('en')} single-row INSERTs…`);
  const naive = await naiveInserts(database, naiveReviews, { clients, events: naiveEvents });
  log(`live · ${label}: ReviewLogger…`);
  const n = plan.logger.reviews;
  const logger = await measureLogger(database, [take(n), take(n), take(n)], plan.logger);
  const ingest = ingestTable(
    label,
    postgres ? INGEST_TARGET.postgres : INGEST_TARGET.pglite,
    plan.ingest,
    http,
    withIds,
    naive,
  );
  const loggerResult = loggerTable(label, postgres ? LOGGER_TARGET_POSTGRES : undefined, plan.logger, logger);
  ingest.notes.push(ingestMachine);
  loggerResult.notes.push(contentionNote());
  return [ingest, loggerResult];
}

async function onPostgres(plan: LivePlan): Promise<ResultTable[]> {
  log(`live · PostgreSQL (${benchDatabaseUrl()})`);
  const database = await freshBenchDatabase();
  const clients = SseClients.start();
  try {
    const [main] = await makeLiveOrgs(database.db, { orgs: 1, reviewsPerOrg: writeReviews(plan) });
    // Streams read from their own small pool, as main.ts sets up an API process (DB_STREAM_POOL_MAX).
    const streamReads = await openStreamReads(database, DEFAULT_STREAM_POOL_MAX);
    const app = await startApp(database, main!.ownerId, { streams: NO_STREAM_CAPS, streamReads });
    try {
      const tables = await writePath('PostgreSQL', database, app, main!, plan);

      const { streams, reviews } = plan.fanout;
      // Half the default cap per org at most: the child process keeps the default caps.
      const orgCount = Math.ceil(streams / STREAMS_PER_ORG);
      const fanoutOrgs = () =>
        makeLiveOrgs(database.db, {
          orgs: orgCount,
          reviewsPerOrg: reviews / orgCount,
          streamsPerOrg: streams / orgCount,
        });
      const perReview = streams / reviews;
      log(`live · bare-Node fan-out baseline, ${streams} streams, no database…`);
      const bare = await measureBareFanout(clients, { streams, reviews }, plan.fanout);
      const bareMachine = contentionNote();
      log(`live · PostgreSQL: SSE fan-out, ${streams} streams, one process…`);
      const oneOrgs = await fanoutOrgs();
      const one = await measureFanout(
        database.db,
        oneOrgs.flatMap((o) => o.reviews),
        streamTargets(oneOrgs, perReview),
        { baseUrl: app.baseUrl },
        clients,
        plan.fanout,
      );
      const oneMachine = contentionNote();

      log('live · PostgreSQL: starting a second API process (server/src/main.ts)…');
      const server = await startServerProcess(benchDatabaseUrl());
      try {
        log(`live · PostgreSQL: ${plan.idleStreams} idle streams on the second process…`);
        const idleOrgs = await makeLiveOrgs(database.db, {
          orgs: Math.ceil(plan.idleStreams / STREAMS_PER_ORG),
          reviewsPerOrg: STREAMS_PER_ORG / IDLE_VIEWERS_PER_REVIEW,
          streamsPerOrg: STREAMS_PER_ORG,
        });
        const memory = await measureIdleMemory(server, clients, streamTargets(idleOrgs, IDLE_VIEWERS_PER_REVIEW));
        const idle = idleTable(memory);
        idle.notes.push(contentionNote());

        log(`live · PostgreSQL: SSE fan-out, ${streams} streams, served by the second process…`);
        const twoOrgs = await fanoutOrgs();
        const two = await measureFanout(
          database.db,
          twoOrgs.flatMap((o) => o.reviews),
          streamTargets(twoOrgs, perReview),
          { baseUrl: server.baseUrl, process: server },
          clients,
          plan.fanout,
        );
        const fanout = fanoutTable(plan.fanout, bare, [
          ['one process', one, FANOUT_P99_MS.oneProcess, FANOUT_P99_RATIO_TO_BARE],
          ['two processes', two, FANOUT_P99_MS.twoProcesses],
        ]);
        fanout.notes.push(
          `bare Node: ${bareMachine}`,
          `one process: ${oneMachine}`,
          `two processes: ${contentionNote()}`,
        );
        tables.push(fanout, idle);
      } finally {
        await server.stop();
      }
      tables.push(await windowsTable(database, app, plan));
      return tables;
    } finally {
      await app.close();
      await streamReads?.close();
    }
  } finally {
    await clients.stop();
    await database.close();
  }
}

async function windowsTable(database: Database, app: RunningApp, plan: LivePlan): Promise<ResultTable> {
  const events = plan.windowEvents;
  log(`live · PostgreSQL: seeding a review with ${events.toLocaleString('en')} events…`);
  const [org] = await makeLiveOrgs(database.db, { orgs: 1, reviewsPerOrg: 1 });
  const review = org!.reviews[0]!;
  const seeded = await seedReviewLog(database, review, events);
  const s = seeded.seconds;
  const asOwner: RunningApp = { ...app, token: org!.ownerToken };
  const cases = windowCases(review.id, events);
  for (const c of cases) await timedGet(asOwner, c.path); // one pass first, as in the list section
  const rows = [];
  for (const c of cases) {
    for (let i = 0; i < plan.requests.warmup; i++) await timedGet(asOwner, c.path);
    app.serverMs.delete(c.path);
    const samples: number[] = [];
    for (let i = 0; i < plan.requests.samples; i++) samples.push((await timedGet(asOwner, c.path)).ms);
    await new Promise((resolve) => setTimeout(resolve, 5)); // onResponse runs after the reply is flushed
    const server = latencyRow(c.name, app.serverMs.get(c.path) ?? []);
    rows.push({
      ...latencyRow(c.name, samples, { ms: c.targetMs }, c.path),
      serverP50: server.p50,
      serverP95: server.p95,
    });
  }
  return {
    title: `live · event windows · PostgreSQL · one review with ${events.toLocaleString('en')} events`,
    notes: [
      `seeded in one INSERT … SELECT generate_series: insert ${s.insert.toFixed(1)} s, indexes ${s.indexes.toFixed(1)} s, ` +
        `vacuum+analyze ${s.vacuum.toFixed(1)} s; ${seeded.batches} batches (detail derives them), the rest log lines`,
      `${plan.requests.warmup} warm-up + ${plan.requests.samples} sequential requests per case`,
      contentionNote(),
    ],
    rows,
  };
}

async function onPglite(plan: LivePlan): Promise<ResultTable[]> {
  log('live · PGlite (in-memory)');
  const database = await openDatabase({ dataDir: 'memory' });
  try {
    await migrateToLatest(database.db);
    const [main] = await makeLiveOrgs(database.db, { orgs: 1, reviewsPerOrg: writeReviews(plan) });
    const app = await startApp(database, main!.ownerId);
    try {
      return await writePath('PGlite (in-memory)', database, app, main!, plan);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
