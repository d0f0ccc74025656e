import { setTimeout as sleep } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { FaultRow } from './section.ts';
import {
  api,
  checkStore,
  commentsPostedTwice,
  createEngineReviews,
  statusCounts,
  waitReady,
  waitTerminal,
  type FaultWorld,
} from './fault-fixture.ts';
import { countDelivery, ResumingStream } from './resuming-sse.ts';

/** How big each row runs: the full run as the issue states it, `--quick` the same paths smaller. */
export interface FaultSize {
  reviews: number;
  clients: number;
  files: number;
  /** Streams held by the API process that is killed. */
  killedStreams: number;
  disconnects: number;
  disconnectEvents: number;
  /** 16 KB events fed past a client that stopped reading: far beyond the socket buffers either way. */
  slowConsumerEvents: number;
}

export const fullSize: FaultSize = {
  reviews: 20,
  clients: 200,
  files: 8,
  killedStreams: 1_000,
  disconnects: 1_000,
  disconnectEvents: 20_000,
  slowConsumerEvents: 4_000,
};
export const quickSize: FaultSize = {
  reviews: 4,
  clients: 20,
  files: 4,
  killedStreams: 60,
  disconnects: 50,
  disconnectEvents: 1_000,
  slowConsumerEvents: 1_500,
};

const TERMINAL_WITHIN_MS = 180_000;

/** Streams spread over the reviews, `perToken` per token (the per-user stream cap is 20). */
function openStreams(world: FaultWorld, bases: () => string[], ids: number[], count: number) {
  return Array.from({ length: count }, (_, i) => ({
    reviewId: ids[i % ids.length]!,
    stream: new ResumingStream(bases, ids[i % ids.length]!, world.tokens[Math.floor(i / 20)]!, world.agent).start(),
  }));
}

/** Resolves once every review has stored at least `events` events (the run is well under way). */
async function waitUnderWay(world: FaultWorld, ids: number[], events = 5): Promise<void> {
  for (;;) {
    const verdict = await checkStore(world, ids);
    if ([...verdict.lastSeqs.values()].every((seq) => seq >= events)) return;
    await sleep(100);
  }
}

/** The first frame any stream received after `since` (epoch ms), as ms after it. */
function firstFrameAfter(streams: { stream: ResumingStream }[], since: number): number | undefined {
  let first: number | undefined;
  for (const { stream } of streams) {
    const time = stream.times.find((t) => t > since);
    if (time !== undefined && (first === undefined || time < first)) first = time;
  }
  return first === undefined ? undefined : first - since;
}

/** Reviews end, streams end, and what everyone received is compared with the store. */
async function settle(world: FaultWorld, ids: number[], streams: { reviewId: number; stream: ResumingStream }[]) {
  const store = await waitTerminal(world, ids, TERMINAL_WITHIN_MS);
  const ended = await Promise.race([
    Promise.all(streams.map((s) => s.stream.done)).then(() => true),
    sleep(30_000).then(() => false),
  ]);
  const openStreamsLeft = ended ? 0 : streams.filter((s) => !s.stream.ended).length;
  streams.forEach((s) => s.stream.stop());
  const delivery = countDelivery(streams.map((s) => ({ stream: s.stream, lastSeq: store.lastSeqs.get(s.reviewId)! })));
  return {
    lost: delivery.lost,
    duplicated: delivery.duplicated + delivery.outOfOrder,
    stuck: store.stuck + openStreamsLeft + store.withGaps,
    reconnects: streams.reduce((n, s) => n + s.stream.reconnects, 0),
    statuses: statusCounts(store),
    store,
  };
}

/**
 * Sends one log event to an external review every 200 ms while `during` runs and counts the
 * answers: during an outage each must be a 503 with Retry-After, never a 500 and never a hang.
 */
async function probeIngestion(world: FaultWorld, base: string, reviewId: number, during: Promise<unknown>) {
  const answers = { accepted: 0, unavailable: 0, withRetryAfter: 0, other: 0, hangs: 0 };
  let running = true;
  void during.finally(() => (running = false));
  for (let i = 0; running; i++) {
    try {
      const reply = await api(world, base, 'POST', `/reviews/${reviewId}/events`, {
        events: [{ type: 'log', eventId: `probe-${i}`, data: { message: `probe ${i}` } }],
      });
      if (reply.status === 202 || reply.status === 200) answers.accepted++;
      else if (reply.status === 503) {
        answers.unavailable++;
        if (reply.headers.get('retry-after')) answers.withRetryAfter++;
      } else answers.other++;
    } catch {
      answers.hangs++;
    }
    await sleep(200);
  }
  return answers;
}

