/**
 * "webhooks" section (PostgreSQL): a git host's deliveries through the receivers, the queue and the
 * engine, on the whole path of a shared server (app on loopback, event bus, engine with the
 * restricted outbound policy, fake GitHub Enterprise, AI simulator).
 *
 * 1. receive → 202 at 200 deliveries/s, signature check included, beside a bare Node server that
 *    reads the same bodies and checks the same signatures in the same run;
 * 2. receive → review claimed by a worker, beside a bare PostgreSQL NOTIFY → LISTEN round trip;
 * 3. a push storm (1,000 pushes to 100 PRs in 10 s): exactly one active review per PR when it
 *    ends, every other superseded, no comment posted twice or by a superseded run.
 */
import { sql } from 'kysely';
import pg from 'pg';
import type { EngineSettings } from '../server/src/engine/engine.ts';
import { contentionNote } from './lib/contention.ts';
import { latencyRow, metric } from './lib/live-tables.ts';
import { log } from './lib/log.ts';
import { summarize } from './lib/percentiles.ts';
import { sectionBenchUrl } from './lib/postgres.ts';
import type { BenchOptions, MetricRow, ResultRow, ResultTable, SectionResult } from './lib/section.ts';
import {
  sendAtRate,
  signedPush,
  startBareReceiver,
  type SentDelivery,
  type SignedDelivery,
} from './lib/webhook-deliveries.ts';
import { openWebhookFixture, type WebhookFixture } from './lib/webhook-fixture.ts';
import { activeReviewsPerPull, postsPerPull, pullNumberOf, reviewEndings, waitTerminal } from './lib/webhook-storm.ts';

interface WebhookPlan {
  intake: { deliveries: number; perSecond: number; warmup: number };
  claim: { deliveries: number; perSecond: number };
  storm: { pulls: number; pushesPerPull: number; seconds: number };
  drainMs: number;
}

const plans: Record<'quick' | 'full', WebhookPlan> = {
  quick: {
    intake: { deliveries: 300, perSecond: 200, warmup: 100 },
    claim: { deliveries: 30, perSecond: 10 },
    storm: { pulls: 20, pushesPerPull: 5, seconds: 2 },
    drainMs: 90_000,
  },
  full: {
    intake: { deliveries: 2_000, perSecond: 200, warmup: 600 },
    claim: { deliveries: 200, perSecond: 10 },
    storm: { pulls: 100, pushesPerPull: 10, seconds: 10 },
    drainMs: 240_000,
  },
};

/** The server's defaults (config.ts) with ENGINE_CONCURRENCY raised to what a worker host with spare cores would run. */
const engineSettings: EngineSettings = { concurrency: 4, batchConcurrency: 2, batchTokenBudget: 6_000, timeouts: {} };

/** Pull request numbers no fake pull has: their reviews are queued but never run (the intake case runs no engine). */
const INTAKE_PULL_BASE = 100_000;

export async function runWebhooks(options: BenchOptions): Promise<SectionResult> {
  const plan = plans[options.quick ? 'quick' : 'full'];
  const fixture = await openWebhookFixture(Math.max(plan.storm.pulls, 10), 0);
  try {
    const intake = await intakeCase(fixture, plan);
    const claim = await claimCase(fixture, plan);
    const storm = await stormCase(fixture, plan, claim.postsPerCompleted);
    return {
      section: 'webhooks',
      tables: [intake.table, claim.table, storm],
      meta: { plan, engineSettings },
    };
  } finally {
    await fixture.close();
  }
}

const hookUrl = (fixture: WebhookFixture) => `${fixture.origin}/api/v1/hooks/github/${fixture.hook.id}`;
const webOrigin = (fixture: WebhookFixture) => new URL(fixture.github.origin).origin;
let shaCounter = 0;
const nextSha = () => (shaCounter++).toString(16).padStart(40, 'c');

/** Sends a push to PR `numberAt(i)` with a new head for each i, open loop at `perSecond`. */
function sendPushes(
  fixture: WebhookFixture,
  url: string,
  count: number,
  perSecond: number,
  numberAt: (index: number) => number,
): Promise<SentDelivery[]> {
  const push = (index: number): SignedDelivery =>
    signedPush(fixture.hook.secret, webOrigin(fixture), numberAt(index), nextSha(), fixture.hook.id);
  return sendAtRate(url, count, perSecond, push);
}

function assertAnswered(sent: SentDelivery[], what: string): void {
  const wrong = sent.filter((s) => s.status !== 202);
  if (wrong.length) throw new Error(`${what}: ${wrong.length} deliveries answered ${wrong[0]?.status}, not 202`);
}

