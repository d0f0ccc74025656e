import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import type { RateLimits } from '../http/rate-limits.ts';
import { TEST_JWT_SECRET } from './factories.ts';
import { openTestDatabase } from './test-database.ts';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** One app on one fresh database per test file (opening PGlite takes seconds; sharing is cheap). */
export async function startTestApp(
  options: { demo?: boolean; now?: () => Date; rateLimits?: Partial<RateLimits>; dataDir?: string } = {},
): Promise<TestContext> {
  const database = await openTestDatabase();
  const app = await buildApp({
    database,
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    webDist: '/nonexistent',
    demo: options.demo ?? false,
    now: options.now,
    rateLimits: options.rateLimits,
    dataDir: options.dataDir,
  });
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
