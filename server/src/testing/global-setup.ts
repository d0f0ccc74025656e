import pg from 'pg';

/**
 * On PostgreSQL each test file migrates its own schema (see test-database.ts). Extensions are
 * database-wide, so pg_trgm is installed once, in `public`, where every test schema can see it.
 */
export default async function setup(): Promise<void> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
  } finally {
    await client.end();
  }
}