/** Case 1: the receiver alone (no engine): verify, record, queue, answer. */
async function intakeCase(fixture: WebhookFixture, plan: WebhookPlan): Promise<{ table: ResultTable }> {
  const { deliveries, perSecond } = plan.intake;
  const fresh = (offset: number) => (index: number) => INTAKE_PULL_BASE + offset + index;
  log(`webhooks: ${deliveries} deliveries at ${perSecond}/s to a bare receiver, then to the app`);
  const bare = await startBareReceiver(fixture.hook.secret);
  await sendPushes(fixture, bare.url, plan.intake.warmup, perSecond, fresh(0)); // warm-up
  const bareSent = await sendPushes(fixture, bare.url, deliveries, perSecond, fresh(0));
  await bare.close();

  // Warm-up: JIT, the pool's connections, prepared plans; a server that takes webhooks is warm.
  await sendPushes(fixture, hookUrl(fixture), plan.intake.warmup, perSecond, fresh(0));
  fixture.app.serverMs.clear();
  const appSent = await sendPushes(fixture, hookUrl(fixture), deliveries, perSecond, fresh(1_000_000));
  assertAnswered(appSent, 'intake');
  const serverMs = fixture.app.serverMs.get(new URL(hookUrl(fixture)).pathname) ?? [];
  // Nothing runs these: end them so the later cases' engine starts with an empty queue.
  await sql`UPDATE reviews SET status = 'canceled', completed_at = now() WHERE status = 'created'`.execute(
    fixture.database.db,
  );

  const server = summarize(serverMs);
  const appRow: ResultRow = {
    ...latencyRow(
      'app: receive → 202 (verify, record, queue)',
      appSent.map((s) => s.ms),
      { ms: 50, on: 'p99' },
      `${deliveries} pull_request synchronize deliveries, one new PR each, ${perSecond}/s open loop`,
    ),
    serverP50: server.p50,
    serverP95: server.p95,
  };
  return {
    table: {
      title: `webhooks · receive → 202 · ${perSecond} deliveries/s · PostgreSQL`,
      notes: [
        `database ${new URL(sectionBenchUrl('webhooks')).pathname.slice(1)}; GitHub's example pull_request payload (${appSent[0]?.bodyBytes ?? 0} bytes), X-Hub-Signature-256 over the raw body`,
        'baseline: a bare Node HTTP server reading the same bodies and verifying them with @octokit/webhooks-methods, same rate',
        contentionNote(),
      ],
      rows: [
        latencyRow(
          'baseline: bare Node, verify → 202',
          bareSent.map((s) => s.ms),
          undefined,
          'same deliveries and rate',
        ),
        appRow,
      ],
    },
  };
}

/** Case 2: deliveries a free worker picks up; claim time is the review's started_at (set by the claim). */
async function claimCase(
  fixture: WebhookFixture,
  plan: WebhookPlan,
): Promise<{ table: ResultTable; postsPerCompleted: number }> {
  const { deliveries, perSecond } = plan.claim;
  const pulls = Math.max(plan.storm.pulls, 10);
  log(
    `webhooks: ${deliveries} deliveries at ${perSecond}/s with an engine (concurrency ${engineSettings.concurrency})`,
  );
  const baseline = await notifyRoundTrips(deliveries, perSecond);
  fixture.startEngine(engineSettings);
  const hostMark = fixture.github.requests.length;
  const sent = await sendPushes(fixture, hookUrl(fixture), deliveries, perSecond, (i) => (i % pulls) + 1);
  assertAnswered(sent, 'claim');
  const ids = sent.map((s) => s.reviewId).filter((id): id is number => id !== null);
  const unfinished = await waitTerminal(fixture.database.db, ids, performance.now() + plan.drainMs);
  const started = await fixture.database.db
    .selectFrom('reviews')
    .select(['id', 'started_at', 'status'])
    .where('id', 'in', ids)
    .execute();
  const startedAt = new Map(started.map((row) => [row.id, row.started_at]));
  const claimMs = sent.flatMap((s) => {
    const at = s.reviewId === null ? null : startedAt.get(s.reviewId);
    return at ? [at.getTime() - s.sentAtEpochMs] : [];
  });
  const completed = started.filter((row) => row.status === 'completed').length;
  const posts = [...postsPerPull(fixture.github, hostMark).values()].reduce((a, b) => a + b, 0);
  const postsPerCompleted = completed ? Math.round(posts / completed) : 1;
  return {
    postsPerCompleted,
    table: {
      title: `webhooks · receive → claimed by a worker · ${perSecond} deliveries/s · PostgreSQL`,
      notes: [
        `engine in the same process: concurrency ${engineSettings.concurrency}, batch concurrency ${engineSettings.batchConcurrency}; the AI simulator answers at once; reviews fetch the PR at the fake GitHub and post back`,
        'claim time: the review row’s started_at (now() of the claiming transaction) − the send time, same machine clock (ms resolution)',
        'baseline: a bare NOTIFY on one PostgreSQL connection → the LISTEN on another, same rate (the wake-up a claim rides on)',
        contentionNote(),
      ],
      rows: [
        latencyRow('baseline: NOTIFY → LISTEN', baseline, undefined, `${deliveries} notifications, ${perSecond}/s`),
        latencyRow('app: receive → claimed', claimMs, { ms: 500, on: 'p99' }, `${deliveries} pushes to ${pulls} PRs`),
      ],
      metrics: [
        metric('reviews completed', completed, 'reviews', { n: ids.length }),
        metric('reviews not terminal at the deadline', unfinished, 'reviews', { atMost: 0 }),
        metric('posts at the fake host per completed review', postsPerCompleted, 'requests', { n: posts }),
      ],
    },
  };
}

