/**
 * Child process (forked by bare-fanout.ts): the bare-Node fan-out baseline. A node:http server with
 * no database, no framework and no auth that answers the stream URL the real app serves, and a
 * producer in the same process (as the one-process run has the writer next to the app) that makes
 * events at the planned rate and writes each append's frames to its review's subscribers the moment
 * it is produced. The commit stamp is taken when the events are produced, before any fan-out work,
 * as the real run stamps appendEvents resolving. Frames are built by the app's own frameText from an
 * envelope of the same shape, so they are the same size.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { frameText, sseHeaders } from '../../server/src/live/sse-writer.ts';
import { fanoutLogLine } from './fanout-log-line.ts';

/** Parent → child messages. */
export type BareRequest = { type: 'run'; reviewIds: number[]; plan: BarePlan } | { type: 'close' };

export interface BarePlan {
  rate: number;
  eventsPerAppend: number;
  warmupSeconds: number;
  seconds: number;
}

/** Measured-window events as parallel arrays: (review, seq, commit epoch ms). */
export interface BareCommits {
  reviewIds: number[];
  seqs: number[];
  times: number[];
}

export type BareReply =
  | { type: 'listening'; baseUrl: string }
  | {
      type: 'ran';
      commits: BareCommits;
      measuredSeconds: number;
      wallMs: number;
      cpuMs: number;
      subscribers: number;
      loopDelay: { p50: number; p99: number; max: number };
    }
  | { type: 'closed' };

const STREAM_PATH = /^\/api\/v1\/reviews\/(\d+)\/stream(?:\?|$)/;
const RETRY_MS = 3_000;
const LOOP_RESOLUTION_MS = 2;

const subscribers = new Map<number, Set<http.ServerResponse>>();
const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loopDelayMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_RESOLUTION_MS);

const server = http.createServer((request, response) => {
  const match = STREAM_PATH.exec(request.url ?? '');
  if (!match) {
    response.writeHead(404).end();
    return;
  }
  const reviewId = Number(match[1]);
  const set = subscribers.get(reviewId) ?? new Set();
  subscribers.set(reviewId, set);
  set.add(response);
  response.on('close', () => set.delete(response));
  response.writeHead(200, sseHeaders);
  response.write(`retry: ${RETRY_MS}\n\n: connected\n\n`);
});

/** One append: stamp, then one write of its frames to every subscriber (the real server writes a page per stream). */
function produce(reviewId: number, firstSeq: number, count: number, commits: BareCommits | undefined): void {
  const commitAt = epochNow();
  const time = new Date(commitAt).toISOString();
  let text = '';
  for (let seq = firstSeq; seq < firstSeq + count; seq++) {
    const data = { seq, reviewId, type: 'log', time, level: 'info', batchId: null, data: fanoutLogLine(seq - 1) };
    text += frameText({ id: seq, event: 'log', data });
    if (commits) {
      commits.reviewIds.push(reviewId);
      commits.seqs.push(seq);
      commits.times.push(commitAt);
    }
  }
  for (const response of subscribers.get(reviewId) ?? []) response.write(text);
}

/** The real run's schedule (live-sse.ts writeAtRate): appends come due every 2 ms tick, reviews in turn. */
async function run(reviewIds: number[], plan: BarePlan): Promise<BareReply> {
  const commits: BareCommits = { reviewIds: [], seqs: [], times: [] };
  const nextSeq = new Map(reviewIds.map((id) => [id, 1]));
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const appendsPerSecond = plan.rate / plan.eventsPerAppend;
  const totalSeconds = plan.warmupSeconds + plan.seconds;
  const measureFrom = epochNow() + plan.warmupSeconds * 1000;
  const started = performance.now();
  let made = 0;
  for (let elapsed = 0; elapsed < totalSeconds; elapsed = (performance.now() - started) / 1000) {
    for (const due = Math.floor(elapsed * appendsPerSecond); made < due; made++) {
      const reviewId = reviewIds[made % reviewIds.length]!;
      const first = nextSeq.get(reviewId)!;
      nextSeq.set(reviewId, first + plan.eventsPerAppend);
      produce(reviewId, first, plan.eventsPerAppend, epochNow() >= measureFrom ? commits : undefined);
    }
    await sleep(2);
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  return {
    type: 'ran',
    commits,
    measuredSeconds: (epochNow() - measureFrom) / 1000,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    subscribers: [...subscribers.values()].reduce((sum, set) => sum + set.size, 0),
    loopDelay: {
      p50: loopDelayMs(loop.percentile(50)),
      p99: loopDelayMs(loop.percentile(99)),
      max: loopDelayMs(loop.max),
    },
  };
}

const reply = (message: BareReply) => process.send!(message);

process.on('message', (message: BareRequest) => {
  void (async () => {
    if (message.type === 'run') {
      reply(await run(message.reviewIds, message.plan));
    } else {
      for (const set of subscribers.values()) for (const response of set) response.end();
      subscribers.clear();
      reply({ type: 'closed' });
    }
  })();
});
// The parent going away (a crash of the bench) must not leave the server behind.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  reply({ type: 'listening', baseUrl: `http://127.0.0.1:${address.port}` });
});
