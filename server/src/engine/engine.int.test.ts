import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewDetail, ReviewSummary } from '@reviewtrace/contracts';
import { fastEngineSettings, startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { openSse } from '../testing/sse-client.ts';
import { claimNextReview } from './queue.repository.ts';

const DIFF = `diff --git a/src/cart.ts b/src/cart.ts
index 3b18e51..a9c2f1e 100644
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -1,6 +1,9 @@
 export function total(items: { price: number; qty: number }[]) {
-  return items.reduce((sum, i) => sum + i.price, 0);
+  let sum = 0;
+  for (const item of items) sum += item.price * item.qty;
+  return sum;
 }
+export const TAX = 0.2;
diff --git a/src/pay.ts b/src/pay.ts
index 1111111..2222222 100644
--- a/src/pay.ts
+++ b/src/pay.ts
@@ -10,3 +10,4 @@ export async function pay(amount: number) {
   const response = await fetch(url, { method: 'POST' });
+  if (!response.ok) throw new Error('payment failed');
   return response.json();
 }
`;

describe(`review engine against the AI simulator on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine();
  });
  afterAll(() => h.close());

  const review = async (connectorId: number, diff = DIFF) => {
    const response = await h.api('POST', '/reviews', { diff, title: 'Fix cart totals', connectorId });
    expect(response.status).toBe(201);
    return (response.json as ReviewSummary).id;
  };
  const events = async (id: number, query = '') =>
    ((await h.api('GET', `/reviews/${id}/events?limit=1000${query}`)).json as EventsPage).events;

  it.each(['ollama', 'openai', 'gemini'] as const)(
    'reviews a diff end to end through %s, reporting every step',
    async (provider) => {
      const id = await review(await h.connector(provider));
      const detail = await h.finished(id);
      expect(detail.status).toBe('success');
      expect(detail.commentCount).toBeGreaterThan(0);
      expect(detail.result).toMatchObject({ errorCategory: null, partial: false });
      expect(detail.milestones.map((m) => m.name)).toEqual(
        expect.arrayContaining(['queued', 'running', 'batch', 'parsing', 'completed']),
      );
      const all = await events(id);
      const types = all.map((e) => e.type);
      expect(types[0]).toBe('status');
      expect(types.at(-1)).toBe('status');
      expect(types.at(-2)).toBe('completion');
      expect(all.filter((e) => e.type === 'artifact').map((e) => e.data['kind'])).toEqual(
        expect.arrayContaining(['prompt', 'response']),
      );
      expect(all.filter((e) => e.type === 'model_call').map((e) => e.data['phase'])).toEqual(
        expect.arrayContaining(['start', 'end']),
      );
      const answered = all.find((e) => e.type === 'model_call' && e.data['phase'] === 'end' && !e.data['error']);
      expect(answered?.data).toMatchObject({
        tokensIn: expect.any(Number),
        tokensOut: expect.any(Number),
        tokensSource: 'provider',
      });
      // A loaded machine may trip the test's short first-chunk watchdog: a plain answer has no TTFT.
      if (answered?.data['streaming']) expect(answered.data['ttftMs']).toEqual(expect.any(Number));
      // The simulator's model is in no price table: no cost and why, never 0, except self-hosted Ollama.
      expect(answered?.data).toMatchObject(
        provider === 'ollama'
          ? { costUsd: 0, priceSource: 'self-hosted' }
          : { costUsd: null, priceUnknownReason: expect.stringContaining('"reviewtrace-demo" is not in') },
      );
      const comments = await h.database.db
        .selectFrom('ai_comments')
        .select(['file_path'])
        .where('review_id', '=', id)
        .execute();
      expect(comments.length).toBe(detail.commentCount);
      expect(comments.every((c) => ['src/cart.ts', 'src/pay.ts'].includes(c.file_path!))).toBe(true);
    },
  );

  it('prices each model call at the connector’s own price when it sets one', async () => {
    const connectorId = await h.connector('openai');
    await h.api('PATCH', `/connectors/${connectorId}`, { pricePerMTokIn: 2, pricePerMTokOut: 8 });
    const id = await review(connectorId);
    expect((await h.finished(id)).status).toBe('success');
    const end = (await events(id, '&type=model_call')).find((e) => e.data['phase'] === 'end')!;
    const { tokensIn, tokensOut } = end.data as { tokensIn: number; tokensOut: number };
    expect(end.data).toMatchObject({ priceSource: 'connector' });
    expect(end.data['costUsd']).toBeCloseTo((tokensIn * 2 + tokensOut * 8) / 1e6, 9);
    const detail = (await h.api('GET', `/reviews/${id}`)).json as ReviewDetail;
    expect(detail.usage).toMatchObject({ tokensIn, tokensOut, modelCalls: 1, waitMs: 0 });
    expect(detail.usage?.costUsd).toBeCloseTo(end.data['costUsd'] as number, 9);
    expect(detail.tokens).toBe(tokensIn + tokensOut);
    expect(detail.batches[0]?.calls).toEqual([
      expect.objectContaining({ attempt: 1, tokensIn, tokensOut, tokensSource: 'provider', priceSource: 'connector' }),
    ]);
  });

  it('totals the waits and every attempt of a rate-limited review', async () => {
    const id = await review(await h.connector('ollama', 'rate-limit-then-success', { retryAfterSeconds: 1 }));
    const detail = await h.finished(id);
    const batches = detail.batches.length;
    // Per batch two 429s, each waited out (Retry-After 1 s, capped at the test's 50 ms), then the
    // answer: three calls. Ollama is self-hosted, so free.
    expect(detail.usage).toMatchObject({ modelCalls: 3 * batches, costUsd: 0 });
    // The review's wait is the sum of its calls' queueMs; each retry waited (its backoffMs).
    const ends = (await events(id, '&type=model_call')).filter((e) => e.data['phase'] === 'end');
    const queued = ends.map((e) => e.data['queueMs'] as number);
    expect(detail.usage!.waitMs).toBe(queued.reduce((sum, ms) => sum + ms, 0));
    expect(ends.filter((e) => e.data['attempt'] !== 1).every((e) => (e.data['backoffMs'] as number) > 0)).toBe(true);
    expect(detail.usage!.tokensIn).toBeGreaterThan(0);
    // Each batch lists its three requests: two refused without tokens, then the answer.
    const calls = detail.batches[0]?.calls ?? [];
    expect(calls.map((call) => [call.attempt, call.error === undefined, call.tokensIn === undefined])).toEqual([
      [1, false, true],
      [2, false, true],
      [3, true, false],
    ]);
  });

  it('falls back to a plain request when a proxy buffers the stream, and says so', async () => {
    const id = await review(await h.connector('ollama', 'buffering-proxy'));
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    expect(detail.batches.every((b) => b.fallbackUsed)).toBe(true);
    expect(detail.milestones.map((m) => m.name)).toContain('fallback');
    const stalls = await events(id, '&type=log&level=warn');
    expect(stalls.some((e) => e.data['code'] === 'stream_stall')).toBe(true);
    const fallback = (await events(id, '&type=batch')).find((e) => e.data['status'] === 'fallback');
    expect(fallback?.data['fallback']).toMatchObject({ reason: 'no_chunks' });
  });

  it('names the connector and the stall thresholds in every streaming model_call start', async () => {
    const connectorId = await h.connector('ollama', 'buffering-proxy');
    const { connector_name } = await h.database.db
      .selectFrom('ai_connectors')
      .select('connector_name')
      .where('id', '=', connectorId)
      .executeTakeFirstOrThrow();
    const id = await review(connectorId);
    await h.finished(id);
    const starts = (await events(id, '&type=model_call')).filter((e) => e.data['phase'] === 'start');
    const batchIds = [...new Set(starts.map((e) => e.batchId))];
    expect(batchIds.length).toBeGreaterThan(0);
    const { firstChunkMs, stallMs } = fastEngineSettings.timeouts;
    for (const batchId of batchIds) {
      const [streamed, plain, ...rest] = starts.filter((e) => e.batchId === batchId);
      expect(streamed?.data).toMatchObject({
        streaming: true,
        attempt: 1,
        connectorName: connector_name,
        firstChunkMs,
        stallMs,
      });
      // The request after the fallback does not stream: no thresholds to count down to.
      expect(plain?.data).toMatchObject({ streaming: false, attempt: 2, connectorName: connector_name });
      expect(plain?.data).not.toHaveProperty('firstChunkMs');
      expect(rest).toEqual([]);
    }
  });

  it('falls back when a stream stalls midway', async () => {
    const id = await review(await h.connector('openai', 'stall-mid-stream'));
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    const fallback = (await events(id, '&type=batch')).find((e) => e.data['status'] === 'fallback');
    expect(fallback?.data['fallback']).toMatchObject({ reason: 'stall' });
  });

  it('backs off on rate limits and then succeeds', async () => {
    const id = await review(
      await h.connector('openai', 'rate-limit-then-success', { failures: 1, retryAfterSeconds: null }),
    );
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    const batchEvents = await events(id, '&type=batch');
    expect(batchEvents.some((e) => e.data['status'] === 'retrying')).toBe(true);
    expect((await events(id, '&type=log')).some((e) => e.data['code'] === 'rate_limit')).toBe(true);
  });

  it('fails fast on an invalid key, with the auth tip', async () => {
    const before = h.simulator.requests.length;
    const id = await review(await h.connector('openai', 'invalid-key'));
    const detail = await h.finished(id);
    expect(detail).toMatchObject({ status: 'failed', errorCategory: 'auth' });
    expect(detail.result?.tips[0]).toMatchObject({ code: 'auth', title: 'Token invalid or expired' });
    const generationRequests = h.simulator.requests
      .slice(before)
      .filter((r) => r.kind === 'generate' || r.stream !== undefined);
    expect(generationRequests.length).toBeLessThanOrEqual(2); // one per batch at most: no retries
  });

  it('repairs truncated JSON', async () => {
    const id = await review(await h.connector('ollama', 'truncated-json'));
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    const parses = await events(id, '&type=parse');
    expect(parses.some((e) => e.data['outcome'] === 'repaired')).toBe(true);
  });

  it('gives a graceful summary with a visible why and raw excerpt when nothing is recoverable', async () => {
    const id = await review(await h.connector('gemini', 'garbage'));
    const detail = await h.finished(id);
    expect(detail).toMatchObject({ status: 'failed', errorCategory: 'invalid_json' });
    expect(detail.result?.summary).toMatch(/Why: /);
    expect(detail.result?.summary).toMatch(/Raw excerpt/);
    const parse = (await events(id, '&type=parse'))[0]!;
    expect(parse.data).toMatchObject({ outcome: 'failed', why: expect.any(String), rawExcerpt: expect.any(String) });
  });

  it('uses a plain request at once when the connector has streaming off', async () => {
    const before = h.simulator.requests.length;
    const id = await review(await h.connector('ollama', 'healthy', { streaming: false }));
    expect((await h.finished(id)).status).toBe('success');
    const generation = h.simulator.requests.slice(before).filter((r) => r.stream !== undefined);
    expect(generation.length).toBeGreaterThan(0);
    expect(generation.every((r) => r.stream === false)).toBe(true);
  });

  /** Starts a review, cancels it once the engine is inside the model call, and returns it ended canceled. */
  const cancelInModelCall = async (scenario: 'no-answer' | 'stall-mid-stream') => {
    const id = await review(await h.connector('openai', scenario));
    const sse = await openSse(`${h.baseUrl}/reviews/${id}/stream`, { authorization: `Bearer ${h.owner.token}` });
    await sse.until((f) => f.event === 'model_call');
    sse.close();
    expect((await h.api('POST', `/reviews/${id}/cancel`)).status).toBe(202);
    const detail = await h.finished(id);
    expect(detail).toMatchObject({ status: 'canceled', errorCategory: 'canceled' });
    return { id, detail };
  };

  it('cancels a running review: the model call is aborted and the review ends canceled', async () => {
    await cancelInModelCall('no-answer');
  });

  it('numbers the plain request after a fallback attempt 2 everywhere, and times the stall wait apart', async () => {
    const id = await review(await h.connector('ollama', 'buffering-proxy'));
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    expect(detail.batches.every((b) => b.fallbackUsed && b.attempts === 2)).toBe(true);
    const all = await events(id);
    for (const batch of detail.batches) {
      const calls = all.filter((e) => e.type === 'model_call' && e.batchId === batch.batchId);
      expect(calls.map((e) => [e.data['phase'], e.data['attempt'], e.data['streaming']])).toEqual([
        ['start', 1, true],
        ['end', 1, true],
        ['start', 2, false],
        ['end', 2, false],
      ]);
      const [, stallEnd, , plainEnd] = calls;
      // Attempt 1 is the stall wait, ended by the watchdog; attempt 2's duration holds none of it.
      expect(stallEnd!.data).toMatchObject({ error: 'No stream chunk within 400 ms' });
      expect(stallEnd!.data['durationMs']).toBeGreaterThan(0);
      const fallback = all.find(
        (e) => e.type === 'batch' && e.batchId === batch.batchId && e.data['status'] === 'fallback',
      );
      expect(fallback?.data).toMatchObject({ attempt: 2, fallback: { afterMs: stallEnd!.data['durationMs'] } });
      const plainSpan = Date.parse(plainEnd!.time) - Date.parse(calls[2]!.time);
      expect(plainEnd!.data['durationMs']).toBeLessThanOrEqual(plainSpan + 1);
      const log = all.find((e) => e.type === 'log' && e.batchId === batch.batchId && e.data['code'] === 'stream_stall');
      expect(log?.data['message']).toBe('No stream chunk within 400 ms; retrying without streaming (attempt 2)');
    }
  });

  it('reports the running batch canceled, not failed, and logs the cancel below error', async () => {
    const { id, detail } = await cancelInModelCall('stall-mid-stream');
    expect(detail.batches.length).toBeGreaterThan(0);
    expect(detail.batches.map((b) => b.status)).not.toContain('failed');
    expect(detail.batches.map((b) => b.status)).toContain('canceled');
    const all = await events(id);
    const batchEnds = all.filter((e) => e.type === 'batch' && e.data['status'] === 'canceled');
    expect(batchEnds.length).toBe(detail.batches.length);
    expect(all.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('retries a failed review as a new linked review that runs', async () => {
    const connectorId = await h.connector('openai', 'invalid-key');
    const id = await review(connectorId);
    expect((await h.finished(id)).status).toBe('failed');
    // The user rotates the key (here: points the connector at a healthy endpoint) and retries.
    const healthy = await h.connector('openai', 'healthy');
    const healthyUrl = ((await h.api('GET', `/connectors/${healthy}`)).json as { baseUrl: string }).baseUrl;
    await h.api('PATCH', `/connectors/${connectorId}`, { baseUrl: healthyUrl });
    const retried = await h.api('POST', `/reviews/${id}/retry`);
    expect(retried.status).toBe(202);
    const next = (retried.json as { review: ReviewSummary }).review;
    expect(next.retryOf).toBe(id);
    expect((await h.finished(next.id)).status).toBe('success');
  });

  it('recovers a review whose worker died: the lease expires, it is requeued and completes', async () => {
    const connectorId = await h.connector('ollama');
    // Hold the engine back while a "dead worker" claims the review and never renews its lease.
    await Promise.all(h.engines.map((e) => e.stop()));
    h.engines.length = 0;
    const id = await review(connectorId);
    const claimed = await claimNextReview(h.database.db, 'dead-worker', 200);
    expect(claimed?.id).toBe(id);
    h.startEngine();
    const detail = await h.finished(id);
    expect(detail.status).toBe('success');
    expect((await events(id, '&type=log')).some((e) => e.data['code'] === 'worker_lost')).toBe(true);
    const row = await h.database.db
      .selectFrom('reviews')
      .select('attempt')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.attempt).toBe(2);
  });

  it('never lets two workers claim the same review', async () => {
    h.startEngine();
    const connectorId = await h.connector('ollama');
    const ids = await Promise.all(Array.from({ length: 8 }, () => review(connectorId)));
    const details = await Promise.all(ids.map((id) => h.finished(id)));
    expect(details.every((d) => d.status === 'success')).toBe(true);
    const rows = await h.database.db.selectFrom('reviews').select(['id', 'attempt']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.attempt === 1)).toBe(true);
    for (const id of ids) {
      const running = (await events(id, '&type=status')).filter((e) => e.data['status'] === 'running');
      expect(running).toHaveLength(1);
    }
  });
});
