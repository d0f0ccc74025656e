import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  pglite: PGlite;
  pool: pg.Pool;
}

/**
 * PGlite behind a real `pg.Pool` of exactly one connection, so Kysely and every repository use the
 * same code path as on a PostgreSQL server.
 *
 * Each pooled client gets a *fresh* adapter connection to the one PGlite instance. The adapter's own
 * `createPgConfig` shares a single connection object between clients, and a failed query leaves it in
 * a state where every later query fails ("Received unexpected parseComplete"); a fresh connection per
 * client means a failing query cannot poison the pool. One connection also serialises transactions,
 * which is what PGlite (single-session Postgres) needs.
 */
export async function openEmbeddedDatabase(dataDir: string | 'memory', loadDataDir?: Blob): Promise<EmbeddedDatabase> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, {
    extensions: { pg_trgm },
    ...(loadDataDir ? { loadDataDir } : {}),
  });

  class PgliteClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connection: new PglitePgConnection({ pglite }) } as pg.ClientConfig);
    }
  }

  const pool = new pg.Pool({
    Client: PgliteClient,
    max: 1,
    host: 'pglite',
    user: 'postgres',
    database: 'postgres',
    password: 'unused',
  });
  return { pglite, pool };
}
