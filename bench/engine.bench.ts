/**
 * "engine" section: the built-in review engine end to end, with the AI simulator answering at once
 * so what is left is the engine's own cost: claim, plan, artifacts, events, leases, completion.
 *
 * On PostgreSQL (BENCH_DATABASE_URL's database + "_engine") and on PGlite, for one startEngine and
 * for two on the same database, with a streaming and a plain connector: reviews per minute over a
 * 200-file pasted diff, the engine's overhead per batch (batch wall time − model call), events per
 * review, and how long an event takes from log() to stored. Report only: nothing here has a
 * target, and timing never fails the run.
 */
import type { EngineSettings } from '../server/src/engine/engine.ts';
import { openEngineFixture, pastedDiff, type EngineDbKind, type EngineFixture } from './lib/engine-fixture.ts';
import { runScenario, type ScenarioPlan } from './lib/engine-run.ts';
import { scenarioStats } from './lib/engine-stats.ts';
import { engineTable, type MeasuredScenario } from './lib/engine-tables.ts';
import { log } from './lib/log.ts';
import { summarize } from './lib/percentiles.ts';
import type { BenchOptions, ResultTable, SectionResult } from './lib/section.ts';

const FILES = 200;

/** Production defaults (config.ts) but for the explicit concurrency; lease and tick stay default. */
const settings: EngineSettings = {
  concurrency: 2,
  batchConcurrency: 2,
  batchTokenBudget: 6_000,
  timeouts: {},
};

interface EnginePlan {
  reviews: number;
  /** Reviews run first on a throwaway engine: JIT, SDK imports and the first plans are not measured. */
  warmup: number;
  deadlineMs: number;
}

/**
 * One engine and two (as one and two worker processes would run them), through the streaming
 * connector every real setup defaults to; then the same without streaming, which takes the SDK's
 * stream parsing (CPU in this one process) out of the model call and leaves the engine's own cost.
 */
const scenarios: Pick<ScenarioPlan, 'name' | 'engines' | 'streaming'>[] = [
  { name: '1 engine', engines: 1, streaming: true },
  { name: '2 engines', engines: 2, streaming: true },
  { name: '1 engine, no streaming', engines: 1, streaming: false },
  { name: '2 engines, no streaming', engines: 2, streaming: false },
];

function enginePlan(quick: boolean): EnginePlan {
  return quick ? { reviews: 8, warmup: 2, deadlineMs: 20_000 } : { reviews: 40, warmup: 4, deadlineMs: 60_000 };
}

export async function runEngine(options: BenchOptions): Promise<SectionResult> {
  const plan = enginePlan(options.quick);
  const diff = pastedDiff(FILES);
  const tables: ResultTable[] = [];
  const meta: Record<string, unknown> = {
    plan,
    scenarios,
    settings,
    files: FILES,
    diffBytes: Buffer.byteLength(diff),
  };
  for (const kind of ['postgres', 'pglite'] as EngineDbKind[]) {
    const { table, summary } = await benchDatabase(kind, plan, diff);
    tables.push(table);
    meta[kind] = summary;
  }
  return { section: 'engine', tables, meta };
}

function scenarioPlan(plan: EnginePlan, diff: string, scenario: (typeof scenarios)[number], reviews: number) {
  // The flush probe adds ~6 statements per burst: every 200 ms keeps it a small share of the load.
  return { ...scenario, reviews, diff, settings, deadlineMs: plan.deadlineMs, probeIntervalMs: 200 };
}

async function benchDatabase(kind: EngineDbKind, plan: EnginePlan, diff: string) {
  const fixture: EngineFixture = await openEngineFixture(kind);
  try {
    log(`engine · ${fixture.label} (${fixture.where}): warm-up, ${plan.warmup} reviews per connector…`);
    for (const warmup of scenarios.filter((s) => s.engines === 1))
      await runScenario(fixture, scenarioPlan(plan, diff, warmup, plan.warmup));
    const measured: MeasuredScenario[] = [];
    for (const scenario of scenarios) {
      log(`engine · ${fixture.label}: ${plan.reviews} reviews, ${scenario.name}…`);
      const run = await runScenario(fixture, scenarioPlan(plan, diff, scenario, plan.reviews));
      const stats = await scenarioStats(fixture.main.database.db, run);
      log(
        `engine · ${fixture.label}: ${scenario.name} → ${stats.reviewsPerMinute.toFixed(0)} reviews/min ` +
          `(${(stats.wallMs / 1000).toFixed(2)} s)`,
      );
      measured.push({ run, stats });
    }
    return {
      table: engineTable(fixture.label, fixture.where, settings, FILES, measured),
      summary: measured.map(summaryOf),
    };
  } finally {
    await fixture.close();
  }
}

/** The JSON side: distributions summarised, plus the raw SQL profile and process load. */
function summaryOf({ run, stats }: MeasuredScenario) {
  return {
    scenario: run.plan.name,
    engines: run.plan.engines,
    streaming: run.plan.streaming,
    reviews: stats.reviews,
    statuses: stats.statuses,
    unfinished: run.unfinished,
    createMs: run.createMs,
    wallMs: stats.wallMs,
    reviewsPerMinute: stats.reviewsPerMinute,
    batchesPerReview: stats.batchesPerReview,
    eventsPerReview: summarize(stats.eventsPerReview),
    eventsByType: stats.eventsByType,
    batchWallMs: summarize(stats.batchWallMs),
    modelCallMs: summarize(stats.modelEventMs),
    batchOverheadMs: summarize(stats.overheadMs),
    beforeBatchesMs: summarize(stats.beforeBatchesMs),
    afterBatchesMs: summarize(stats.afterBatchesMs),
    logToStoredMs: summarize(stats.logToStoredMs),
    flushMs: summarize(run.flushMs),
    artifactRecordMs: { prompt: summarize(run.artifactMs.prompt), response: summarize(run.artifactMs.response) },
    toolsMs: {
      callModel: summarize(run.tools.modelMs),
      parse: summarize(run.tools.parseMs),
      plan: summarize(run.tools.planMs),
    },
    sqlPerReview: Object.fromEntries(
      [...run.profile.byLabel.entries()].map(([label, s]) => [
        label,
        { count: s.count / stats.reviews, ms: s.ms / stats.reviews },
      ]),
    ),
    load: run.load,
    errors: run.errors.slice(0, 5),
  };
}