/** Case 3: pushes round-robin over the PRs; each PR gets a new head every `seconds / pushesPerPull`. */
async function stormCase(fixture: WebhookFixture, plan: WebhookPlan, postsPerCompleted: number): Promise<ResultTable> {
  const { pulls, pushesPerPull, seconds } = plan.storm;
  const total = pulls * pushesPerPull;
  const perSecond = total / seconds;
  log(`webhooks: ${total} pushes to ${pulls} PRs in ${seconds} s`);
  const hostMark = fixture.github.requests.length;
  const started = performance.now();
  const sent = await sendPushes(fixture, hookUrl(fixture), total, perSecond, (i) => (i % pulls) + 1);
  assertAnswered(sent, 'storm');
  const ids = sent.map((s) => s.reviewId).filter((id): id is number => id !== null);
  const active = await activeReviewsPerPull(fixture.database.db, ids);
  const notOne = [...active.values()].filter((count) => count !== 1).length;
  const unfinished = await waitTerminal(fixture.database.db, ids, performance.now() + plan.drainMs);
  const drainedMs = performance.now() - started;

  const endings = await reviewEndings(fixture.database.db, ids);
  const superseded = endings.filter((e) => e.status === 'canceled' && e.supersededBy !== null).length;
  const completedByPull = new Map<number, number>();
  for (const e of endings.filter((e) => e.status === 'completed'))
    completedByPull.set(pullNumberOf(e.prUrl), (completedByPull.get(pullNumberOf(e.prUrl)) ?? 0) + 1);
  const completed = [...completedByPull.values()].reduce((a, b) => a + b, 0);
  const failed = endings.filter((e) => e.status === 'failed').length;
  const canceledOtherwise = endings.filter((e) => e.status === 'canceled' && e.supersededBy === null).length;
  const posts = postsPerPull(fixture.github, hostMark);
  // Posts beyond what the PR's completed reviews account for: a superseded run or a second worker posting.
  let extraPosts = 0;
  for (const [number, count] of posts)
    extraPosts += Math.max(0, count - (completedByPull.get(number) ?? 0) * postsPerCompleted);
  const postedBySuperseded = endings.filter((e) => e.status === 'canceled' && e.commentsUrl !== null).length;

  const rows: ResultRow[] = [
    latencyRow(
      'app: receive → 202 during the storm (lock, supersede, queue)',
      sent.map((s) => s.ms),
      // Informational: the engine runs in this same process (ROLE=all) at full speed against an
      // instant simulator, so the receiver shares one event loop with four busy reviews.
      undefined,
      `${perSecond}/s, each PR pushed every ${((seconds / pushesPerPull) * 1000).toFixed(0)} ms`,
    ),
  ];
  const metrics: MetricRow[] = [
    metric('PRs without exactly one active review after the last push', notOne, 'PRs', { atMost: 0, n: active.size }),
    metric('reviews superseded', superseded, 'reviews', { n: ids.length }),
    metric('reviews completed (the last of each PR, or one finished before the next push)', completed, 'reviews', {
      atLeast: pulls,
    }),
    metric('reviews failed', failed, 'reviews', { atMost: 0 }),
    metric('reviews canceled other than by a push', canceledOtherwise, 'reviews', { atMost: 0 }),
    metric('reviews not terminal at the deadline', unfinished, 'reviews', { atMost: 0 }),
    metric('posts beyond one per completed review (duplicates)', extraPosts, 'posts', { atMost: 0 }),
    metric('superseded reviews that posted', postedBySuperseded, 'reviews', { atMost: 0 }),
    metric('first push → every review terminal', Math.round(drainedMs), 'ms'),
  ];
  return {
    title: `webhooks · ${total} pushes to ${pulls} PRs in ${seconds} s · PostgreSQL`,
    notes: [
      `engine concurrency ${engineSettings.concurrency}: most pushes find their PR's review still queued, some running (canceled through the bus)`,
      'receive → 202 here is informational: the engine shares the receiver’s process and event loop (ROLE=all); the target is case 1’s',
      contentionNote(),
    ],
    rows,
    metrics,
  };
}

/** The bare baseline of the claim: one connection NOTIFYs, another LISTENs; open loop at `perSecond`. */
async function notifyRoundTrips(count: number, perSecond: number): Promise<number[]> {
  const url = sectionBenchUrl('webhooks');
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  let all: () => void = () => {};
  const done = new Promise<void>((resolve) => (all = resolve));
  listener.on('notification', (message) => {
    const at = sentAt.get(message.payload ?? '');
    if (at !== undefined) samples.push(performance.now() - at);
    if (samples.length === count) all();
  });
  await listener.query('LISTEN bench_webhook_baseline');
  const start = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt.set(String(i), performance.now());
    sends.push(sender.query(`NOTIFY bench_webhook_baseline, '${i}'`));
  }
  // The listener may hear a NOTIFY before its sender's query answers: wait for both sides.
  await Promise.all([done, ...sends]);
  await Promise.all([listener.end(), sender.end()]);
  return samples;
}
