import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewSummary } from '@reviewtrace/contracts';
import { fastEngineSettings, startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { openSse } from '../testing/sse-client.ts';
import { cartTotalsDiff } from '../testing/sample-diff.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

/** Timeouts no test run reaches: a stalled stream stays stalled for as long as a test looks. */
const patientTimeouts = { ...fastEngineSettings.timeouts, firstChunkMs: 600_000, stallMs: 600_000 };

describe(`a worker shutting down on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await startEngineHarness();
  });
  afterEach(() => h.close());

  const createReview = async (connectorId: number) => {
    const response = await h.api('POST', '/reviews', { diff: cartTotalsDiff, title: 'Cart totals', connectorId });
    expect(response.status).toBe(201);
    return (response.json as ReviewSummary).id;
  };
  /** Resolves once the review's first model call has started: it is running, mid-batch. */
  const modelCallStarted = async (reviewId: number) => {
    const sse = await openSse(`${h.baseUrl}/reviews/${reviewId}/stream`, {
      authorization: `Bearer ${h.owner.token}`,
    });
    await sse.until((frame) => frame.event === 'model_call');
    sse.close();
  };
  const events = async (reviewId: number) =>
    ((await h.api('GET', `/reviews/${reviewId}/events?limit=1000`)).json as EventsPage).events;
  const row = (reviewId: number) =>
    h.database.db
      .selectFrom('reviews')
      .select(['status', 'attempt', 'locked_by'])
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();

  it('lets a running review finish within the grace, and claims nothing new meanwhile', async () => {
    const engine = h.startEngine({ concurrency: 1 });
    // Slow enough to be mid-stream when the shutdown starts, quick enough to end within the grace.
    const running = await createReview(await h.connector('ollama', 'healthy', { chunkDelayMs: 10 }));
    await modelCallStarted(running);
    const stopped = engine.stop(60_000);
    const queued = await createReview(await h.connector('ollama'));
    await stopped;

    expect(await row(running)).toEqual({ status: 'completed', attempt: 1, locked_by: null });
    expect((await events(running)).some((e) => e.data['code'] === 'worker_lost')).toBe(false);
    expect(await row(queued)).toMatchObject({ status: 'created', attempt: 0 });
  });

  it('hands a review that outlasts the grace back without spending a claim; another worker finishes it', async () => {
    const draining = h.startEngine({ timeouts: patientTimeouts });
    const id = await createReview(await h.connector('ollama', 'stall-mid-stream'));
    await modelCallStarted(id);
    await draining.stop(50);

    // Queued again, as if never claimed: a later crash of a worker still gets its requeue.
    expect(await row(id)).toEqual({ status: 'created', attempt: 0, locked_by: null });
    const handedBack = await events(id);
    expect(handedBack.at(-1)).toMatchObject({ type: 'log', level: 'warn', data: { code: 'worker_lost' } });
    expect(handedBack.some((e) => e.type === 'status' && e.data['status'] === 'failed')).toBe(false);

    // fastEngineSettings: the stall ends in a plain request, which the simulator answers.
    h.startEngine();
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    expect(await row(id)).toEqual({ status: 'completed', attempt: 1, locked_by: null });
    const all = await events(id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.filter((e) => e.type === 'status').map((e) => e.data['status'])).toEqual([
      'running',
      'running',
      'success',
    ]);
  });
});
