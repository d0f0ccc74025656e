/**
 * The bare-Node fan-out baseline, measured in the same run as the real fan-out: the same client
 * process (SseClients), the same streams per review, rate, appends and frame sizes, but a server with
 * no database that writes each append to its subscribers as it is produced (bare-fanout-process.ts).
 * What the real run adds on top of this is ours; what both pay is the machine's. Reporting our p99
 * as a ratio to it keeps a busy machine from hiding or faking a regression.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BarePlan, BareReply, BareRequest } from './bare-fanout-process.ts';
import { busyCores, readMachineCpu } from './contention.ts';
import { DRAIN_MS, fanoutKey, type FanoutResult } from './live-sse.ts';
import { tsxExecArgv } from './server-process.ts';
import type { SseClients, StreamTarget } from './sse-clients.ts';

const childPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-fanout-process.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the baseline server, opens `streams` streams over `reviews` reviews through `clients`, runs
 * the plan and matches every frame to its production stamp. Reported like the real run (fromDue
 * equals fromCommit: nothing queues before production; no appends to time).
 */
export async function measureBareFanout(
  clients: SseClients,
  shape: { streams: number; reviews: number },
  plan: BarePlan,
): Promise<FanoutResult> {
  const child = fork(childPath, [], { execArgv: tsxExecArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { baseUrl } = (await ask(child, undefined, 'listening')) as Extract<BareReply, { type: 'listening' }>;
    // Review ids far from the real run's (fresh databases start at 1): nothing to confuse in a log.
    const reviewIds = Array.from({ length: shape.reviews }, (_, i) => 900_001 + i);
    const perReview = shape.streams / shape.reviews;
    const targets: StreamTarget[] = reviewIds.flatMap((reviewId) =>
      Array.from({ length: perReview }, () => ({ reviewId, token: 'none' })),
    );
    const opened = await clients.open(baseUrl, targets);
    await sleep(500); // as the real run waits for its streams' first catch-up
    const clientsCpuBefore = (await clients.collect()).cpuMs;
    const machineBefore = readMachineCpu();
    const ran = (await ask(child, { type: 'run', reviewIds, plan }, 'ran')) as Extract<BareReply, { type: 'ran' }>;
    const machineAfter = readMachineCpu();
    await sleep(DRAIN_MS);
    const arrivals = await clients.collect();

    const commits = new Map<number, number>();
    const { reviewIds: ids, seqs, times } = ran.commits;
    for (let i = 0; i < seqs.length; i++) commits.set(fanoutKey(ids[i]!, seqs[i]!), times[i]!);
    const fromCommit: number[] = [];
    for (let i = 0; i < arrivals.seqs.length; i++) {
      const commitAt = commits.get(fanoutKey(arrivals.reviewIds[i]!, arrivals.seqs[i]!));
      if (commitAt !== undefined) fromCommit.push(arrivals.times[i]! - commitAt);
    }
    await clients.closeStreams();
    await ask(child, { type: 'close' }, 'closed');
    return {
      fromCommit,
      fromDue: fromCommit,
      appendMs: [],
      committed: seqs.length,
      expected: seqs.length * perReview,
      delivered: fromCommit.length,
      achievedRate: seqs.length / ran.measuredSeconds,
      openMs: opened.ms,
      openFailures: opened.failures,
      stillOpen: arrivals.open,
      cpu: {
        writer: ran.cpuMs / ran.wallMs,
        server: undefined,
        clients: (arrivals.cpuMs - clientsCpuBefore) / (ran.wallMs + DRAIN_MS),
        machine: busyCores(machineBefore, machineAfter),
      },
      loopDelay: ran.loopDelay,
    };
  } finally {
    if (child.connected) child.disconnect();
  }
}

/** Sends `request` (none: only waits) and resolves with the first reply of type `expect`. */
function ask(child: ChildProcess, request: BareRequest | undefined, expect: BareReply['type']): Promise<BareReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: BareReply) => {
      if (message.type !== expect) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`bare fan-out process exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (request) child.send(request);
  });
}
