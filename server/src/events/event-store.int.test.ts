import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { makeOrg, makeReview } from '../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { appendEvents } from './event-store.ts';
import type { EventToStore } from './review-effects.ts';

const logEvent = (writer: number, n: number): EventToStore => ({
  eventId: `w${writer}-${n}`,
  ts: new Date(),
  type: 'log',
  level: 'info',
  batchId: null,
  data: { message: `writer ${writer} line ${n}` },
});

describe(`event store on ${testDatabaseKind}`, () => {
  let database: Database;
  let orgId: number;
  beforeAll(async () => {
    database = await openTestDatabase();
    orgId = await makeOrg(database.db);
  });
  afterAll(() => database.close());

  it('gives concurrent appenders to one review a gap-free seq 1..N', async () => {
    const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
    const writers = 16;
    const batches = 5;
    const perBatch = 7;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let b = 0; b < batches; b++) {
          await appendEvents(
            database.db,
            { id: reviewId, orgId },
            Array.from({ length: perBatch }, (_, i) => logEvent(w, b * perBatch + i)),
          );
        }
      }),
    );
    const rows = await database.db
      .selectFrom('review_events')
      .select(['seq', 'event_id'])
      .where('review_id', '=', reviewId)
      .orderBy('seq')
      .execute();
    const total = writers * batches * perBatch;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(total);
    // Each writer's own events keep their order.
    for (let w = 0; w < writers; w++) {
      const mine = rows.filter((r) => r.event_id!.startsWith(`w${w}-`)).map((r) => Number(r.event_id!.split('-')[1]));
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
    const review = await database.db
      .selectFrom('reviews')
      .select(['last_seq', 'event_counts'])
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ last_seq: total, event_counts: { log: total } });
  });

  it('stores a repeated eventId once even when the repeats race', async () => {
    const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => appendEvents(database.db, { id: reviewId, orgId }, [logEvent(1, 1)])),
    );
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(7);
  });

  it('rolls back the whole batch, seq included, when one row fails', async () => {
    const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
    await appendEvents(database.db, { id: reviewId, orgId }, [logEvent(1, 1)]);
    const broken = { ...logEvent(1, 2), type: null as unknown as string };
    await expect(appendEvents(database.db, { id: reviewId, orgId }, [logEvent(1, 3), broken])).rejects.toThrow();
    const next = await appendEvents(database.db, { id: reviewId, orgId }, [logEvent(1, 4)]);
    expect(next).toMatchObject({ accepted: 1, firstSeq: 2, lastSeq: 2 });
  });
});
