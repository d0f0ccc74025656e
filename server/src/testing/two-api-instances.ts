import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../app.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET } from './factories.ts';
import { startServer } from './processes.ts';
import { createTestSchema, openTestDatabase, testDatabaseUrl } from './test-database.ts';

/** Two API instances on one database, for the fan-out tests: written through one, read from the other. */
export interface TwoApiInstances {
  database: Database;
  /** The instance events are written through (in this process: `inject`). */
  writer: FastifyInstance;
  /** The other instance's origin, reached over real HTTP. */
  readerUrl: string;
  /** An org's owner and a running review of theirs, to stream. */
  reviewId: number;
  headers: { authorization: string };
  close(): Promise<void>;
}

const appOn = (database: Database) =>
  buildApp({ database, jwtSecret: TEST_JWT_SECRET, logLevel: 'silent', webDist: '/nonexistent' });

/**
 * On PostgreSQL the reader is a process of its own (`ROLE=api`, as deployed), so events cross
 * processes through LISTEN/NOTIFY. PGlite lives inside one process: there the reader is a second
 * app on the same database, listening on a port of its own.
 */
export async function startTwoApiInstances(): Promise<TwoApiInstances> {
  const { database, readerUrl, stopReader } = testDatabaseUrl ? await processReader() : await inProcessReader();
  const writer = await appOn(database);
  const orgId = await makeOrg(database.db);
  const owner = await makeUser(database.db, orgId, 'owner');
  const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
  return {
    database,
    writer,
    readerUrl,
    reviewId,
    headers: { authorization: `Bearer ${owner.token}` },
    async close() {
      await stopReader();
      await writer.close();
      await database.close();
    },
  };
}

async function processReader() {
  const schema = await createTestSchema();
  const database = await openDatabase({ databaseUrl: schema.url });
  await migrateToLatest(database.db);
  const reader = await startServer({
    DATABASE_URL: schema.url,
    JWT_SECRET: TEST_JWT_SECRET,
    SECRETS_KEY: 'k'.repeat(32),
    DEMO: '0',
    ROLE: 'api',
  });
  return { database, readerUrl: reader.baseUrl, stopReader: () => reader.stop() };
}

async function inProcessReader() {
  const database = await openTestDatabase();
  const reader = await appOn(database);
  await reader.listen({ port: 0, host: '127.0.0.1' });
  const { port } = reader.server.address() as AddressInfo;
  return { database, readerUrl: `http://127.0.0.1:${port}`, stopReader: () => reader.close() };
}
