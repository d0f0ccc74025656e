/**
 * Turns the engine section's runs into one report table per database. Nothing here has a target:
 * the section reports throughput and where the time goes, it does not judge them (target "-").
 */
import os from 'node:os';
import type { EngineSettings } from '../../server/src/engine/engine.ts';
import type { ScenarioRun } from './engine-run.ts';
import type { ScenarioStats } from './engine-stats.ts';
import { PROBE_BURST } from './engine-probes.ts';
import { summarize } from './percentiles.ts';
import { amount, ms } from './report.ts';
import type { MetricRow, ResultRow, ResultTable } from './section.ts';

export interface MeasuredScenario {
  run: ScenarioRun;
  stats: ScenarioStats;
}

function latency(name: string, samples: readonly number[], detail?: string): ResultRow {
  const s = summarize(samples);
  return { case: name, n: s.n, p50: s.p50, p95: s.p95, p99: s.p99, pass: true, detail };
}

function metric(name: string, value: number, unit: string, n?: number, detail?: string): MetricRow {
  return { case: name, value, unit, n, pass: true, detail };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function latencyRows({ run, stats }: MeasuredScenario): ResultRow[] {
  const p = `${run.plan.name} ·`;
  return [
    latency(`${p} batch wall (running → done)`, stats.batchWallMs, 'batch event durationMs (ms resolution)'),
    latency(`${p} batch model call`, stats.modelEventMs, 'model_call end durationMs'),
    latency(`${p} batch engine overhead (wall − model)`, stats.overheadMs, 'per batch, joined on review + batchId'),
    latency(`${p} artifact record(), prompt + response`, [...run.artifactMs.prompt, ...run.artifactMs.response]),
    latency(`${p} review claim → first batch running`, stats.beforeBatchesMs),
    latency(`${p} review last batch done → terminal status`, stats.afterBatchesMs),
    latency(`${p} event log() → stored (ts → commit NOTIFY)`, stats.logToStoredMs),
    latency(`${p} EventWriter.flush() after ${PROBE_BURST} log()`, run.flushMs, 'probe review, during the run'),
  ];
}

function metricRows({ run, stats }: MeasuredScenario): MetricRow[] {
  const p = `${run.plan.name} ·`;
  const total = run.profile.total;
  const n = stats.reviews;
  return [
    metric(
      `${p} reviews per minute`,
      stats.reviewsPerMinute,
      'reviews/min',
      n,
      `${(stats.wallMs / 1000).toFixed(2)} s`,
    ),
    metric(`${p} events per review (last_seq, mean)`, mean(stats.eventsPerReview), 'events', n),
    metric(`${p} engine SQL statements per review`, total.count / n, 'statements', n),
    metric(`${p} engine SQL time per review`, total.ms / n, 'ms', n, 'send → result handled, pool waits excluded'),
  ];
}

/** Notes for one scenario: what ran, how it ended, the event mix and the SQL that cost the most. */
function scenarioNotes({ run, stats }: MeasuredScenario): string[] {
  const name = run.plan.name;
  const statuses = Object.entries(stats.statuses)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const byType = Object.entries(stats.eventsByType)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${amount(n)}`)
    .join(', ');
  const top = [...run.profile.byLabel.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 6)
    .map(([label, s]) => `${label} ${amount(s.count / stats.reviews)}× ${ms(s.ms / stats.reviews)} ms`)
    .join('; ');
  const l = run.load;
  const timing = summarize([...run.tools.modelMs]);
  const notes = [
    `${name}: ${stats.reviews} reviews created in ${ms(run.createMs)} ms, terminal after ${(stats.wallMs / 1000).toFixed(2)} s (${statuses})` +
      (run.unfinished ? `; ${run.unfinished} NOT terminal at the ${run.plan.deadlineMs / 1000} s deadline` : ''),
    `${name}: events per review by type: ${byType}`,
    `${name}: SQL per review (count, send → result handled incl. event-loop wait): ${top}`,
    `${name}: model answer ${amount(mean(stats.modelChars))} chars in ${amount(mean(stats.modelChunks))} stream chunks; ` +
      `µs-timed p50: callModel ${ms(timing.p50)} ms, parse ${ms(summarize(run.tools.parseMs).p50)} ms, ` +
      `diff → batches ${ms(summarize(run.tools.planMs).p50)} ms`,
    `${name}: bench process CPU ${l.cpuPercent.toFixed(0)}% of a core, event-loop delay p50 ${ms(l.loopDelayP50Ms)} / ` +
      `p99 ${ms(l.loopDelayP99Ms)} ms, engine pool waiters in ${l.poolWaitingPercent.toFixed(0)}% of 10 ms samples ` +
      `(mean ${l.poolWaitingMean.toFixed(2)}), machine load ${l.loadAverage.toFixed(2)} on ${os.cpus().length} cores`,
  ];
  if (run.errors.length) notes.push(`${name}: engine onError ×${run.errors.length}: ${run.errors[0]}`);
  return notes;
}

export function engineTable(
  label: string,
  where: string,
  settings: EngineSettings,
  files: number,
  scenarios: MeasuredScenario[],
): ResultTable {
  const batches = scenarios[0]?.stats.batchesPerReview ?? 0;
  return {
    title: `engine · ${label} · ${files}-file pasted diff → ${amount(batches)} batches (≤${settings.batchTokenBudget.toLocaleString('en')} tokens), AI simulator answering at once`,
    notes: [
      `database ${where}; ENGINE_CONCURRENCY ${settings.concurrency}, BATCH_CONCURRENCY ${settings.batchConcurrency}, ` +
        `lease/tick defaults; OpenAI-compatible connector (streaming unless said) → AI simulator in this process, chunkDelayMs 0`,
      `several engines = several startEngine() on the database (own pool + LISTEN each on PostgreSQL, one PGlite ` +
        `instance shared) in ONE Node process: database-side contention, not more CPU`,
      `batch overhead = the batch event's durationMs − its model_call end durationMs (both whole ms): prompt and ` +
        `response artifacts, prompt build, parse, and waits for this process's event loop`,
      ...scenarios.flatMap(scenarioNotes),
    ],
    rows: scenarios.flatMap(latencyRows),
    metrics: scenarios.flatMap(metricRows),
  };
}
