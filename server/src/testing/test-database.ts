import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { withClient } from './with-client.ts';

/** Which database the integration tests run on: PGlite by default, PostgreSQL with TEST_DATABASE_URL. */
export const testDatabaseUrl = process.env['TEST_DATABASE_URL'] || undefined;
export const testDatabaseKind = testDatabaseUrl ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file. On PostgreSQL that is a schema of its own
 * (search_path), dropped again by `close()`, so test files can run in parallel on one database.
 */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  if (!testDatabaseUrl) {
    if (options.migrate === false) return openDatabase({ dataDir: 'memory' });
    // From the global setup's migrated database; migrating again checks it is the latest (a no-op).
    const dump = inject('migratedPgliteDump');
    const loadDataDir = dump ? new Blob([readFileSync(dump)]) : undefined;
    const database = await openDatabase({ dataDir: 'memory', loadDataDir });
    await migrateToLatest(database.db);
    return database;
  }
  const schema = await createTestSchema();
  const database = await openDatabase({ databaseUrl: schema.url, poolMax: 5 });
  if (options.migrate !== false) await migrateToLatest(database.db);
  // The schema itself is dropped after the whole run (global-setup.ts): dropping it while other
  // files migrate races Kysely's catalog introspection ("schema … does not exist").
  return database;
}

/**
 * A schema of its own on the test PostgreSQL, and a URL whose connections use it (search_path).
 * Every `test_…` schema is dropped once the run is over (global-setup.ts); `drop()` is a no-op kept
 * for tests that want to say they are done with it.
 */
export async function createTestSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!testDatabaseUrl) throw new Error('createTestSchema needs TEST_DATABASE_URL');
  const base = testDatabaseUrl;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  await withClient(base, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    url: url.toString(),
    drop: async () => undefined,
  };
}
