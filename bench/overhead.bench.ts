/**
 * "overhead" section: the engine's own cost per batch on PostgreSQL — batch wall time minus the
 * model call — at p50/p95 against its target (≤ 25 ms, so the model is always the bottleneck),
 * printed beside the model time and two baselines measured in the same run: a bare batch (the same
 * model call and parse with no engine, no events, no database) and a naive logger writing the
 * batch's events one autocommit INSERT each. The AI simulator runs in a child process: in this one,
 * the CPU it spends answering four parallel batches took the engine's event loop and was billed to
 * the engine; the same run with the simulator in process is printed below for comparison.
 * `--quick` runs the same paths with fewer reviews.
 */
import type { EngineSettings } from '../server/src/engine/engine.ts';
import { bareBatches, naiveEventInserts } from './lib/bare-batch.ts';
import { openEngineFixture, pastedDiff } from './lib/engine-fixture.ts';
import { runScenario, type ScenarioPlan } from './lib/engine-run.ts';
import { scenarioStats } from './lib/engine-stats.ts';
import { log } from './lib/log.ts';
import { summarize } from './lib/percentiles.ts';
import type { BenchOptions, ResultRow, SectionResult } from './lib/section.ts';

const FILES = 200;
const TARGET_MS = 25;
const settings: EngineSettings = { concurrency: 2, batchConcurrency: 2, batchTokenBudget: 6_000, timeouts: {} };

function overheadPlan(quick: boolean) {
  return quick
    ? { reviews: 4, warmup: 1, bareBatches: 10, deadlineMs: 20_000 }
    : { reviews: 30, warmup: 3, bareBatches: 60, deadlineMs: 60_000 };
}

function latency(name: string, samples: readonly number[], detail: string, targetMs?: number): ResultRow {
  const s = summarize(samples);
  return {
    case: name,
    n: s.n,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    ...(targetMs === undefined ? {} : { targetMs }),
    pass: targetMs === undefined || s.p95 <= targetMs,
    detail,
  };
}

type Plan = ReturnType<typeof overheadPlan>;

/** The engine's overhead per batch with the simulator in this process (the earlier, unfair setup). */
async function inProcessOverhead(plan: Plan, diff: string): Promise<number[]> {
  const fixture = await openEngineFixture('postgres', { simulator: 'in-process' });
  try {
    const scenario = (reviews: number): ScenarioPlan => ({
      name: '1 engine, simulator in process',
      engines: 1,
      streaming: true,
      reviews,
      diff,
      settings,
      deadlineMs: plan.deadlineMs,
      probeIntervalMs: 200,
    });
    log(`overhead · simulator in this process: warm-up, then ${plan.reviews} reviews…`);
    await runScenario(fixture, scenario(plan.warmup));
    const run = await runScenario(fixture, scenario(plan.reviews));
    return (await scenarioStats(fixture.main.database.db, run)).overheadMs;
  } finally {
    await fixture.close();
  }
}

export async function runOverhead(options: BenchOptions): Promise<SectionResult> {
  const plan = overheadPlan(options.quick);
  const diff = pastedDiff(FILES);
  const inProcess = await inProcessOverhead(plan, diff);
  const fixture = await openEngineFixture('postgres', { simulator: 'child' });
  try {
    const scenario = (reviews: number): ScenarioPlan => ({
      name: '1 engine',
      engines: 1,
      streaming: true,
      reviews,
      diff,
      settings,
      deadlineMs: plan.deadlineMs,
      probeIntervalMs: 200,
    });
    log(`overhead · ${fixture.label}: warm-up, ${plan.warmup} reviews…`);
    await runScenario(fixture, scenario(plan.warmup));
    log(`overhead · ${fixture.label}: ${plan.reviews} reviews of a ${FILES}-file diff…`);
    const run = await runScenario(fixture, scenario(plan.reviews));
    const stats = await scenarioStats(fixture.main.database.db, run);
    const filesPerBatch = Math.max(1, Math.round(FILES / Math.max(1, stats.batchesPerReview)));
    const eventsPerBatch = Math.round(
      stats.eventsPerReview.reduce((a, b) => a + b, 0) /
        Math.max(1, stats.eventsPerReview.length) /
        Math.max(1, stats.batchesPerReview),
    );
    log(`overhead · bare baseline: ${plan.bareBatches} model calls of ${filesPerBatch} files, no engine…`);
    const bare = await bareBatches(fixture, plan.bareBatches, filesPerBatch);
    log(`overhead · naive baseline: ${eventsPerBatch} single-row INSERTs per batch…`);
    const naive = await naiveEventInserts(fixture.main.database.db, plan.bareBatches, eventsPerBatch);

    const rows = [
      latency(
        'engine overhead per batch (wall − model)',
        stats.overheadMs,
        'batch event durationMs − model_call end durationMs',
        TARGET_MS,
      ),
      latency('  model call per batch', stats.modelEventMs, 'model_call end durationMs (simulator answering at once)'),
      latency(
        '  the same overhead, simulator in this process',
        inProcess,
        'the simulator’s CPU competes for the engine’s event loop (not a target)',
      ),
      latency('  batch wall (running → done)', stats.batchWallMs, 'batch event durationMs'),
      latency('bare batch overhead (wall − model), no engine', bare.overheadMs, 'callModel + parse, same connector'),
      latency('  bare batch model call', bare.modelMs, 'the same call, timed by the adapter'),
      latency(
        `naive logger: a batch's ${eventsPerBatch} events, 1 INSERT each`,
        naive,
        'autocommit per row, same database',
      ),
    ];
    return {
      section: 'overhead',
      tables: [
        {
          title: `overhead · engine cost per batch on ${fixture.label} (${FILES}-file pasted diff → ${stats.batchesPerReview.toFixed(1)} batches a review)`,
          notes: [
            `database ${fixture.where}; ENGINE_CONCURRENCY ${settings.concurrency}, BATCH_CONCURRENCY ${settings.batchConcurrency}; streaming OpenAI-compatible connector → AI simulator in a child process (as a real provider is elsewhere), chunkDelayMs 0`,
            `engine overhead = what the batch waits for besides the model call: prompt build, parse, events (batched writes), waits for this process's event loop; the prompt and response artifacts are stored while the model answers / after the batch, and the review's end still waits for them; both durations are whole ms`,
            `bare batch = the same model call and parse with nothing around it (the floor); naive logger = what one INSERT per event would cost a batch instead of the engine's batched writes`,
            `${stats.reviews} reviews (${Object.entries(stats.statuses)
              .map(([s, n]) => `${n} ${s}`)
              .join(
                ', ',
              )})${run.unfinished ? `; ${run.unfinished} NOT terminal by the deadline` : ''}; ${eventsPerBatch} events per batch`,
          ],
          rows,
        },
      ],
      meta: {
        plan,
        files: FILES,
        settings,
        batchesPerReview: stats.batchesPerReview,
        eventsPerBatch,
        engineOverheadMs: summarize(stats.overheadMs),
        inProcessSimulatorOverheadMs: summarize(inProcess),
        modelCallMs: summarize(stats.modelEventMs),
        bareOverheadMs: summarize(bare.overheadMs),
        naiveInsertsMs: summarize(naive),
      },
    };
  } finally {
    await fixture.close();
  }
}