export async function postgresRestarted(
  world: FaultWorld,
  size: FaultSize,
  mode: 'fast' | 'immediate',
): Promise<FaultRow> {
  const server = await world.spawn('all', { ENGINE_CONCURRENCY: String(size.reviews) });
  const external = (await api(world, server.baseUrl, 'POST', '/reviews', { engine: 'external', title: 'probe' }))
    .body as {
    id: number;
  };
  const ids = await createEngineReviews(world, server.baseUrl, size.reviews, size.files);
  const streams = openStreams(world, () => [server.baseUrl], ids, size.clients);
  await waitUnderWay(world, ids);

  const faultAt = performance.timeOrigin + performance.now();
  const restart = world.pg.restart(mode);
  const outage = restart.then(() => waitReady(server.baseUrl));
  const probes = probeIngestion(
    world,
    server.baseUrl,
    external.id,
    outage.then(() => sleep(1_000)),
  );
  await outage;
  const readyMs = performance.timeOrigin + performance.now() - faultAt;
  const outcome = await settle(world, ids, streams);
  const ingest = await probes;
  await server.stop();
  const resumedMs = firstFrameAfter(streams, faultAt + readyMs) ?? 0;
  const badIngest = ingest.other + ingest.hangs + (ingest.unavailable - ingest.withRetryAfter);
  return {
    fault: `PostgreSQL restarted (${mode === 'fast' ? 'fast shutdown' : 'immediate, as a crash'})`,
    running: `${size.reviews} reviews, ${size.clients} SSE clients, 1 process`,
    lost: outcome.lost,
    duplicated: outcome.duplicated,
    stuck: outcome.stuck + badIngest,
    recoveredMs: readyMs + resumedMs,
    pass: outcome.lost + outcome.duplicated + outcome.stuck + badIngest === 0,
    detail:
      `ready again after ${Math.round(readyMs)} ms, streams delivering ${Math.round(resumedMs)} ms later; ` +
      `ingestion meanwhile: ${ingest.unavailable}× 503 (${ingest.withRetryAfter} with Retry-After), ` +
      `${ingest.other}× other, ${ingest.hangs} hangs, ${ingest.accepted} accepted; reviews: ${outcome.statuses}; ` +
      `${outcome.reconnects} stream reconnects`,
  };
}

export async function listenerLost(world: FaultWorld, size: FaultSize): Promise<FaultRow> {
  const server = await world.spawn('all', { ENGINE_CONCURRENCY: String(size.reviews) });
  const ids = await createEngineReviews(world, server.baseUrl, size.reviews, size.files);
  const streams = openStreams(world, () => [server.baseUrl], ids, size.clients);
  await waitUnderWay(world, ids);
  const faultAt = performance.timeOrigin + performance.now();
  const ended = await world.pg.terminateListeners();
  // Delivery must go on within one heartbeat (15 s) whatever the bus is doing.
  for (let waited = 0; firstFrameAfter(streams, faultAt) === undefined && waited < 15_000; waited += 50)
    await sleep(50);
  const resumedMs = firstFrameAfter(streams, faultAt) ?? Number.POSITIVE_INFINITY;
  const outcome = await settle(world, ids, streams);
  await server.stop();
  const late = resumedMs > 15_000 ? 1 : 0;
  return {
    fault: 'Listener lost (pg_terminate_backend of LISTEN)',
    running: `${size.reviews} reviews, ${size.clients} SSE clients, 1 process`,
    lost: outcome.lost,
    duplicated: outcome.duplicated,
    stuck: outcome.stuck + late,
    recoveredMs: resumedMs,
    pass: outcome.lost + outcome.duplicated + outcome.stuck + late === 0,
    detail: `${ended} LISTEN connection(s) ended; next frame after ${Math.round(resumedMs)} ms; reviews: ${outcome.statuses}`,
  };
}

export async function apiProcessKilled(world: FaultWorld, size: FaultSize): Promise<FaultRow> {
  const worker = await world.spawn('worker', { ENGINE_CONCURRENCY: String(size.reviews) });
  const doomed = await world.spawn('api');
  const survivor = await world.spawn('api');
  const ids = await createEngineReviews(world, survivor.baseUrl, size.reviews, size.files);
  // Every stream starts on the doomed process; the list says where to go once it is gone.
  const streams = openStreams(world, () => [doomed.baseUrl, survivor.baseUrl], ids, size.killedStreams);
  await waitUnderWay(world, ids);
  const faultAt = performance.timeOrigin + performance.now();
  doomed.kill9();
  for (let waited = 0; firstFrameAfter(streams, faultAt + 1) === undefined && waited < 30_000; waited += 50)
    await sleep(50);
  const resumedMs = firstFrameAfter(streams, faultAt) ?? Number.POSITIVE_INFINITY;
  const outcome = await settle(world, ids, streams);
  await Promise.all([worker.stop(), survivor.stop()]);
  return {
    fault: 'kill -9 of an API process',
    running: `${size.killedStreams} SSE clients on it, ${size.reviews} reviews on a worker, 2 API processes`,
    lost: outcome.lost,
    duplicated: outcome.duplicated,
    stuck: outcome.stuck,
    recoveredMs: resumedMs,
    pass: outcome.lost + outcome.duplicated + outcome.stuck === 0,
    detail: `${outcome.reconnects} reconnects with Last-Event-ID to the other process; reviews: ${outcome.statuses}`,
  };
}

