import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Db } from '../../server/src/db/database.ts';
import { appendEvents, type AppendResult } from '../../server/src/events/event-store.ts';
import type { EventToStore } from '../../server/src/events/review-effects.ts';
import { busyCores, readMachineCpu } from './contention.ts';
import { fanoutLogLine } from './fanout-log-line.ts';
import type { LiveReview } from './live-fixture.ts';
import type { ServerProcess } from './server-process.ts';
import type { SseClients, StreamTarget, Transport } from './sse-clients.ts';

export interface FanoutPlan {
  /** Events per second over all reviews. */
  rate: number;
  /** Events made due to one review at a time: appended together, or with the next ones if busy. */
  eventsPerAppend: number;
  warmupSeconds: number;
  seconds: number;
}

export interface FanoutResult {
  /** Commit (appendEvents resolved) → frame bytes arrived, ms, one per event per viewer. */
  fromCommit: number[];
  /** Event due (handed to the writer) → frame: adds the writer's queue and the transaction. */
  fromDue: number[];
  appendMs: number[];
  /** Measured window only: events committed, frames expected (events × viewers) and received. */
  committed: number;
  expected: number;
  delivered: number;
  achievedRate: number;
  openMs: number;
  openFailures: string[];
  stillOpen: number;
  /** Over the whole write phase, in cores (1 = one core busy): where the CPUs went. `machine` is
   * everything (PostgreSQL and other work on the machine included). */
  cpu: { writer: number; server: number | undefined; clients: number; machine: number | undefined };
  /** Event-loop delay of the writing process (the serving one too, in the one-process case), ms. */
  loopDelay: { p50: number; p99: number; max: number };
}

/** After the last commit, time for the last frames to arrive before they count as missing. */
export const DRAIN_MS = 1_500;

/** The histogram records whole timer intervals; the sampling period is subtracted to leave the delay. */
const LOOP_RESOLUTION_MS = 2;
const loopDelayMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_RESOLUTION_MS);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const epochNow = () => performance.timeOrigin + performance.now();
/** Reviews are fresh and seqs small, so one number keys (review, seq). */
export const fanoutKey = (reviewId: number, seq: number) => reviewId * 1_000_000 + seq;

/**
 * Opens the streams (in the client process), writes at a fixed aggregate rate with appendEvents (the
 * app's own write path), stamps each commit by seq, then matches every frame the clients received to
 * its commit. `server` is whichever app serves the streams: the writer's own (one process) or another.
 */
export async function measureFanout(
  db: Db,
  reviews: LiveReview[],
  targets: StreamTarget[],
  server: { baseUrl: string; process?: ServerProcess },
  clients: SseClients,
  plan: FanoutPlan,
  transport: Transport = 'sse',
): Promise<FanoutResult> {
  const opened = await clients.open(server.baseUrl, targets, 0, 50, transport);
  await sleep(500); // every stream has done its first catch-up and is waiting on a notification
  // Drops frames (none expected) from before the writer starts; CPU counters start here.
  const clientsCpuBefore = (await clients.collect()).cpuMs;
  const serverCpuBefore = await server.process?.cpuMs();
  const writerCpuBefore = process.cpuUsage();
  const machineBefore = readMachineCpu();
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();

  const commits = new Map<number, { dueAt: number; commitAt: number }>();
  const appendMs: number[] = [];
  const measureFrom = epochNow() + plan.warmupSeconds * 1000;
  let committed = 0;
  const started = performance.now();
  const { drained } = await writeAtRate(db, reviews, plan, ({ review, dueAt, appendAt, result }) => {
    const commitAt = epochNow();
    appendMs.push(commitAt - appendAt);
    if (dueAt < measureFrom) return;
    committed += result.accepted;
    for (let seq = result.firstSeq; seq <= result.lastSeq; seq++)
      commits.set(fanoutKey(review.id, seq), { dueAt, commitAt });
  });
  const measuredSeconds = (epochNow() - measureFrom) / 1000;
  await drained;
  const wallMs = performance.now() - started;
  loop.disable();
  const writerCpu = process.cpuUsage(writerCpuBefore);
  const serverCpuAfter = await server.process?.cpuMs();
  const machineAfter = readMachineCpu();
  await sleep(DRAIN_MS);

  const arrivals = await clients.collect();
  const fromCommit: number[] = [];
  const fromDue: number[] = [];
  for (let i = 0; i < arrivals.seqs.length; i++) {
    const commit = commits.get(fanoutKey(arrivals.reviewIds[i]!, arrivals.seqs[i]!));
    if (!commit) continue; // warm-up events
    fromCommit.push(arrivals.times[i]! - commit.commitAt);
    fromDue.push(arrivals.times[i]! - commit.dueAt);
  }
  await clients.closeStreams();
  const viewersPerReview = targets.length / reviews.length;
  return {
    fromCommit,
    fromDue,
    appendMs,
    committed,
    expected: committed * viewersPerReview,
    delivered: fromCommit.length,
    achievedRate: committed / measuredSeconds,
    openMs: opened.ms,
    openFailures: opened.failures,
    stillOpen: arrivals.open,
    cpu: {
      writer: (writerCpu.user + writerCpu.system) / 1000 / wallMs,
      server:
        serverCpuAfter === undefined || serverCpuBefore === undefined
          ? undefined
          : (serverCpuAfter - serverCpuBefore) / wallMs,
      // The clients' window also spans the drain; close enough to see whether they were saturated.
      clients: (arrivals.cpuMs - clientsCpuBefore) / (wallMs + DRAIN_MS),
      machine: busyCores(machineBefore, machineAfter),
    },
    loopDelay: {
      p50: loopDelayMs(loop.percentile(50)),
      p99: loopDelayMs(loop.percentile(99)),
      max: loopDelayMs(loop.max),
    },
  };
}

