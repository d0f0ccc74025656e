import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { openEmbeddedDatabase } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;

// int8 (ids, seq, counts) as numbers everywhere, on PGlite and PostgreSQL alike. The adapter for
// PGlite rejects per-pool `types` objects, so the parser is set once for the process. Ids and
// sequence numbers stay far below 2^53.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (value) => Number(value));

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** Set in embedded mode: LISTEN/NOTIFY goes through the instance, not the adapter. */
  pglite: PGlite | undefined;
  kind: 'pglite' | 'postgres';
  /** The connection string in server mode (the event bus opens its own LISTEN connection). */
  url: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` → server mode; otherwise the embedded data directory (or 'memory' for tests). */
  databaseUrl?: string | undefined;
  dataDir?: string | 'memory';
  /** Embedded only: start from this database (a PGlite `dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob;
  poolMax?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      // A request should fail fast with 503 rather than hang when the server is unreachable.
      connectionTimeoutMillis: 5_000,
    });
    return wrap(surviveLostConnections(pool), undefined, 'postgres', options.databaseUrl);
  }
  const { pool, pglite } = await openEmbeddedDatabase(options.dataDir ?? 'memory', options.loadDataDir);
  return wrap(surviveLostConnections(pool), pglite, 'pglite', undefined);
}

/**
 * The live streams' own read pool on PostgreSQL (DB_STREAM_POOL_MAX connections), so their catch-up
 * reads never queue behind write transactions in the main pool. Undefined (share the main pool) on
 * PGlite, which has one connection anyway, or when `poolMax` is 0.
 */
export async function openStreamReads(database: Database, poolMax: number): Promise<Database | undefined> {
  if (database.kind !== 'postgres' || !database.url || poolMax === 0) return undefined;
  return openDatabase({ databaseUrl: database.url, poolMax });
}

/**
 * A lost connection must not end the process. An idle client's is reported on the pool (which
 * replaces the client). A checked-out client's is emitted on the client itself, where pg-pool keeps
 * no listener while a query holds it: a database restart, a crash or pg_terminate_backend
 * mid-query would then be an unhandled 'error'. The query still rejects (→ 503 with Retry-After).
 */
function surviveLostConnections(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

function wrap(pool: pg.Pool, pglite: PGlite | undefined, kind: Database['kind'], url: string | undefined): Database {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    pglite,
    kind,
    url,
    async close() {
      await db.destroy();
      if (pglite && !pglite.closed) await pglite.close();
    },
  };
}
