import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { tempDataDir } from './processes.ts';
import { withClient } from './with-client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite only: a file holding an embedded database migrated to the latest schema (a `dumpDataDir`). */
    migratedPgliteDump: string | undefined;
  }
}

/**
 * On PostgreSQL each test file migrates its own schema (see test-database.ts). Extensions are
 * database-wide, so pg_trgm is installed once, in `public`, where every test schema can see it.
 * On PGlite every file starts from one migrated database, made here: an empty PGlite takes seconds
 * to create (initdb), loading a dump of a migrated one about a second.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) {
    const dir = tempDataDir();
    project.provide('migratedPgliteDump', await writeMigratedDump(path.join(dir, 'migrated.tar')));
    return async () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide('migratedPgliteDump', undefined);
  await withClient(url, (client) => client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public'));
  // Test files' schemas are dropped here, after every file is done, never while others migrate.
  return () =>
    withClient(url, async (client) => {
      const { rows } = await client.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'test\\_%'",
      );
      for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
    });
}

async function writeMigratedDump(file: string): Promise<string> {
  const database = await openDatabase({ dataDir: 'memory' });
  try {
    await migrateToLatest(database.db);
    const dump = await database.pglite!.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await database.close();
  }
}
