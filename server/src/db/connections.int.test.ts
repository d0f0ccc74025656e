import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { sql } from 'kysely';
import { openStreamReads, type Database } from './database.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

/** pg's own connection object: what it reads the socket through. Its 'end' is a lost connection. */
type ClientWithConnection = pg.PoolClient & { connection: NodeJS.EventEmitter };

describe(`database connections on ${testDatabaseKind}`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase({ migrate: false });
  });
  afterAll(() => database.close());

  it('lost while checked out: the process goes on, and so does the pool', async () => {
    const client = (await database.pool.connect()) as ClientWithConnection;
    const errors: unknown[] = [];
    // pg-pool removed its own listener when the client was checked out; ours must still be there.
    expect(client.listenerCount('error')).toBeGreaterThan(0);
    client.on('error', (error) => errors.push(error));

    // What pg does when the server goes away mid-transaction (a restart, a crash, a terminated backend).
    client.connection.emit('end');
    client.release(true);

    expect(errors).toEqual([expect.objectContaining({ message: 'Connection terminated unexpectedly' })]);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('gives live streams a read pool of their own on PostgreSQL, none on PGlite or when set to 0', async () => {
    const reads = await openStreamReads(database, 3);
    try {
      if (database.kind === 'pglite') expect(reads).toBeUndefined();
      else {
        expect(reads!.pool).not.toBe(database.pool);
        expect(reads!.pool.options.max).toBe(3);
        const { rows } = await sql<{ one: number }>`select 1 as one`.execute(reads!.db);
        expect(rows).toEqual([{ one: 1 }]);
      }
    } finally {
      await reads?.close();
    }
    expect(await openStreamReads(database, 0)).toBeUndefined();
  });
});
