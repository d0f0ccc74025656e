import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewSummary } from '@reviewtrace/contracts';
import { buildApp } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { startAiSimulator, type AiSimulator } from './demo/ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl } from './demo/ai-simulator/scenarios.ts';
import { makeOrg, makeUser, TEST_JWT_SECRET } from './testing/factories.ts';
import { startServer, tempDataDir, type RunningServer } from './testing/processes.ts';
import { cartTotalsDiff } from './testing/sample-diff.ts';
import { openSse, type SseFrame } from './testing/sse-client.ts';
import { createTestSchema, testDatabaseKind, testDatabaseUrl } from './testing/test-database.ts';

const SECRETS_KEY = 'shutdown-test-secrets-key!';

const common = { JWT_SECRET: TEST_JWT_SECRET, SECRETS_KEY, DEMO: '0', OUTBOUND_POLICY: 'open' };
/** The first process: its model stream stalls for longer than any test looks, so the review is mid-batch at SIGTERM. */
const stallsThrough = { STREAM_FIRST_CHUNK_MS: '600000', STREAM_STALL_MS: '600000', SHUTDOWN_GRACE_MS: '4000' };
/** The process that takes over: gives up on the stalled stream at once and gets the plain answer. */
const recovers = { STREAM_FIRST_CHUNK_MS: '300', STREAM_STALL_MS: '300' };

/** An org, its owner, a connector whose model stream stalls, and a queued review of a diff. */
async function seedStalledReview(database: Database, simulator: AiSimulator, dataDir: string) {
  // The uploaded diff is an artifact under DATA_DIR: the servers must find it there.
  const app = await buildApp({
    database,
    dataDir,
    jwtSecret: TEST_JWT_SECRET,
    secretsKey: SECRETS_KEY,
    logLevel: 'silent',
    webDist: '/nonexistent',
  });
  try {
    const owner = await makeUser(database.db, await makeOrg(database.db), 'owner');
    const headers = { authorization: `Bearer ${owner.token}` };
    const connector = await app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers,
      payload: {
        providerType: 'ollama',
        name: 'Stalls mid-stream',
        baseUrl: simulatorBaseUrl(simulator.url, 'ollama', 'stall-mid-stream'),
        model: 'reviewtrace-demo',
        streaming: true,
      },
    });
    expect(connector.statusCode).toBe(201);
    const review = await app.inject({
      method: 'POST',
      url: '/api/v1/reviews',
      headers,
      payload: { diff: cartTotalsDiff, title: 'Cart totals', connectorId: connector.json<{ id: number }>().id },
    });
    expect(review.statusCode).toBe(201);
    return { reviewId: review.json<ReviewSummary>().id, headers };
  } finally {
    await app.close();
  }
}

const seqsOf = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
const farewellOf = (frames: SseFrame[]) => ({
  retry: frames.find((f) => f.retry !== undefined)?.retry,
  said: frames.some((f) => f.comment === 'server shutting down; reconnect'),
});

describe(`SIGTERM mid-review on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  let simulator: AiSimulator;
  beforeAll(async () => {
    simulator = await startAiSimulator({ chunkDelayMs: 0 });
  });
  afterAll(() => simulator.close());

  // PGlite lives inside one process: the review finishes when the same data directory starts again.
  // PostgreSQL: a second worker process, already running, takes it over.
  it(`drains, exits 0, and the review finishes ${testDatabaseUrl ? 'on another worker' : 'after a restart'} with nothing lost`, async () => {
    const dataDir = tempDataDir();
    const schema = testDatabaseUrl ? await createTestSchema() : undefined;
    const database = await openDatabase(
      schema ? { databaseUrl: schema.url } : { dataDir: path.join(dataDir, 'pglite') },
    );
    await migrateToLatest(database.db);
    const { reviewId, headers } = await seedStalledReview(database, simulator, dataDir);
    // PGlite allows one process: the server gets the directory to itself.
    if (!schema) await database.close();
    // On PostgreSQL the processes share DATA_DIR as they would share a volume (or an S3 bucket).
    const where = { DATA_DIR: dataDir, ...(schema ? { DATABASE_URL: schema.url } : {}) };

    const servers: RunningServer[] = [];
    try {
      const first = await startServer({ ...common, ...where, ...stallsThrough });
      servers.push(first);
      const stream = await openSse(`${first.baseUrl}/api/v1/reviews/${reviewId}/stream`, headers);
      const beforeSignal = await stream.until((f) => f.event === 'model_call');
      const list = await openSse(`${first.baseUrl}/api/v1/reviews/stream`, headers);
      await list.until((f) => f.comment === 'connected');
      const second = schema ? await startServer({ ...common, ...where, ...recovers, ROLE: 'worker' }) : undefined;
      if (second) servers.push(second);

      const exited = first.stop();
      // Both streams end at once with a hint to come back in 3–6 s (spread so clients do not stampede).
      const afterSignal = await stream.rest();
      for (const farewell of [farewellOf(afterSignal), farewellOf(await list.rest())]) {
        expect(farewell.said).toBe(true);
        expect(farewell.retry).toBeGreaterThanOrEqual(3_000);
        expect(farewell.retry).toBeLessThan(6_000);
      }
      // Still draining (the stalled review holds it for most of the grace): not ready for new work.
      const ready = await fetch(`${first.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        error: { code: 'unavailable', message: 'The server is shutting down' },
      });
      // An exit within SHUTDOWN_GRACE_MS is 0; past it the process exits 1.
      expect(await exited).toBe(0);
      expect(first.output()).toContain('Shut down cleanly');

      const next = second ?? (await startServer({ ...common, ...where, ...recovers }));
      if (!second) servers.push(next);
      const seen = seqsOf([...beforeSignal, ...afterSignal]);
      const resumed = await openSse(`${next.baseUrl}/api/v1/reviews/${reviewId}/stream`, {
        ...headers,
        'last-event-id': String(seen.at(-1)),
      });
      const rest = await resumed.rest();
      const end = JSON.parse(rest.at(-1)!.data!) as { status: string; lastSeq: number };
      expect(rest.at(-1)!.event).toBe('end');
      expect(end.status).toBe('success');
      // Every event exactly once, in order, across the two connections.
      const all = [...seen, ...seqsOf(rest)];
      expect(all).toEqual(Array.from({ length: end.lastSeq }, (_, i) => i + 1));

      const page = await fetch(`${next.baseUrl}/api/v1/reviews/${reviewId}/events?limit=1000`, { headers });
      const events = ((await page.json()) as EventsPage).events;
      expect(events.map((e) => e.seq)).toEqual(all);
      // Handed back, not failed: a warning, then the second run to success.
      expect(events.filter((e) => e.type === 'status').map((e) => e.data['status'])).toEqual([
        'running',
        'running',
        'success',
      ]);
      expect(events.filter((e) => e.data['code'] === 'worker_lost').map((e) => e.level)).toEqual(['warn']);
    } finally {
      for (const server of servers) if (server.child.exitCode === null) await server.stop();
      if (schema) await database.close();
    }
  });
});
