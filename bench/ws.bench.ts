/**
 * "ws" section: the WebSocket live transport (GET /api/v1/ws) against SSE in the same run, on the
 * same database, writer, clients process and schedule (lib/live-sse.ts):
 *
 * - fan-out: 1,000 subscribers (one socket with one `review:{id}` topic each, vs one SSE stream
 *   each) at 2,000 events/s, served by the writing process: commit → frame p50/p99 side by side;
 *   target: WebSocket p99 ≤ 1.2 × SSE p99. Runs alternate SSE, WS, WS, SSE so that a drift of the
 *   machine (other work on it, a warming JIT) weighs on both alike;
 * - RSS (and V8 heap) per idle connection in a separate server process, SSE then WebSocket.
 *
 * `--quick` runs the same paths smaller. Needs a PostgreSQL server (as the live section's fan-out).
 */
import { DEFAULT_STREAM_POOL_MAX } from '../server/src/config.ts';
import { openStreamReads } from '../server/src/db/database.ts';
import { startApp } from './lib/app-server.ts';
import { contentionNote } from './lib/contention.ts';
import { makeLiveOrgs, STREAMS_PER_ORG, streamTargets } from './lib/live-fixture.ts';
import {
  measureFanout,
  measureIdleMemory,
  type FanoutPlan,
  type FanoutResult,
  type IdleMemory,
} from './lib/live-sse.ts';
import { latencyRow, metric } from './lib/live-tables.ts';
import { log } from './lib/log.ts';
import { summarize } from './lib/percentiles.ts';
import { benchDatabaseUrl, freshBenchDatabase } from './lib/postgres.ts';
import type { BenchOptions, MetricRow, ResultTable, SectionResult } from './lib/section.ts';
import { startServerProcess } from './lib/server-process.ts';
import { SseClients, type Transport } from './lib/sse-clients.ts';

/** WebSocket commit → frame p99 at most this many times SSE's, same run. */
const WS_P99_RATIO_TO_SSE = 1.2;
const NO_STREAM_CAPS = { limits: { perUser: 1_000_000, perOrg: 1_000_000 } };
const IDLE_VIEWERS_PER_REVIEW = 10;
const ORDER: Transport[] = ['sse', 'ws', 'ws', 'sse'];
const NAMES: Record<Transport, string> = { sse: 'SSE', ws: 'WebSocket' };

interface WsPlan {
  fanout: FanoutPlan & { streams: number; reviews: number };
  idleConnections: number;
}

function wsPlan(quick: boolean): WsPlan {
  return {
    fanout: quick
      ? { streams: 100, reviews: 10, rate: 400, eventsPerAppend: 4, warmupSeconds: 0.5, seconds: 2 }
      : { streams: 1_000, reviews: 100, rate: 2_000, eventsPerAppend: 4, warmupSeconds: 1, seconds: 10 },
    idleConnections: quick ? 300 : 2_000,
  };
}

export async function runWs(options: BenchOptions): Promise<SectionResult> {
  const plan = wsPlan(options.quick);
  log(`ws · PostgreSQL (${benchDatabaseUrl()})`);
  const database = await freshBenchDatabase();
  const clients = SseClients.start();
  try {
    const [main] = await makeLiveOrgs(database.db, { orgs: 1, reviewsPerOrg: 1 });
    const streamReads = await openStreamReads(database, DEFAULT_STREAM_POOL_MAX);
    const app = await startApp(database, main!.ownerId, { streams: NO_STREAM_CAPS, streamReads });
    const runs: Record<Transport, FanoutResult[]> = { sse: [], ws: [] };
    const machine: string[] = [];
    try {
      const { streams, reviews } = plan.fanout;
      const orgCount = Math.ceil(streams / STREAMS_PER_ORG);
      for (const transport of ORDER) {
        log(`ws · ${NAMES[transport]} fan-out, ${streams} subscribers, ${plan.fanout.rate} events/s, one process…`);
        // Fresh reviews each run: every run starts from seq 0 with nothing to catch up.
        const orgs = await makeLiveOrgs(database.db, {
          orgs: orgCount,
          reviewsPerOrg: reviews / orgCount,
          streamsPerOrg: streams / orgCount,
        });
        const result = await measureFanout(
          database.db,
          orgs.flatMap((o) => o.reviews),
          streamTargets(orgs, streams / reviews),
          { baseUrl: app.baseUrl },
          clients,
          plan.fanout,
          transport,
        );
        runs[transport].push(result);
        machine.push(`${NAMES[transport]} run ${runs[transport].length}: ${contentionNote()}`);
      }
    } finally {
      await app.close();
      await streamReads?.close();
    }

    log('ws · starting a second API process (server/src/main.ts) for memory per idle connection…');
    const server = await startServerProcess(benchDatabaseUrl());
    const memory: Partial<Record<Transport, IdleMemory>> = {};
    try {
      for (const transport of ['sse', 'ws'] as const) {
        log(`ws · ${plan.idleConnections} idle ${NAMES[transport]} connections on the second process…`);
        const idleOrgs = await makeLiveOrgs(database.db, {
          orgs: Math.ceil(plan.idleConnections / STREAMS_PER_ORG),
          reviewsPerOrg: STREAMS_PER_ORG / IDLE_VIEWERS_PER_REVIEW,
          streamsPerOrg: STREAMS_PER_ORG,
        });
        const targets = streamTargets(idleOrgs, IDLE_VIEWERS_PER_REVIEW).slice(0, plan.idleConnections);
        memory[transport] = await measureIdleMemory(server, clients, targets, transport);
      }
    } finally {
      await server.stop();
    }
    return {
      section: 'ws',
      tables: [comparisonTable(plan, runs, memory as Record<Transport, IdleMemory>, machine)],
      meta: { plan },
    };
  } finally {
    await clients.stop();
    await database.close();
  }
}

