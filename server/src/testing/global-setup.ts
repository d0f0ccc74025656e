import { withClient } from './with-client.ts';

/**
 * On PostgreSQL each test file migrates its own schema (see test-database.ts). Extensions are
 * database-wide, so pg_trgm is installed once, in `public`, where every test schema can see it.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) return undefined;
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
