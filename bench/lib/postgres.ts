import { openDatabase, type Database } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrator.ts';
import { withClient } from '../../server/src/testing/with-client.ts';

export const defaultBenchUrl = 'postgresql://postgres@127.0.0.1:5432/reviewtrace_bench';

export function benchDatabaseUrl(): string {
  return process.env['BENCH_DATABASE_URL'] || defaultBenchUrl;
}

/**
 * A section's own database (BENCH_DATABASE_URL's name + "_<suffix>"): its schema is dropped on
 * every run, so it must not be the database another section is still reading.
 */
export function sectionBenchUrl(suffix: string): string {
  const url = new URL(benchDatabaseUrl());
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'reviewtrace_bench';
  url.pathname = `/${encodeURIComponent(`${name}_${suffix}`)}`;
  return url.toString();
}

/** The same server's maintenance database: CREATE DATABASE cannot run inside the target itself. */
function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export async function postgresVersion(url = benchDatabaseUrl()): Promise<string> {
  // Read from the maintenance db so the header works before the bench database exists.
  return withClient(maintenanceUrl(url), async (client) => {
    const { rows } = await client.query<{ version: string }>('select version() as version');
    return rows[0]?.version ?? 'unknown';
  });
}

/**
 * Creates the bench database when missing, wipes it (drop/create schema public) and migrates it.
 * The whole schema is dropped, so the name must say "bench": a typo in BENCH_DATABASE_URL must not
 * be able to wipe `postgres`, `test` or a real database.
 */
export async function freshBenchDatabase(url = benchDatabaseUrl()): Promise<Database> {
  const name = databaseName(url);
  if (!/bench/i.test(name) || ['postgres', 'test'].includes(name)) {
    throw new Error(`Refusing to reset database "${name}": its name must contain "bench" (BENCH_DATABASE_URL)`);
  }
  await withClient(maintenanceUrl(url), async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  });
  // Room for the concurrent requests of later sections; the list section itself is sequential.
  const database = await openDatabase({ databaseUrl: url, poolMax: 10 });
  try {
    await database.pool.query('drop schema public cascade; create schema public');
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
