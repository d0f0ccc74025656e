/**
 * Instruments wired in through startEngine's own seams (its db, artifacts and tools arguments), so
 * the engine runs unmodified while the bench sees where a batch's time goes.
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import type pg from 'pg';
import {
  ArtifactRecorder,
  type ArtifactKind,
  type RecordedArtifact,
} from '../../server/src/artifacts/artifact-recorder.ts';
import type { Db } from '../../server/src/db/database.ts';
import type { DB } from '../../server/src/db/schema.ts';
import { createRealTools } from '../../server/src/engine/engine.ts';
import type { OutboundPolicy } from '../../server/src/outbound/outbound-policy.ts';
import type { PipelineTools } from '../../server/src/engine/pipeline-types.ts';
import { EventWriter } from '../../server/src/engine/reporting/event-writer.ts';
import { ReviewLogger } from '../../server/src/engine/reporting/review-logger.ts';

/** Statement text → a short, stable label: verb + table (+ the first SET column of an UPDATE). */
export function statementLabel(sqlText: string): string {
  const s = sqlText.replace(/\s+/g, ' ').trim().toLowerCase();
  const verb = s.split(' ')[0] ?? '';
  if (['begin', 'commit', 'rollback'].includes(verb)) return verb;
  if (s.includes('pg_notify')) return 'select pg_notify';
  if (s.includes('skip locked')) return 'claim (update … skip locked)';
  const update = /^update "?([\w.]+)"? set "?(\w+)"?/.exec(s);
  if (update) return `update ${update[1]} (${update[2]})`;
  const write = /^(insert into|delete from) "?([\w.]+)"?/.exec(s);
  if (write) return `${write[1]} ${write[2]}`;
  // The worker's reaper scan and the event store's row lock read the same table: tell them apart.
  if (s.includes('lease_until" <') || s.includes('lease_until <')) return 'reaper scan (select reviews)';
  const from = /\bfrom "?([\w.]+)"?/.exec(s);
  const lock = s.includes(' for update') ? ' for update' : '';
  return from ? `${verb} ${from[1]}${lock}` : verb;
}

export interface StatementStats {
  count: number;
  ms: number;
}

/**
 * Every statement the engine sends, counted and timed (Kysely's query log: from sending it on a
 * pooled connection to its result being handled, so a busy event loop adds to it; pool waits
 * excluded; BEGIN/COMMIT included).
 */
export class QueryProfile {
  readonly byLabel = new Map<string, StatementStats>();

  /** A Kysely over `pool` that records into this profile; never destroyed (the pool is not ours). */
  dbOver(pool: pg.Pool): Db {
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (event) => this.record(event) });
  }

  get total(): StatementStats {
    let count = 0;
    let ms = 0;
    for (const s of this.byLabel.values()) {
      count += s.count;
      ms += s.ms;
    }
    return { count, ms };
  }

  private record(event: LogEvent): void {
    const label = statementLabel(event.query.sql);
    const stats = this.byLabel.get(label) ?? { count: 0, ms: 0 };
    stats.count += 1;
    stats.ms += event.queryDurationMillis;
    this.byLabel.set(label, stats);
  }
}

/** The engine's artifact recorder, timing each record() (file write + artifacts insert). */
export class TimedArtifactRecorder extends ArtifactRecorder {
  readonly ms: Record<ArtifactKind, number[]> = { prompt: [], response: [], diff: [] };

  override async record(
    review: { id: number; orgId: number },
    kind: ArtifactKind,
    content: string,
    batchId?: string,
    db?: Db,
  ): Promise<RecordedArtifact> {
    const start = performance.now();
    try {
      return await super.record(review, kind, content, batchId, db);
    } finally {
      this.ms[kind].push(performance.now() - start);
    }
  }
}

export interface ToolTimings {
  /** callModel as the pipeline sees it (SDK client creation, HTTP to the simulator, stream read). */
  modelMs: number[];
  parseMs: number[];
  planMs: number[];
}

/** The real tools, with the model call, the parse and the diff planning timed to the microsecond. */
export function timedTools(timings: ToolTimings, outbound: OutboundPolicy): PipelineTools {
  const realTools = createRealTools(outbound);
  const timed = <T>(into: number[], fn: () => T): T => {
    const start = performance.now();
    try {
      return fn();
    } finally {
      into.push(performance.now() - start);
    }
  };
  return {
    ...realTools,
    planFromDiff: (diff, budget) => timed(timings.planMs, () => realTools.planFromDiff(diff, budget)),
    parseModelOutput: (raw) => timed(timings.parseMs, () => realTools.parseModelOutput(raw)),
    async callModel(config, request, options) {
      const start = performance.now();
      try {
        return await realTools.callModel(config, request, options);
      } finally {
        timings.modelMs.push(performance.now() - start);
      }
    },
  };
}

export interface ProcessLoad {
  /** CPU of this process (engine, simulator, bench) in % of one core. */
  cpuPercent: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  /** Mean clients waiting for a pooled connection, sampled every 10 ms (engine pools). */
  poolWaitingMean: number;
  /** Share of samples in which some client waited for a pooled connection, in %. */
  poolWaitingPercent: number;
  /** 1-minute load average at the end: other work on the machine slows every number here. */
  loadAverage: number;
}

/**
 * CPU, event-loop delay and pool queueing while a scenario runs: the engine, the simulator and the
 * bench share one Node thread here, so a saturated loop or pool shows up as engine overhead.
 */
export function watchProcess(pools: pg.Pool[]): { stop(): ProcessLoad } {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let samples = 0;
  let waiting = 0;
  let withWaiters = 0;
  const sampler = setInterval(() => {
    const n = pools.reduce((sum, pool) => sum + pool.waitingCount, 0);
    samples += 1;
    waiting += n;
    if (n > 0) withWaiters += 1;
  }, 10);
  return {
    stop() {
      clearInterval(sampler);
      loop.disable();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - wallStart;
      return {
        cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        loopDelayP50Ms: loop.percentile(50) / 1e6,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        poolWaitingMean: samples ? waiting / samples : 0,
        poolWaitingPercent: samples ? (withWaiters / samples) * 100 : 0,
        loadAverage: os.loadavg()[0] ?? Number.NaN,
      };
    },
  };
}

/** log() calls per probe burst: a batch's worth of progress lines. */
export const PROBE_BURST = 10;

/**
 * Every `intervalMs`, PROBE_BURST log() calls on a probe review through an EventWriter of its own on
 * the engine's pool (so its statements stay out of the engine's SQL profile), then flush() timed:
 * how long a burst takes to be stored once asked, while the engine loads the same database. The
 * probe review is 'in_progress' without a lease, so no worker claims or reaps it.
 */
export function startFlushProbe(
  db: Db,
  review: { id: number; orgId: number },
  intervalMs: number,
): { stop(): Promise<number[]> } {
  const writer = new EventWriter(db);
  const logger = new ReviewLogger(writer, review, undefined);
  const samples: number[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let burst = 0; !stopped; burst++) {
      for (let i = 0; i < PROBE_BURST; i++) logger.log('info', `flush probe ${burst}.${i}`);
      const start = performance.now();
      await logger.flush();
      samples.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await writer.close();
      return samples;
    },
  };
}
