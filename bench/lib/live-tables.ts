/**
 * Turns the live section's measurements into report tables: latency rows (percentiles, ms) and
 * metric rows (throughput, memory, ratios), each with its target where the issue sets one.
 */
import os from 'node:os';
import type { FanoutPlan, FanoutResult, IdleMemory } from './live-sse.ts';
import type { IngestPlan, Throughput } from './live-ingest.ts';
import type { LoggerPlan, LoggerResult } from './live-logger.ts';
import { amount, ms } from './report.ts';
import { summarize } from './percentiles.ts';
import type { MetricRow, ResultRow, ResultTable } from './section.ts';

export function latencyRow(
  name: string,
  samples: ArrayLike<number>,
  target?: { ms: number; on?: 'p95' | 'p99' },
  detail?: string,
): ResultRow {
  const s = summarize(Array.from(samples));
  const on = target?.on ?? 'p95';
  return {
    case: name,
    n: s.n,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    targetMs: target?.ms,
    targetOn: target?.on,
    pass: target === undefined || s[on] <= target.ms,
    detail,
  };
}

export function metric(
  name: string,
  value: number,
  unit: string,
  options: { atLeast?: number; atMost?: number; n?: number; detail?: string } = {},
): MetricRow {
  const { atLeast, atMost } = options;
  const target = atLeast !== undefined ? { atLeast } : atMost !== undefined ? { atMost } : undefined;
  const pass =
    (atLeast === undefined || value >= atLeast) && (atMost === undefined || value <= atMost) && !Number.isNaN(value);
  return { case: name, value, unit, target, pass, n: options.n, detail: options.detail };
}

export function ingestTable(
  label: string,
  targetPerSecond: number,
  plan: IngestPlan & { naiveEvents: number },
  http: Throughput,
  withIds: Throughput,
  naive: Throughput,
): ResultTable {
  const shape = `${plan.clients} clients × ${plan.batch} events/request`;
  return {
    title: `live · ingestion · ${label}`,
    notes: [
      `POST /api/v1/reviews/{id}/events over loopback HTTP, ${shape}, each client on its own review, for ${http.seconds.toFixed(1)} s`,
      `naive baseline in the same run: one autocommit INSERT per event (seq from the per-row trigger), ${plan.clients} connections`,
    ],
    rows: [
      latencyRow(`POST ${plan.batch} events (one request)`, http.latencies),
      latencyRow('naive INSERT (one event)', naive.latencies),
    ],
    metrics: [
      metric(`ingestion, ${shape}`, http.eventsPerSecond, 'events/s', { atLeast: targetPerSecond, n: http.events }),
      metric('ingestion with eventId (idempotent path)', withIds.eventsPerSecond, 'events/s', { n: withIds.events }),
      metric('naive: one INSERT per event', naive.eventsPerSecond, 'events/s', { n: naive.events }),
      metric('batched HTTP ÷ naive', http.eventsPerSecond / naive.eventsPerSecond, '×'),
    ],
  };
}

export function loggerTable(
  label: string,
  targetPerSecond: number | undefined,
  plan: LoggerPlan & { reviews: number },
  r: LoggerResult,
): ResultTable {
  const calls = summarize(Array.from(r.callMs));
  const inLogMs = r.callMs.reduce((sum, v) => sum + v, 0);
  return {
    title: `live · ReviewLogger · ${label}`,
    notes: [
      `${plan.reviews} concurrent reviews, one ReviewLogger each (with its file log) over one shared EventWriter (flushMs 50, batch 200)`,
      `throughput: ${plan.linesPerReview.toLocaleString('en')} lines per review as fast as possible (yield every 100 lines), until every flush() resolved`,
      `paced: ${plan.pacedRate} lines/s per review for ${plan.pacedSeconds} s; "stored" = the commit's NOTIFY (includes the 50 ms batching window by design)`,
    ],
    rows: [
      latencyRow(
        `paced log() → stored (${(plan.pacedRate * plan.reviews).toLocaleString('en')} lines/s)`,
        r.logToStored,
      ),
      latencyRow('forced flush() after 10 lines (terminal status)', r.flushMs),
    ],
    metrics: [
      metric(`${plan.reviews} reviews → all flushed`, r.eventsPerSecond, 'events/s', {
        atLeast: targetPerSecond,
        n: r.events,
      }),
      metric('log() call p50', calls.p50 * 1000, 'µs', { n: calls.n }),
      metric('log() call p99', calls.p99 * 1000, 'µs', { n: calls.n }),
      metric('caller time inside log()', (100 * inLogMs) / (r.seconds * 1000), '% of wall', {
        detail: `${inLogMs.toFixed(0)} ms of ${(r.seconds * 1000).toFixed(0)} ms`,
      }),
      metric('producer pauses (writer > 10,000 buffered)', r.throttled, 'times'),
      metric('paced lines stored / logged', (100 * r.logToStored.length) / r.pacedEvents, '%', { atLeast: 100 }),
    ],
  };
}

const BARE = 'bare Node';

/** One measured fan-out: its name, result, absolute p99 target (ms) and, if judged on it, the ratio target. */
export type FanoutCase = [name: string, result: FanoutResult, p99TargetMs: number, ratioTarget?: number];

