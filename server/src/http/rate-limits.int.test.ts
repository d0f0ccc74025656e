import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET, type TestUser } from '../testing/factories.ts';
import { request } from '../testing/test-app.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import type { FastifyInstance } from 'fastify';

describe(`rate limits on ${testDatabaseKind}`, () => {
  let database: Database;
  let app: FastifyInstance;
  let user: TestUser;
  let other: TestUser;
  let reviewId: number;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildApp({
      database,
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      webDist: '/nonexistent',
      rateLimits: { downloads: 2, ingestion: 1 },
    });
    const orgId = await makeOrg(database.db);
    user = await makeUser(database.db, orgId, 'owner');
    other = await makeUser(database.db, orgId, 'owner');
    reviewId = await makeReview(database.db, orgId);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers 429 with Retry-After in the error envelope once a user exceeds a limit, per user', async () => {
    const download = (u: TestUser) => request(app, u.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/log` });
    expect((await download(user)).statusCode).toBe(200);
    expect((await download(user)).statusCode).toBe(200);
    const limited = await download(user);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await download(other)).statusCode).toBe(200);
  });

  it('limits ingestion separately', async () => {
    const ingest = () =>
      request(app, user.token, {
        method: 'POST',
        url: `/api/v1/reviews/${reviewId}/events`,
        payload: { events: [{ type: 'log', data: { message: 'x' } }] },
      });
    expect((await ingest()).statusCode).toBe(200);
    expect((await ingest()).statusCode).toBe(429);
  });
});
