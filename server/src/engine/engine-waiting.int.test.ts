import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewDetail, ReviewEvent, ReviewSummary } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { openSse } from '../testing/sse-client.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { EngineSettings, RunningEngine } from './engine.ts';
import { releaseSlot, tryTakeSlot } from './slots/connector-slots.repository.ts';

/** Two files: with a small token budget, two batches. */
const DIFF = `diff --git a/src/cart.ts b/src/cart.ts
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -1,3 +1,4 @@
 export function total(items: { price: number; qty: number }[]) {
-  return items.reduce((sum, i) => sum + i.price, 0);
+  return items.reduce((sum, i) => sum + i.price * i.qty, 0);
 }
+export const TAX = 0.2;
diff --git a/src/pay.ts b/src/pay.ts
--- a/src/pay.ts
+++ b/src/pay.ts
@@ -10,3 +10,4 @@ export async function pay(amount: number) {
   const response = await fetch(url, { method: 'POST' });
+  if (!response.ok) throw new Error('payment failed');
   return response.json();
 }
`;

/** Watchdogs far away: a test's manual clock moves only for the wait it is about. */
const patientTimeouts = { firstChunkMs: 600_000, stallMs: 600_000, requestMs: 600_000, maxBackoffMs: 120_000 };

describe(`waiting as a state on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness();
  });
  afterAll(() => h.close());

  /** An engine for one test only (each test wants its own clock or limits). */
  async function withEngines<T>(settings: Partial<EngineSettings>[], run: () => Promise<T>): Promise<T> {
    const engines: RunningEngine[] = settings.map((s) => h.startEngine(s));
    try {
      return await run();
    } finally {
      for (const engine of engines) {
        await engine.stop();
        h.engines.splice(h.engines.indexOf(engine), 1);
      }
    }
  }
  const review = async (connectorId: number) => {
    const response = await h.api('POST', '/reviews', { diff: DIFF, title: 'Cart', connectorId });
    expect(response.status).toBe(201);
    return (response.json as ReviewSummary).id;
  };
  const events = async (id: number, query = '') =>
    ((await h.api('GET', `/reviews/${id}/events?limit=1000${query}`)).json as EventsPage).events;
  const setLimit = async (connectorId: number, maxConcurrency: number | null) =>
    expect((await h.api('PATCH', `/connectors/${connectorId}`, { maxConcurrency })).status).toBe(200);
  /** Resolves with the first live event of the review that matches (event-driven, no polling). */
  async function firstEvent(id: number, match: (event: ReviewEvent) => boolean): Promise<ReviewEvent> {
    const sse = await openSse(`${h.baseUrl}/reviews/${id}/stream`, { authorization: `Bearer ${h.owner.token}` });
    try {
      const frames = await sse.until(
        (frame) => frame.data !== undefined && frame.event !== 'end' && match(JSON.parse(frame.data) as ReviewEvent),
      );
      return JSON.parse(frames.at(-1)!.data!) as ReviewEvent;
    } finally {
      sse.close();
    }
  }
  const isWaiting = (reason: string) => (e: ReviewEvent) =>
    e.type === 'batch' && e.data['status'] === 'waiting' && (e.data['wait'] as { reason?: string })?.reason === reason;

  it('counts down a rate limit from the injected clock, then retries and says how long it waited', async () => {
    const clock = new ManualClock(Date.parse('2026-12-06T12:00:00.000Z'));
    const connectorId = await h.connector('openai', 'rate-limit-then-success', { failures: 1, retryAfterSeconds: 60 });
    await withEngines(
      [{ clock, timeouts: { ...patientTimeouts, maxAttempts: 5 }, batchTokenBudget: 100_000 }],
      async () => {
        const id = await review(connectorId);
        const waiting = await firstEvent(id, isWaiting('rate_limit'));
        expect(waiting.data['wait']).toEqual({
          reason: 'rate_limit',
          provider: 'openai',
          connectorName: expect.any(String),
          retryAt: '2026-12-06T12:01:00.000Z',
          attempt: 2,
          maxAttempts: 5,
          retryAfterMs: 60_000,
        });
        // The list row says the review waits, and until when.
        const list = (await h.api('GET', '/reviews')).json as { items: ReviewSummary[] };
        expect(list.items.find((r) => r.id === id)?.waiting).toEqual({
          reason: 'rate_limit',
          until: '2026-12-06T12:01:00.000Z',
        });
        clock.advance(60_000);
        const detail = await h.finished(id);
        expect(detail.status).toBe('success');
        expect(detail.waiting).toBeNull();
        const ends = (await events(id, '&type=model_call')).filter((e) => e.data['phase'] === 'end');
        expect(ends.map((e) => [e.data['attempt'], e.data['queueMs'], e.data['backoffMs']])).toEqual([
          [1, 0, 0],
          [2, 60_000, 60_000],
        ]);
        expect(detail.usage?.waitMs).toBe(60_000);
        const batches = await events(id, '&type=batch');
        expect(batches.map((e) => e.data['status'])).toEqual(['queued', 'running', 'waiting', 'retrying', 'success']);
      },
    );
  });

  it('says when the quota resets once retries run out on a rate limit', async () => {
    const clock = new ManualClock(Date.parse('2026-12-06T13:53:00.000Z'));
    const connectorId = await h.connector('openai', 'rate-limit-then-success', { failures: 9, retryAfterSeconds: 1 });
    await withEngines(
      [{ clock, timeouts: { ...patientTimeouts, maxAttempts: 2 }, batchTokenBudget: 100_000 }],
      async () => {
        const id = await review(connectorId);
        await firstEvent(id, isWaiting('rate_limit'));
        clock.advance(1_000);
        const detail = await h.finished(id);
        expect(detail.status).toBe('failed');
        // The simulator, as OpenAI does, says the token quota resets in 12 minutes (x-ratelimit-reset-tokens).
        expect(detail.errorSummary).toContain('(gave up after 2 attempts); quota resets at 14:05 UTC (in 12 min)');
      },
    );
  });

  it('makes a batch wait for a slot another worker holds, and counts the wait in queueMs', async () => {
    const clock = new ManualClock(Date.parse('2026-12-06T12:00:00.000Z'));
    const connectorId = await h.connector('ollama');
    await setLimit(connectorId, 1);
    // Another worker holds the only slot (the test plays that worker, through the database).
    expect(await tryTakeSlot(h.database.db, connectorId, 1, 'other-worker', 60_000)).toBe(0);
    await withEngines(
      [{ clock, timeouts: patientTimeouts, batchTokenBudget: 100_000, slots: { pollMs: 1_000 } }],
      async () => {
        const id = await review(connectorId);
        const waiting = await firstEvent(id, isWaiting('slot'));
        expect(waiting.data['wait']).toEqual({ reason: 'slot', connectorName: expect.any(String), inUse: 1, limit: 1 });
        const list = (await h.api('GET', '/reviews')).json as { items: ReviewSummary[] };
        expect(list.items.find((r) => r.id === id)?.waiting).toEqual({ reason: 'slot', until: null });
        // Still held after 5 s: the waiter looks again and waits on.
        await clock.sleeping();
        clock.advance(5_000);
        await clock.sleeping();
        // The other worker's call ends; this worker's waiter finds the slot at its next look.
        await releaseSlot(h.database.db, connectorId, 0, 'other-worker');
        clock.advance(1_000);
        const detail = await h.finished(id);
        expect(detail.status).toBe('success');
        const ends = (await events(id, '&type=model_call')).filter((e) => e.data['phase'] === 'end');
        expect(ends[0]?.data).toMatchObject({ attempt: 1, slotWaitMs: 6_000, queueMs: 6_000, backoffMs: 0 });
        expect(detail.usage?.waitMs).toBe(6_000);
        const statuses = (await events(id, '&type=batch')).map((e) => e.data['status']);
        expect(statuses).toEqual(['queued', 'waiting', 'running', 'success']);
      },
    );
  });

  it('never runs more model calls of a connector at once than its limit, across two workers', async () => {
    const connectorId = await h.connector('ollama', 'healthy', { chunkDelayMs: 5 });
    await setLimit(connectorId, 1);
    const slowBatches = { batchTokenBudget: 128, slots: { pollMs: 20 } };
    await withEngines([slowBatches, slowBatches], async () => {
      const ids = [await review(connectorId), await review(connectorId)];
      const details: ReviewDetail[] = await Promise.all(ids.map((id) => h.finished(id)));
      expect(details.map((d) => [d.status, d.errorSummary])).toEqual([
        ['success', null],
        ['success', null],
      ]);
      expect(details.every((d) => d.batches.length >= 2)).toBe(true);
      // Every call's span (start..end on the engine's clock), across both reviews and both workers.
      const spans: [number, number][] = [];
      let waits = 0;
      for (const id of ids) {
        const all = await events(id);
        waits += all.filter(isWaiting('slot')).length;
        const calls = all.filter((e) => e.type === 'model_call');
        for (const start of calls.filter((e) => e.data['phase'] === 'start')) {
          const end = calls.find((e) => e.seq > start.seq && e.batchId === start.batchId && e.data['phase'] === 'end')!;
          spans.push([Date.parse(start.time), Date.parse(end.time)]);
        }
      }
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i += 1) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      expect(waits).toBeGreaterThan(0);
    });
  });
});