/**
 * The fan-out table: the bare-Node baseline first (same clients, rate and frames, no database), then
 * each real case with its p99 as a ratio to the baseline's p99, which a busy machine moves for both.
 */
export function fanoutTable(
  plan: FanoutPlan & { streams: number; reviews: number },
  baseline: FanoutResult,
  cases: FanoutCase[],
): ResultTable {
  const notes = [
    `${plan.streams.toLocaleString('en')} streams on ${plan.reviews} reviews (${plan.streams / plan.reviews} viewers each), ` +
      `${plan.rate.toLocaleString('en')} events/s in appends of ${plan.eventsPerAppend}, ${plan.warmupSeconds} s warm-up + ${plan.seconds} s measured`,
    'clients in a separate process (node:http); latency = frame bytes received − appendEvents resolved (commit), epoch ms',
    'writer as the EventWriter does it: one append in flight per review, events due meanwhile join its next append',
    `${BARE}, measured right before in the same run: a node:http server in its own process with no database, ` +
      'producing the same appends on the same schedule and writing each to its subscribers at once; ' +
      'commit = produced (stamped before any fan-out work), same client process, same frame sizes',
  ];
  const rows: ResultRow[] = [];
  const metrics: MetricRow[] = [];
  const cores = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value * 100)}%`);
  const cpuCount = os.cpus().length;
  const all: FanoutCase[] = [[BARE, baseline, Number.NaN], ...cases];
  for (const [name, result] of all) {
    const { cpu, loopDelay } = result;
    const processes =
      name === BARE
        ? `baseline process ${cores(cpu.writer)} (server + producer)`
        : `bench process ${cores(cpu.writer)}${cpu.server === undefined ? ' (app + writer)' : ` (writer), server process ${cores(cpu.server)}`}`;
    notes.push(
      `${name}: opened in ${(result.openMs / 1000).toFixed(1)} s, ${result.openFailures.length} refused` +
        (result.openFailures.length ? ` (first: ${result.openFailures[0]})` : '') +
        `; ${result.stillOpen} still open at the end`,
      `${name}: CPU (% of one core) ${processes}, ` +
        `clients ${cores(cpu.clients)}, whole machine ${cores(cpu.machine)} of ${cpuCount * 100}%; ` +
        `${name === BARE ? 'baseline' : 'bench'} event-loop delay p50 ${ms(loopDelay.p50)} / p99 ${ms(loopDelay.p99)} / max ${ms(loopDelay.max)} ms`,
    );
  }
  rows.push(latencyRow(`${BARE}: commit → frame`, baseline.fromCommit));
  metrics.push(...deliveryMetrics(BARE, baseline, plan));
  const baselineP99 = summarize(baseline.fromCommit).p99;
  for (const [name, result, targetMs, ratioTarget] of cases) {
    rows.push(latencyRow(`${name}: commit → frame`, result.fromCommit, { ms: targetMs, on: 'p99' }));
    rows.push(latencyRow(`${name}: event due → frame`, result.fromDue));
    rows.push(latencyRow(`${name}: appendEvents call (pool wait incl.)`, result.appendMs));
    const p99 = summarize(result.fromCommit).p99;
    metrics.push(
      metric(`${name}: commit → frame p99 ÷ ${BARE} p99`, p99 / baselineP99, '×', {
        atMost: ratioTarget,
        detail: `${ms(p99)} ms ÷ ${ms(baselineP99)} ms`,
      }),
      ...deliveryMetrics(name, result, plan),
    );
  }
  return { title: 'live · SSE fan-out latency · PostgreSQL', notes, rows, metrics };
}

/** The latency only counts at the planned load: a writer that fell behind is a miss of its own. */
function deliveryMetrics(name: string, result: FanoutResult, plan: FanoutPlan): MetricRow[] {
  return [
    metric(`${name}: events/s achieved`, result.achievedRate, 'events/s', {
      atLeast: plan.rate * 0.95,
      n: result.committed,
    }),
    metric(`${name}: frames delivered`, (100 * result.delivered) / result.expected, '%', {
      atLeast: 100,
      n: result.expected,
    }),
  ];
}

export function idleTable(memory: IdleMemory): ResultTable {
  const kb = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined ? Number.NaN : (after - before) / memory.streams;
  const mb = (value: number | undefined) => (value === undefined ? '-' : `${amount(value / 1024)} MB`);
  return {
    title: 'live · idle streams · separate server process (server/src/main.ts)',
    notes: [
      `${memory.streams.toLocaleString('en')} idle streams opened in ${(memory.openMs / 1000).toFixed(1)} s, ${memory.failures.length} refused` +
        (memory.failures.length ? ` (first: ${memory.failures[0]})` : ''),
      `RSS ${mb(memory.rssBeforeKb)} → ${mb(memory.rssAfterKb)}; V8 heap used after a forced GC ${mb(memory.heapBeforeKb)} → ${mb(memory.heapAfterKb)}`,
      'design target: 10,000 idle streams per process',
    ],
    rows: [],
    metrics: [
      metric('RSS per idle stream', kb(memory.rssBeforeKb, memory.rssAfterKb), 'KB', {
        atMost: 50,
        n: memory.streams,
      }),
      metric('V8 heap per idle stream (after GC)', kb(memory.heapBeforeKb, memory.heapAfterKb), 'KB', {
        n: memory.streams,
      }),
    ],
  };
}
