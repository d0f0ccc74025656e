import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

/** pg's own connection object: what it reads the socket through. Its 'end' is a lost connection. */
type ClientWithConnection = pg.PoolClient & { connection: NodeJS.EventEmitter };

describe(`a database connection lost while checked out, on ${testDatabaseKind}`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase({ migrate: false });
  });
  afterAll(() => database.close());

  it('does not end the process, and the pool goes on serving queries', async () => {
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
});