interface Commit {
  review: LiveReview;
  /** When the oldest event of the append was due. */
  dueAt: number;
  appendAt: number;
  result: AppendResult;
}

/**
 * Makes `rate` events/s due, `eventsPerAppend` at a time to each review in turn, and appends them the
 * way the EventWriter does: one append in flight per review, events that come due meanwhile go into
 * its next append. A slow database therefore gets bigger batches rather than a lower rate. Returns
 * when the time is up; `drained` resolves once every due event is stored.
 */
async function writeAtRate(
  db: Db,
  reviews: LiveReview[],
  plan: FanoutPlan,
  onCommit: (commit: Commit) => void,
): Promise<{ drained: Promise<void> }> {
  const queues = reviews.map((review) => ({ review, owed: 0, dueAt: 0, busy: false }));
  let failure: unknown;
  const launchIdle = () => {
    if (failure) throw failure;
    for (const queue of queues) {
      if (queue.busy || queue.owed === 0) continue;
      const { review, dueAt } = queue;
      const events = logLines(Math.min(queue.owed, 1_000), dueAt);
      queue.owed -= events.length;
      queue.dueAt = epochNow();
      queue.busy = true;
      const appendAt = epochNow();
      appendEvents(db, review, events).then(
        (result) => {
          queue.busy = false;
          onCommit({ review, dueAt, appendAt, result });
        },
        (error: unknown) => (failure ??= error),
      );
    }
  };
  const appendsPerSecond = plan.rate / plan.eventsPerAppend;
  const totalSeconds = plan.warmupSeconds + plan.seconds;
  const started = performance.now();
  let made = 0;
  for (let elapsed = 0; elapsed < totalSeconds; elapsed = (performance.now() - started) / 1000) {
    for (const due = Math.floor(elapsed * appendsPerSecond); made < due; made++) {
      const queue = queues[made % queues.length]!;
      if (queue.owed === 0) queue.dueAt = epochNow();
      queue.owed += plan.eventsPerAppend;
    }
    launchIdle();
    await sleep(2);
  }
  const drained = (async () => {
    for (let waited = 0; queues.some((q) => q.busy || q.owed > 0); waited++) {
      if (waited > 15_000) throw new Error('appends still pending 30 s after the writer stopped');
      launchIdle();
      await sleep(2);
    }
  })();
  return { drained };
}

/** Log lines of the size an engine writes (~150 bytes of JSON), as the ReviewLogger would store them. */
function logLines(count: number, at: number): EventToStore[] {
  const ts = new Date(at);
  return Array.from({ length: count }, (_, i) => ({
    eventId: null,
    ts,
    type: 'log',
    level: 'info',
    batchId: null,
    data: fanoutLogLine(i),
  }));
}

export interface IdleMemory {
  streams: number;
  failures: string[];
  rssBeforeKb: number;
  rssAfterKb: number;
  /** V8 heap in use after a full GC: live objects only. */
  heapBeforeKb: number | undefined;
  heapAfterKb: number | undefined;
  openMs: number;
}

/**
 * RSS of a separate server process before and after opening idle streams. A first small round warms
 * the stream path (JIT, pool connections, lazily loaded modules) so the difference is per stream.
 * RSS is read as it is (garbage included: what the machine pays); the heap after a forced GC.
 */
export async function measureIdleMemory(
  server: ServerProcess,
  clients: SseClients,
  targets: StreamTarget[],
  transport: Transport = 'sse',
): Promise<IdleMemory> {
  await clients.open(server.baseUrl, targets.slice(0, 50), 0, 50, transport);
  await sleep(500);
  await clients.closeStreams();
  await sleep(1_000);
  const rssBeforeKb = (await server.rssKb()) ?? Number.NaN;
  await server.collectGarbage();
  const heapBeforeKb = await server.heapUsedKb();
  const opened = await clients.open(server.baseUrl, targets, 0, 50, transport);
  await sleep(2_000);
  const rssAfterKb = (await server.rssKb()) ?? Number.NaN;
  await server.collectGarbage();
  const heapAfterKb = await server.heapUsedKb();
  const streams = opened.open;
  await clients.closeStreams();
  return {
    streams,
    failures: opened.failures,
    rssBeforeKb,
    rssAfterKb,
    heapBeforeKb,
    heapAfterKb,
    openMs: opened.ms,
  };
}
