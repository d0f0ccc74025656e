import { setTimeout as sleep } from 'node:timers/promises';
import {
  commentsPostedTwice,
  createEngineReviews,
  statusCounts,
  waitTerminal,
  type FaultProcess,
  type FaultWorld,
} from './fault-fixture.ts';
import { log } from './log.ts';
import { summarize } from './percentiles.ts';
import { countDelivery, ResumingStream } from './resuming-sse.ts';
import type { MetricRow, ResultRow, ResultTable } from './section.ts';

export interface ClusterPlan {
  reviews: number;
  clients: number;
  /** How long a process is killed and restarted every 5 s. */
  churnSeconds: number;
  files: number;
}

const CHURN_EVERY_MS = 5_000;
/** Frames arriving this soon after their client (re)connected count as catch-up, not live delivery. */
const CATCH_UP_WINDOW_MS = 2_000;
/** Short timeouts so stalls, rate limits and failures play out within the run, as an operator might tune. */
const workerEnv = {
  ENGINE_CONCURRENCY: '8',
  ENGINE_LEASE_MS: '5000',
  STREAM_FIRST_CHUNK_MS: '2000',
  STREAM_STALL_MS: '2000',
  REQUEST_TIMEOUT_MS: '10000',
  MAX_ATTEMPTS: '2',
};

export async function runCluster(world: FaultWorld, plan: ClusterPlan, postgres: string): Promise<ResultTable> {
  const apis: FaultProcess[] = await Promise.all([world.spawn('api'), world.spawn('api'), world.spawn('api')]);
  const workers: FaultProcess[] = await Promise.all([
    world.spawn('worker', workerEnv),
    world.spawn('worker', workerEnv),
  ]);
  // The mix: 6 in 10 healthy, then a stalled stream (falls back), a rate limit (retried), a failure.
  const mix = [
    ...Array<number>(6).fill(world.connectorId),
    await world.addConnector('stall-mid-stream', { framesBeforeStall: 3 }),
    await world.addConnector('rate-limit-then-success', { failures: 1, retryAfterSeconds: 1, id: 'cluster' }),
    await world.addConnector('rate-limit-then-success', { failures: 1, retryAfterSeconds: 1, id: 'cluster-2' }),
    await world.addConnector('server-error', { status: 500 }),
  ];
  const startedAt = performance.now();
  const ids = await createEngineReviews(world, apis[0]!.baseUrl, plan.reviews, plan.files, (i) => mix[i % mix.length]!);
  log(`cluster: ${ids.length} reviews queued, ${plan.clients} clients connecting`);

  // A load balancer: each client starts on "its" API process and moves on when that one is gone.
  const streams = Array.from({ length: plan.clients }, (_, i) => {
    const reviewId = ids[i % ids.length]!;
    const bases = () => {
      const urls = apis.map((p) => p.baseUrl);
      return [...urls.slice(i % urls.length), ...urls.slice(0, i % urls.length)];
    };
    return {
      reviewId,
      stream: new ResumingStream(bases, reviewId, world.tokens[Math.floor(i / 20)]!, world.agent).start(),
    };
  });

  // Churn: kill -9 one process every 5 s (API and worker in turn) and start a new one in its place.
  const kills: string[] = [];
  for (let round = 0; round * CHURN_EVERY_MS < plan.churnSeconds * 1000; round++) {
    await sleep(CHURN_EVERY_MS);
    const pool = round % 2 === 0 ? apis : workers;
    const index = Math.floor(round / 2) % pool.length;
    const victim = pool[index]!;
    victim.kill9();
    kills.push(`${victim.role} ${index + 1}`);
    pool[index] = await world.spawn(victim.role, victim.role === 'worker' ? workerEnv : {});
  }
  log(`cluster: churn over (${kills.length} kills), waiting for every review to end`);

  const store = await waitTerminal(world, ids, 300_000);
  const finishedAt = performance.now();
  await Promise.race([Promise.all(streams.map((s) => s.stream.done)), sleep(60_000)]);
  const unfinishedStreams = streams.filter((s) => !s.stream.ended).length;
  streams.forEach((s) => s.stream.stop());
  const delivery = countDelivery(streams.map((s) => ({ stream: s.stream, lastSeq: store.lastSeqs.get(s.reviewId)! })));
  const { all: latencies, live } = await commitToFrame(world, streams);
  const failures = await failureCategories(world, ids);
  const twice = await commentsPostedTwice(world, ids);
  const minutes = (finishedAt - startedAt) / 60_000;
  const latencyRow = (name: string, samples: number[], detail: string): ResultRow => {
    const s = summarize(samples);
    return { case: name, n: s.n, p50: s.p50, p95: s.p95, p99: s.p99, pass: true, detail };
  };
  const rows: ResultRow[] = [
    latencyRow('commit → frame, every frame', latencies, 'event ts (stored at commit) to arrival, catch-up included'),
    latencyRow(
      'commit → frame, live frames',
      live,
      `frames not within ${CATCH_UP_WINDOW_MS / 1000} s after their client (re)connected`,
    ),
  ];
  const metric = (name: string, value: number, unit: string, atMost?: number): MetricRow => ({
    case: name,
    value,
    unit,
    ...(atMost === undefined ? {} : { target: { atMost } }),
    pass: atMost === undefined || value <= atMost,
  });
  const metrics: MetricRow[] = [
    metric('reviews per minute', plan.reviews / minutes, 'reviews/min'),
    metric('reviews not terminal', store.stuck, 'reviews', 0),
    metric('reviews with gaps in their stored seqs', store.withGaps, 'reviews', 0),
    metric('events a client never received', delivery.lost, 'events', 0),
    metric('events a client received twice or out of order', delivery.duplicated + delivery.outOfOrder, 'events', 0),
    metric('streams that never ended', unfinishedStreams, 'streams', 0),
    metric('comments posted twice (a review run by two workers at once)', twice, 'comments', 0),
  ];
  return {
    title: `cluster · 3 API + 2 worker processes · private ${postgres}`,
    notes: [
      `${plan.reviews} reviews of ${plan.files} files (6/10 healthy, 1/10 stalled stream, 2/10 rate-limited once, 1/10 provider 500), ` +
        `${plan.clients} SSE clients over the API processes; kill -9 and restart every 5 s for ${plan.churnSeconds} s: ${kills.join(', ')}`,
      `workers: ${Object.entries(workerEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join(
          ' ',
        )}; outcomes: ${statusCounts(store)} (failed: ${failures}); ${streams.reduce((n, s) => n + s.stream.reconnects, 0)} stream reconnects; ` +
        `${Math.round(minutes * 60)} s from the first review queued to the last one ended`,
    ],
    rows,
    metrics,
  };
}

