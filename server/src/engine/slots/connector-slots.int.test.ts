import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { makeConnector, makeOrg } from '../../testing/factories.ts';
import { ManualClock } from '../../testing/manual-clock.ts';
import { openTestDatabase, testDatabaseKind } from '../../testing/test-database.ts';
import { ConnectorSlots } from './connector-slots.ts';
import { releaseSlot, renewSlot, slotsInUse, tryTakeSlot } from './connector-slots.repository.ts';

describe(`connector slots on ${testDatabaseKind}`, () => {
  let database: Database;
  let orgId: number;
  beforeAll(async () => {
    database = await openTestDatabase();
    orgId = await makeOrg(database.db);
  });
  afterAll(() => database.close());

  /** A crash, as the database sees it: the holder stopped renewing and its lease ran out. */
  const expireLeases = (connectorId: number) =>
    sql`UPDATE connector_slots SET lease_until = now() - interval '1 second' WHERE connector_id = ${connectorId}`.execute(
      database.db,
    );

  it('gives out at most `limit` slots, lowest first', async () => {
    const connectorId = await makeConnector(database.db, orgId);
    const taken = await Promise.all(
      ['a', 'b', 'c'].map((holder) => tryTakeSlot(database.db, connectorId, 2, holder, 60_000)),
    );
    expect(taken.filter((slot) => slot !== undefined).sort()).toEqual([0, 1]);
    expect(await slotsInUse(database.db, connectorId)).toBe(2);
  });

  it('frees the slot of a crashed holder once its lease expires, and not before', async () => {
    const connectorId = await makeConnector(database.db, orgId);
    expect(await tryTakeSlot(database.db, connectorId, 1, 'crashed-worker', 60_000)).toBe(0);
    expect(await tryTakeSlot(database.db, connectorId, 1, 'live-worker', 60_000)).toBeUndefined();
    await expireLeases(connectorId);
    expect(await slotsInUse(database.db, connectorId)).toBe(0);
    expect(await tryTakeSlot(database.db, connectorId, 1, 'live-worker', 60_000)).toBe(0);
    // The crashed holder cannot renew or release what is no longer its own.
    expect(await renewSlot(database.db, connectorId, 0, 'crashed-worker', 60_000)).toBe(false);
    await releaseSlot(database.db, connectorId, 0, 'crashed-worker');
    expect(await slotsInUse(database.db, connectorId)).toBe(1);
  });

  it('wakes a waiter of this process as soon as a call releases, and reports what it waits for', async () => {
    const connectorId = await makeConnector(database.db, orgId);
    const clock = new ManualClock(1_000_000);
    const slots = new ConnectorSlots(
      database.db,
      'worker-1',
      { leaseMs: 60_000, renewMs: 10_000, pollMs: 60_000 },
      clock,
    );
    const first = await slots.acquire(connectorId, 1, new AbortController().signal, () => {
      throw new Error('the first call should not wait');
    });
    expect(first.waitedMs).toBe(0);
    const waits: { inUse: number; limit: number }[] = [];
    const second = slots.acquire(connectorId, 1, new AbortController().signal, (wait) => waits.push(wait));
    await clock.sleeping();
    expect(waits).toEqual([{ inUse: 1, limit: 1 }]);
    clock.advance(2_500);
    await clock.sleeping();
    // Released long before the next poll (60 s): the waiter goes on at once.
    await first.release();
    const held = await second;
    expect(held.waitedMs).toBe(2_500);
    await held.release();
    expect(await slotsInUse(database.db, connectorId)).toBe(0);
  });

  it('stops waiting when the review is canceled', async () => {
    const connectorId = await makeConnector(database.db, orgId);
    const clock = new ManualClock();
    const slots = new ConnectorSlots(
      database.db,
      'worker-2',
      { leaseMs: 60_000, renewMs: 10_000, pollMs: 60_000 },
      clock,
    );
    const held = await slots.acquire(connectorId, 1, new AbortController().signal, () => undefined);
    const cancel = new AbortController();
    const waiting = slots.acquire(connectorId, 1, cancel.signal, () => undefined);
    await clock.sleeping();
    cancel.abort(new Error('canceled'));
    await expect(waiting).rejects.toThrow('canceled');
    await held.release();
  });
});
