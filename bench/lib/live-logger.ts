import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Database } from '../../server/src/db/database.ts';
import { connectEventBus } from '../../server/src/live/event-bus.ts';
import { defaultWriterOptions, EventWriter } from '../../server/src/engine/reporting/event-writer.ts';
import { FileLog } from '../../server/src/engine/reporting/file-log.ts';
import { ReviewLogger } from '../../server/src/engine/reporting/review-logger.ts';
import type { LiveReview } from './live-fixture.ts';

export interface LoggerPlan {
  /** Lines each review logs in the throughput run. */
  linesPerReview: number;
  /** The paced run: lines per second per review, and for how long. */
  pacedRate: number;
  pacedSeconds: number;
  /** Forced flushes per review in the flush() run. */
  flushes: number;
}

export interface LoggerResult {
  events: number;
  /** First log() call → every logger's flush() resolved. */
  seconds: number;
  eventsPerSecond: number;
  /** Duration of each log() call, ms. */
  callMs: Float64Array;
  /** Producers paused because the writer held over half its limit (the database was behind). */
  throttled: number;
  /** Paced run: log() → its commit announced by NOTIFY, ms. */
  logToStored: number[];
  pacedEvents: number;
  /** Forced flush(): what `status(terminal)` waits for, ms. */
  flushMs: number[];
}

/** An engine yields between model calls; a producer that never yields would starve the writer itself. */
const LINES_BETWEEN_YIELDS = 100;
const HIGH_WATER = defaultWriterOptions.maxBuffered / 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const line = (r: number, i: number) =>
  `Batch ${1 + (i % 7)}: reviewed src/review-${r}/file-${i}.ts, 3 hunks, 120 changed lines, model streaming`;

/**
 * One EventWriter shared by concurrent reviews, as the engine host runs it, each review with its own
 * ReviewLogger and per-review file log (in a temp dir). Three runs on separate reviews: as fast as
 * possible, paced, and forced flushes.
 */
export async function measureLogger(
  database: Database,
  reviewSets: [LiveReview[], LiveReview[], LiveReview[]],
  plan: LoggerPlan,
): Promise<LoggerResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rt-bench-logs-'));
  try {
    const fast = await asFastAsPossible(database, reviewSets[0], plan, dir);
    const paced = await pacedLatency(database, reviewSets[1], plan, dir);
    const flushMs = await forcedFlushes(database, reviewSets[2], plan, dir);
    return { ...fast, ...paced, flushMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function asFastAsPossible(database: Database, reviews: LiveReview[], plan: LoggerPlan, dir: string) {
  const writer = new EventWriter(database.db);
  const loggers = reviews.map((review) => new ReviewLogger(writer, review, new FileLog(dir, review.id)));
  const callMs = new Float64Array(reviews.length * plan.linesPerReview);
  let calls = 0;
  let throttled = 0;
  const started = performance.now();
  await Promise.all(
    loggers.map(async (logger, r) => {
      for (let i = 0; i < plan.linesPerReview; i++) {
        const t0 = performance.now();
        logger.log('info', line(r, i));
        callMs[calls++] = performance.now() - t0;
        if (i % LINES_BETWEEN_YIELDS !== LINES_BETWEEN_YIELDS - 1) continue;
        await yieldToLoop();
        // Past maxBuffered, write() throws (the engine would fail the review): stay well below it.
        while (writer.bufferedEvents > HIGH_WATER) {
          throttled++;
          await sleep(1);
        }
      }
      await logger.flush();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(loggers.map((logger) => logger.close()));
  await writer.close();
  return { events: calls, seconds, eventsPerSecond: calls / seconds, callMs, throttled };
}

/**
 * Each review logs at a steady rate; the store announces each commit with NOTIFY (review, last seq),
 * so a line's "stored" time is the first notification covering its seq. Reviews are fresh: line i
 * gets seq i + 1. This includes the writer's batching window (flushMs) by design.
 */
async function pacedLatency(database: Database, reviews: LiveReview[], plan: LoggerPlan, dir: string) {
  const writer = new EventWriter(database.db);
  const loggers = reviews.map((review) => new ReviewLogger(writer, review, new FileLog(dir, review.id)));
  const index = new Map(reviews.map((review, r) => [review.id, r]));
  const loggedAt: number[][] = reviews.map(() => []);
  const storedUpTo = reviews.map(() => 0);
  const logToStored: number[] = [];
  const bus = await connectEventBus(database);
  const unsubscribe = bus.subscribe((n) => {
    const r = index.get(n.reviewId);
    if (r === undefined) return;
    const now = performance.now();
    for (let seq = storedUpTo[r]! + 1; seq <= n.seq; seq++) logToStored.push(now - loggedAt[r]![seq - 1]!);
    storedUpTo[r] = Math.max(storedUpTo[r]!, n.seq);
  });
  try {
    const started = performance.now();
    for (let elapsed = 0; elapsed < plan.pacedSeconds; elapsed = (performance.now() - started) / 1000) {
      const due = Math.floor(elapsed * plan.pacedRate);
      loggers.forEach((logger, r) => {
        while (loggedAt[r]!.length < due) {
          loggedAt[r]!.push(performance.now());
          logger.log('info', line(r, loggedAt[r]!.length));
        }
      });
      await sleep(2);
    }
    await Promise.all(loggers.map((logger) => logger.close()));
    await sleep(200); // the last NOTIFY is delivered after the commit that flush() awaited
  } finally {
    unsubscribe();
    await bus.close();
    await writer.close();
  }
  return { logToStored, pacedEvents: loggedAt.reduce((sum, lines) => sum + lines.length, 0) };
}

/** What a terminal `status()` costs the engine: log a few lines, then wait until they are stored. */
async function forcedFlushes(database: Database, reviews: LiveReview[], plan: LoggerPlan, dir: string) {
  const writer = new EventWriter(database.db);
  const flushMs: number[] = [];
  await Promise.all(
    reviews.map(async (review, r) => {
      const logger = new ReviewLogger(writer, review, new FileLog(dir, review.id));
      for (let f = 0; f < plan.flushes; f++) {
        for (let i = 0; i < 10; i++) logger.log('info', line(r, i));
        const t0 = performance.now();
        await logger.flush();
        flushMs.push(performance.now() - t0);
      }
      await logger.close();
    }),
  );
  await writer.close();
  return flushMs;
}