export async function workerKilled(world: FaultWorld, size: FaultSize): Promise<FaultRow> {
  const api1 = await world.spawn('api');
  // A short lease so the review is taken over in seconds, as an operator of a busy cluster might set.
  const workerEnv = { ENGINE_CONCURRENCY: String(size.reviews), ENGINE_LEASE_MS: '5000' };
  const doomed = await world.spawn('worker', workerEnv);
  const ids = await createEngineReviews(world, api1.baseUrl, size.reviews, size.files);
  await waitUnderWay(world, ids, 8);
  const survivor = await world.spawn('worker', workerEnv);
  const streams = openStreams(world, () => [api1.baseUrl], ids, Math.min(size.clients, ids.length * 5));
  const faultAt = performance.now();
  doomed.kill9();
  const outcome = await settle(world, ids, streams);
  const recoveredMs = performance.now() - faultAt;
  const twice = await commentsPostedTwice(world, ids);
  await Promise.all([api1.stop(), survivor.stop()]);
  return {
    fault: 'kill -9 of a worker mid-batch',
    running: `${size.reviews} reviews on it, a second worker, 1 API process`,
    lost: outcome.lost,
    duplicated: outcome.duplicated + twice,
    stuck: outcome.stuck,
    recoveredMs,
    pass: outcome.lost + outcome.duplicated + twice + outcome.stuck === 0,
    detail: `all terminal ${Math.round(recoveredMs)} ms after the kill (lease 5 s); reviews: ${outcome.statuses}; comments posted twice: ${twice}`,
  };
}

