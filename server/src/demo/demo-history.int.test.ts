import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { deriveBatches, type StoredEvent } from '../reviews/review-derivations.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import type { AiSimulator } from './ai-simulator/ai-simulator.ts';
import { replayDemoHistory } from './demo-history.ts';
import { openDemoFixture } from '../testing/demo-fixture.ts';

/** A stated wait ("within 30 s", "for 400 ms", "in 1.5 s") in milliseconds. */
function statedWaits(message: string): number[] {
  return [...message.matchAll(/(?:within|for|in) (\d+(?:\.\d+)?) (ms|s)\b/g)].map(
    ([, value, unit]) => Number(value) * (unit === 's' ? 1_000 : 1),
  );
}

describe(`the demo history replay on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  let database: Database;
  let simulator: AiSimulator;
  let reviews: { id: number; status: string; events: StoredEvent[] }[];

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    const demo = await openDemoFixture(db, 'demo-history');
    simulator = demo.simulator;
    await replayDemoHistory({ ...demo.deps, seed: 11 }, { share: 0.1, parallel: 4 }).done;

    const rows = await db.selectFrom('reviews').select(['id', 'status']).orderBy('id').execute();
    const events = await db
      .selectFrom('review_events')
      .select(['review_id', 'seq', 'ts', 'event_type', 'level', 'batch_id', 'data'])
      .orderBy('review_id')
      .orderBy('seq')
      .execute();
    reviews = rows.map((row) => ({
      ...row,
      events: events
        .filter((e) => e.review_id === row.id)
        .map((e) => ({
          seq: Number(e.seq),
          ts: new Date(e.ts),
          type: e.event_type,
          level: e.level,
          batchId: e.batch_id,
          data: (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as Record<string, unknown>,
        })),
    }));
  });
  afterAll(async () => {
    await simulator?.close();
    await database?.close();
  });

  it('seeds finished reviews of every kind', () => {
    expect(reviews.length).toBeGreaterThanOrEqual(25);
    expect(reviews.every((r) => ['completed', 'failed', 'canceled'].includes(r.status))).toBe(true);
  });

  it('tells one story per review: times, durations, attempts and stated waits agree', () => {
    for (const review of reviews) {
      const where = `review ${review.id}`;
      const at = (e: StoredEvent) => e.ts.getTime();
      const status = review.events.filter((e) => e.type === 'status');
      const running = status.find((e) => e.data['status'] === 'running');
      const terminal = status.at(-1)!;
      expect(terminal.data['durationMs'], where).toBe(at(terminal) - Date.parse(String(running!.data['startedAt'])));
      expect(terminal.data['durationMs'], where).toBeGreaterThan(0);

      const batchIds = [...new Set(review.events.flatMap((e) => (e.batchId ? [e.batchId] : [])))];
      const derived = deriveBatches(review.events);
      for (const batchId of batchIds) {
        const here = `${where} ${batchId}`;
        const events = review.events.filter((e) => e.batchId === batchId);
        // One batch's events are told in order.
        for (const [i, event] of events.entries())
          if (i > 0) expect(at(event), here).toBeGreaterThanOrEqual(at(events[i - 1]!));

        const calls = events.filter((e) => e.type === 'model_call' && e.data['phase'] !== 'progress');
        const starts = calls.filter((e) => e.data['phase'] === 'start');
        expect(
          starts.map((e) => e.data['attempt']),
          here,
        ).toEqual(starts.map((_, i) => i + 1));
        for (const start of starts) {
          const end = calls.find((e) => e.data['phase'] === 'end' && e.data['attempt'] === start.data['attempt']);
          if (!end) continue; // only a canceled review's batch may stop mid-attempt without one
          const span = at(end) - at(start);
          expect(end.data['durationMs'], here).toBe(span);
          expect(span, here).toBeGreaterThan(0);
          // "within 80 s" is stated once 80 s have passed since the attempt started, and in the same
          // time base: a limit in real time would read "400 ms" on an 80 s span. (A loaded machine
          // fires real timers late, which the virtual clock magnifies 200×: hence the loose bound.)
          for (const wait of statedWaits(String(end.data['error'] ?? ''))) {
            expect(wait, here).toBeLessThanOrEqual(span);
            expect(wait * 10, here).toBeGreaterThanOrEqual(span);
          }
        }
        for (const log of events.filter((e) => e.type === 'log')) {
          const message = String(log.data['message']);
          const attempt = /\(attempt (\d+)\)$/.exec(message) ?? /; attempt (\d+) in /.exec(message);
          if (!attempt) continue;
          // The attempt a log line names is the one that starts next, after the wait it states.
          const next = starts.find((s) => s.data['attempt'] === Number(attempt[1]));
          if (!next) continue;
          const retryWait = / in (\d+(?:\.\d+)?) (ms|s)$/.exec(message);
          if (retryWait) expect(at(next) - at(log), here).toBeGreaterThanOrEqual(statedWaits(retryWait[0])[0]! - 1);
        }
        const fallback = events.find((e) => e.type === 'batch' && e.data['status'] === 'fallback');
        if (fallback) {
          // The plain request is the next attempt; the one before it is the stall wait.
          const plain = Number(fallback.data['attempt']);
          const stalled = calls.find((e) => e.data['phase'] === 'end' && e.data['attempt'] === plain - 1);
          expect(stalled?.data['streaming'], here).toBe(true);
          expect(fallback.data, here).toMatchObject({ fallback: { afterMs: stalled?.data['durationMs'] } });
          expect(starts.find((e) => e.data['attempt'] === plain)?.data['streaming'], here).toBe(false);
        }
        const summary = derived.find((b) => b.batchId === batchId)!;
        // Without a model call, a batch never ran (another batch's rejected key stopped the review)
        // or was stopped while its prompt was stored, and says so.
        if (starts.length > 0) expect(summary.attempts, here).toBe(starts.length);
        else expect(['queued', 'canceled'], here).toContain(summary.status);
        if (summary.startedAt && summary.finishedAt && starts.length > 0) {
          expect(summary.durationMs, here).toBe(Date.parse(summary.finishedAt) - Date.parse(summary.startedAt));
          expect(summary.durationMs, here).toBeGreaterThan(0);
        }
        if (review.status === 'canceled') expect(summary.status, here).not.toBe('failed');
      }
    }
  });
});