function comparisonTable(
  plan: WsPlan,
  runs: Record<Transport, FanoutResult[]>,
  memory: Record<Transport, IdleMemory>,
  machine: string[],
): ResultTable {
  const { fanout } = plan;
  const pooled = (transport: Transport) => runs[transport].flatMap((r) => r.fromCommit);
  const sse = summarize(pooled('sse'));
  const ws = summarize(pooled('ws'));
  const metrics: MetricRow[] = [
    metric('WebSocket p99 ÷ SSE p99 (commit → frame)', ws.p99 / sse.p99, '×', {
      atMost: WS_P99_RATIO_TO_SSE,
      detail: `${ws.p99.toFixed(1)} ms ÷ ${sse.p99.toFixed(1)} ms`,
    }),
    metric('WebSocket p50 ÷ SSE p50 (commit → frame)', ws.p50 / sse.p50, '×', {
      detail: `${ws.p50.toFixed(1)} ms ÷ ${sse.p50.toFixed(1)} ms`,
    }),
  ];
  for (const transport of ['sse', 'ws'] as const) {
    const name = NAMES[transport];
    const expected = runs[transport].reduce((sum, r) => sum + r.expected, 0);
    const delivered = runs[transport].reduce((sum, r) => sum + r.delivered, 0);
    const committed = runs[transport].reduce((sum, r) => sum + r.committed, 0);
    const rate = runs[transport].reduce((sum, r) => sum + r.achievedRate, 0) / runs[transport].length;
    metrics.push(
      metric(`${name}: events/s achieved (mean of runs)`, rate, 'events/s', {
        atLeast: fanout.rate * 0.95,
        n: committed,
      }),
      metric(`${name}: frames delivered`, (100 * delivered) / expected, '%', { atLeast: 100, n: expected }),
    );
  }
  for (const transport of ['sse', 'ws'] as const) {
    const m = memory[transport];
    const per = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? Number.NaN : (after - before) / m.streams;
    metrics.push(
      metric(`${NAMES[transport]}: RSS per idle connection`, per(m.rssBeforeKb, m.rssAfterKb), 'KB', { n: m.streams }),
      metric(`${NAMES[transport]}: V8 heap per idle connection (after GC)`, per(m.heapBeforeKb, m.heapAfterKb), 'KB', {
        n: m.streams,
      }),
    );
  }
  const notes = [
    `${fanout.streams.toLocaleString('en')} subscribers on ${fanout.reviews} reviews, ${fanout.rate.toLocaleString('en')} events/s ` +
      `in appends of ${fanout.eventsPerAppend}, ${fanout.warmupSeconds} s warm-up + ${fanout.seconds} s measured per run; ` +
      `runs in the order ${ORDER.map((t) => NAMES[t]).join(', ')}, samples pooled per transport`,
    'SSE: one stream per subscriber; WebSocket: one socket per subscriber with one review:{id} topic (the same feed loop serves both)',
    'clients in a separate process; latency = message received (ws: whole message parsed; SSE: bytes of the id: line) − appendEvents resolved',
    ...runs.sse
      .concat(runs.ws)
      .flatMap((r, i) =>
        r.openFailures.length ? [`run ${i + 1}: ${r.openFailures.length} refused (first: ${r.openFailures[0]})`] : [],
      ),
    `idle connections in a separate server process with the default caps: SSE ${memory.sse.streams}, WebSocket ${memory.ws.streams} ` +
      `(${memory.sse.failures.length + memory.ws.failures.length} refused)`,
    ...machine,
  ];
  const rows = [
    latencyRow('SSE: commit → frame', pooled('sse')),
    latencyRow('WebSocket: commit → frame', pooled('ws')),
    ...(['sse', 'ws'] as const).flatMap((transport) =>
      runs[transport].map((r, i) => latencyRow(`${NAMES[transport]} run ${i + 1}: commit → frame`, r.fromCommit)),
    ),
  ];
  return { title: 'ws · WebSocket vs SSE fan-out · PostgreSQL · one process', notes, rows, metrics };
}
