import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * A connector's concurrency slots as leases in `connector_slots` (migration 20261206100100), so
 * the limit holds across every worker process sharing the database. Time is the database's
 * `now()`: workers' clocks may disagree, the database is the one judge of "expired".
 */

/**
 * Takes the lowest free slot below `limit` (no row, or a lease that ran out) for `holder`, or
 * returns undefined when all are taken. Two workers racing for the same free slot both try to
 * insert it; the loser's ON CONFLICT update sees the winner's live lease and does nothing, so a
 * slot is never held twice.
 */
export async function tryTakeSlot(
  db: Db,
  connectorId: number,
  limit: number,
  holder: string,
  leaseMs: number,
): Promise<number | undefined> {
  const { rows } = await sql<{ slot: number }>`
    INSERT INTO connector_slots (connector_id, slot, holder, lease_until, acquired_at)
    SELECT ${connectorId}, s, ${holder}, now() + ${leaseMs} * interval '1 millisecond', now()
      FROM generate_series(0, ${limit - 1}::int) AS s
     WHERE NOT EXISTS (SELECT 1 FROM connector_slots c
                        WHERE c.connector_id = ${connectorId} AND c.slot = s AND c.lease_until >= now())
     ORDER BY s
     LIMIT 1
    ON CONFLICT (connector_id, slot) DO UPDATE
       SET holder = excluded.holder, lease_until = excluded.lease_until, acquired_at = excluded.acquired_at
     WHERE connector_slots.lease_until < now()
    RETURNING slot`.execute(db);
  return rows[0]?.slot;
}

/** Live leases of the connector (what "2 in use" counts). */
export async function slotsInUse(db: Db, connectorId: number): Promise<number> {
  const row = await db
    .selectFrom('connector_slots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('connector_id', '=', connectorId)
    .where('lease_until', '>=', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Extends a held lease; false when it was lost (expired and taken by another holder). */
export async function renewSlot(
  db: Db,
  connectorId: number,
  slot: number,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('connector_slots')
    .set({ lease_until: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'` })
    .where('connector_id', '=', connectorId)
    .where('slot', '=', slot)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives a slot back; another holder's lease of the same slot is never touched. */
export async function releaseSlot(db: Db, connectorId: number, slot: number, holder: string): Promise<void> {
  await db
    .deleteFrom('connector_slots')
    .where('connector_id', '=', connectorId)
    .where('slot', '=', slot)
    .where('holder', '=', holder)
    .execute();
}