/** Arrival minus the stored `ts` of every frame every client received. */
async function commitToFrame(world: FaultWorld, streams: { reviewId: number; stream: ResumingStream }[]) {
  const reviewIds = [...new Set(streams.map((s) => s.reviewId))];
  const rows = await world.database.db
    .selectFrom('review_events')
    .select(['review_id', 'seq', 'ts'])
    .where('review_id', 'in', reviewIds)
    .execute();
  const committed = new Map(rows.map((row) => [`${row.review_id}:${row.seq}`, row.ts.getTime()]));
  const all: number[] = [];
  const live: number[] = [];
  for (const { reviewId, stream } of streams) {
    stream.seqs.forEach((seq, i) => {
      const ts = committed.get(`${reviewId}:${seq}`);
      if (ts === undefined) return;
      const arrived = stream.times[i]!;
      all.push(arrived - ts);
      const catchingUp = stream.connectTimes.some((at) => arrived >= at && arrived - at < CATCH_UP_WINDOW_MS);
      if (!catchingUp) live.push(arrived - ts);
    });
  }
  return { all, live };
}

/** "20 provider_error, 1 worker_lost": why the failed reviews failed. */
async function failureCategories(world: FaultWorld, ids: number[]): Promise<string> {
  const rows = await world.database.db
    .selectFrom('reviews')
    .select((eb) => ['error_category', eb.fn.countAll<string>().as('n')])
    .where('id', 'in', ids)
    .where('status', '=', 'failed')
    .groupBy('error_category')
    .execute();
  return rows.map((row) => `${row.n} ${row.error_category ?? 'uncategorized'}`).join(', ') || 'none';
}