/** Opens an external review and returns a function that appends `count` log events of `bytes` each. */
async function externalReview(world: FaultWorld, base: string) {
  const { id } = (await api(world, base, 'POST', '/reviews', { engine: 'external', title: 'Fault suite feed' }))
    .body as { id: number };
  const send = async (events: unknown[]) => {
    const reply = await api(world, base, 'POST', `/reviews/${id}/events`, { events });
    if (reply.status !== 200) throw new Error(`ingest: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  await send([{ type: 'status', data: { status: 'running' } }]);
  return {
    id,
    async logs(count: number, bytes = 80, perPost = 200) {
      for (let sent = 0; sent < count; sent += perPost) {
        const n = Math.min(perPost, count - sent);
        await send(
          Array.from({ length: n }, (_, i) => ({
            type: 'log',
            data: { message: `line ${sent + i + 1} `.padEnd(bytes, '.') },
          })),
        );
      }
    },
    finish: () => send([{ type: 'status', data: { status: 'success' } }]),
  };
}

export async function forcedDisconnects(world: FaultWorld, size: FaultSize): Promise<FaultRow> {
  const server = await world.spawn('api');
  const feed = await externalReview(world, server.baseUrl);
  const every = Math.max(1, Math.floor(size.disconnectEvents / size.disconnects));
  let dropped = 0;
  let nextDropAt = every;
  const stream: ResumingStream = new ResumingStream(
    () => [server.baseUrl],
    feed.id,
    world.tokens[0]!,
    world.agent,
    10,
    (seq) => {
      // One drop per connection: the frames still in the dropped connection's last chunk are ignored.
      if (seq >= nextDropAt && dropped < size.disconnects && stream.reconnects >= dropped) {
        dropped++;
        nextDropAt = seq + every;
        stream.forceDisconnect();
      }
    },
  ).start();
  const started = performance.now();
  await feed.logs(size.disconnectEvents, 80, 100);
  await feed.finish();
  const ended = await Promise.race([stream.done.then(() => true), sleep(120_000).then(() => false)]);
  const elapsedMs = performance.now() - started;
  stream.stop();
  const store = await checkStore(world, [feed.id]);
  const lastSeq = store.lastSeqs.get(feed.id)!;
  const delivery = countDelivery([{ stream, lastSeq }]);
  await server.stop();
  const stuck = (ended ? 0 : 1) + store.withGaps;
  return {
    fault: `${dropped.toLocaleString('en')} forced disconnects of one SSE client`,
    running: `1 review fed ${size.disconnectEvents.toLocaleString('en')} events by ingestion`,
    lost: delivery.lost,
    duplicated: delivery.duplicated + delivery.outOfOrder,
    stuck,
    recoveredMs: elapsedMs / Math.max(1, dropped),
    pass: delivery.lost + delivery.duplicated + delivery.outOfOrder + stuck === 0 && dropped === size.disconnects,
    detail:
      `received ${new Set(stream.seqs).size.toLocaleString('en')} distinct seqs of ${lastSeq.toLocaleString('en')} in ` +
      `${Math.round(elapsedMs)} ms over ${stream.reconnects} reconnects ("recovered in" = mean time per reconnect)`,
  };
}

async function slowDrops(base: string): Promise<number> {
  const text = await fetch(`${base}/metrics`).then((r) => r.text());
  return Number(/^sse_slow_clients_dropped_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/** The highest RSS of `pid` while `work` runs, sampled every 100 ms. */
async function rssPeakWhile(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = await rssKb(pid);
  const sampler = setInterval(() => void rssKb(pid).then((kb) => (peak = Math.max(peak, kb))), 100);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, await rssKb(pid));
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
}

export async function slowConsumer(world: FaultWorld, size: FaultSize): Promise<FaultRow> {
  const slowClientMs = 5_000;
  const server = await world.spawn('api', { STREAM_SLOW_CLIENT_MS: String(slowClientMs) });
  const pid = server.child.pid!;
  // Control: the same feed read by one healthy client, so the peak below is compared with what
  // ingestion and a reader cost anyway (V8 keeps heap it grew), not with an idle process.
  const control = await externalReview(world, server.baseUrl);
  const reader = new ResumingStream(() => [server.baseUrl], control.id, world.tokens[0]!, world.agent).start();
  const controlPeak = await rssPeakWhile(pid, async () => {
    await control.logs(size.slowConsumerEvents, 16_000, 50);
    await control.finish();
    await reader.done;
  });

  const feed = await externalReview(world, server.baseUrl);
  const healthy = new ResumingStream(() => [server.baseUrl], feed.id, world.tokens[0]!, world.agent).start();
  // A client that opens the stream and never reads a byte: a frozen tab, a dead NAT entry.
  const url = new URL(server.baseUrl);
  const stalled = connect(Number(url.port), url.hostname);
  stalled.pause();
  stalled.on('error', () => undefined);
  stalled.write(
    `GET /api/v1/reviews/${feed.id}/stream HTTP/1.1\r\nHost: ${url.host}\r\n` +
      `Authorization: Bearer ${world.tokens[1]}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  let fedAt = 0;
  let droppedAt: number | undefined;
  const stalledPeak = await rssPeakWhile(pid, async () => {
    // Far more than the loopback socket buffers hold (several MB each way), so the server must wait.
    await feed.logs(size.slowConsumerEvents, 16_000, 50);
    fedAt = performance.now();
    // The drop, as the server counts it (a paused socket may not see the close until it reads).
    while (droppedAt === undefined && performance.now() - fedAt < slowClientMs * 3 + 10_000) {
      if ((await slowDrops(server.baseUrl)) > 0) droppedAt = performance.now();
      else await sleep(100);
    }
  });
  await feed.finish();
  const ended = await Promise.race([healthy.done.then(() => true), sleep(60_000).then(() => false)]);
  healthy.stop();
  stalled.destroy();
  const store = await checkStore(world, [feed.id]);
  const delivery = countDelivery([{ stream: healthy, lastSeq: store.lastSeqs.get(feed.id)! }]);
  await server.stop();
  const growthMb = (stalledPeak - controlPeak) / 1024;
  // Bounded: a stalled stream holds at most one catch-up page it could not write, never the feed.
  const unbounded = growthMb > 64 ? 1 : 0;
  const stuck = (droppedAt === undefined ? 1 : 0) + (ended ? 0 : 1) + unbounded;
  return {
    fault: 'Slow consumer (a client that stops reading)',
    running: `1 review fed ${size.slowConsumerEvents.toLocaleString('en')} × 16 KB events, 1 healthy client beside it`,
    lost: delivery.lost,
    duplicated: delivery.duplicated + delivery.outOfOrder,
    stuck,
    recoveredMs: droppedAt === undefined ? Number.POSITIVE_INFINITY : droppedAt - fedAt,
    pass: delivery.lost + delivery.duplicated + delivery.outOfOrder + stuck === 0,
    detail:
      `stalled client ${droppedAt === undefined ? 'NOT dropped' : `dropped (STREAM_SLOW_CLIENT_MS=${slowClientMs})`}; ` +
      `server RSS peak ${Math.round(controlPeak / 1024)} MB with a healthy reader only, ` +
      `${Math.round(stalledPeak / 1024)} MB with the stalled client too (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)}); ` +
      `the healthy client got every event ("recovered in" = from the last event sent to the drop)`,
  };
}
