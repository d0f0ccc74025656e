import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../app.ts';
import type { Database } from '../db/database.ts';
import { TEST_JWT_SECRET } from './factories.ts';
import { openTestDatabase } from './test-database.ts';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export type TestAppOptions = Omit<AppOptions, 'database' | 'jwtSecret'> & {
  /** Hooks to add before the app starts: Fastify refuses them once it is ready. */
  configure?: (app: FastifyInstance) => void;
};

/** One app on one fresh database per test file (opening PGlite takes seconds; sharing is cheap). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestContext> {
  const { configure, ...appOptions } = options;
  const database = await openTestDatabase();
  const app = await buildApp({
    logLevel: 'silent',
    webDist: '/nonexistent',
    demo: false,
    ...appOptions,
    database,
    jwtSecret: TEST_JWT_SECRET,
  });
  configure?.(app);
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export type ListeningTestContext = TestContext & { baseUrl: string };

/**
 * The same app listening on a free loopback port, for what `inject` cannot do (SSE streams, uploads
 * cut off mid-body): `baseUrl` is its API root, `http://127.0.0.1:<port>/api/v1`.
 */
export async function startListeningTestApp(options: TestAppOptions = {}): Promise<ListeningTestContext> {
  const context = await startTestApp(options);
  await context.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = context.app.server.address() as AddressInfo;
  return { ...context, baseUrl: `http://127.0.0.1:${port}/api/v1` };
}

/** An injected request with a bearer token and optional org header. */
export function request(
  app: FastifyInstance,
  token: string | undefined,
  options: InjectOptions & { org?: number | string },
): Promise<LightMyRequestResponse> {
  const { org, headers, ...rest } = options;
  return app.inject({
    ...rest,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(org === undefined ? {} : { 'x-org-context': String(org) }),
      ...headers,
    },
  });
}
