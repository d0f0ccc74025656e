import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../../server/src/app.ts';
import type { Database } from '../../../server/src/db/database.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { TEST_JWT_SECRET } from '../../../server/src/testing/factories.ts';
import { openTestDatabase } from '../../../server/src/testing/test-database.ts';

/**
 * The real server for the CLI's tests: real HTTP on loopback over a fresh PGlite (or PostgreSQL with
 * TEST_DATABASE_URL) database, which can be stopped and started again on the same port and database,
 * as a restart or rolling deploy would, while a `reviewtrace watch` is connected.
 */
export interface CliTestServer {
  database: Database;
  /** The server root, as a user sets REVIEWTRACE_URL. */
  url: string;
  /** Stops the HTTP server (open streams get their `retry:` farewell and close); the database stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A short `retry:` farewell, so a client told to come back does not sit out the default 3–6 s. */
const streams = { retryMs: 100 };

async function listen(database: Database, port: number, clock: Clock | undefined): Promise<FastifyInstance> {
  const app = await buildApp({
    database,
    ...(clock ? { clock } : {}),
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    webDist: '/nonexistent',
    demo: false,
    streams,
  });
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}

/** `clock`: the server's clock for streams and token expiry (a ManualClock moves it by hand). */
export async function startCliTestServer(options: { clock?: Clock } = {}): Promise<CliTestServer> {
  const database = await openTestDatabase();
  let app: FastifyInstance | undefined = await listen(database, 0, options.clock);
  const { port } = app.server.address() as AddressInfo;
  return {
    database,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app?.close();
      app = undefined;
    },
    async start() {
      app = await listen(database, port, options.clock);
    },
    async close() {
      await app?.close();
      await database.close();
    },
  };
}
