import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { grantRole } from '../admin/admin.repository.ts';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET, type TestUser } from '../testing/factories.ts';
import { request } from '../testing/test-app.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

describe(`rate limits on ${testDatabaseKind}`, () => {
  let database: Database;
  let app: FastifyInstance;
  let orgId: number;
  let reviewId: number;
  const build = (options: Partial<AppOptions> = {}) =>
    buildApp({
      database,
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      webDist: '/nonexistent',
      rateLimits: { downloads: 2, ingestion: 1, signIn: 2 },
      ...options,
    });
  const downloadLog = (u: TestUser, review = reviewId, org?: number) =>
    request(app, u.token, { method: 'GET', url: `/api/v1/reviews/${review}/log`, org });
  const ingest = (u: TestUser, payload: unknown) =>
    request(app, u.token, { method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, payload: payload as object });

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await build();
    orgId = await makeOrg(database.db);
    reviewId = await makeReview(database.db, orgId);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers 429 with Retry-After in the error envelope once a user exceeds a limit, per user', async () => {
    const user = await makeUser(database.db, orgId, 'owner');
    const other = await makeUser(database.db, orgId, 'owner');
    expect((await downloadLog(user)).statusCode).toBe(200);
    expect((await downloadLog(user)).statusCode).toBe(200);
    const limited = await downloadLog(user);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await downloadLog(other)).statusCode).toBe(200);
  });

  it('limits ingestion separately', async () => {
    const user = await makeUser(database.db, orgId, 'owner');
    expect((await downloadLog(user)).statusCode).toBe(200);
    expect((await ingest(user, { events: [{ type: 'log', data: { message: 'x' } }] })).statusCode).toBe(200);
    expect((await ingest(user, { events: [{ type: 'log', data: { message: 'x' } }] })).statusCode).toBe(429);
  });

  it('gives a user one budget across the orgs they act in (X-Org-Context does not multiply it)', async () => {
    const otherOrg = await makeOrg(database.db);
    const otherReview = await makeReview(database.db, otherOrg);
    const user = await makeUser(database.db, orgId, 'owner');
    await grantRole(database.db, user.id, otherOrg, 'owner');
    expect((await downloadLog(user, reviewId, orgId)).statusCode).toBe(200);
    expect((await downloadLog(user, otherReview, otherOrg)).statusCode).toBe(200);
    expect((await downloadLog(user, otherReview, otherOrg)).statusCode).toBe(429);
    expect((await downloadLog(user, reviewId, orgId)).statusCode).toBe(429);
  });

  it('counts invalid requests too: a flood of 400s reaches 429', async () => {
    const user = await makeUser(database.db, orgId, 'owner');
    expect((await ingest(user, { events: 'not a list' })).statusCode).toBe(400);
    const limited = await ingest(user, { events: 'not a list' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    // Malformed JSON is counted (and refused) as well, before it is parsed.
    const malformed = await request(app, user.token, {
      method: 'POST',
      url: `/api/v1/reviews/${reviewId}/events`,
      headers: { 'content-type': 'application/json' },
      payload: '{"events": [',
    });
    expect(malformed.statusCode).toBe(429);
  });

  it('does not let requests without valid credentials spend a user budget', async () => {
    const user = await makeUser(database.db, orgId, 'owner');
    for (let i = 0; i < 3; i++) {
      expect(
        (await request(app, 'not-a-jwt', { method: 'GET', url: `/api/v1/reviews/${reviewId}/log` })).statusCode,
      ).toBe(401);
    }
    expect((await downloadLog(user)).statusCode).toBe(200);
  });

  describe('signed downloads, keyed by client address', () => {
    const signedDownload = (target: FastifyInstance, forwardedFor: string) =>
      target.inject({
        method: 'GET',
        url: `/api/v1/artifacts/${randomUUID()}/content?exp=1&sig=forged`,
        headers: { 'x-forwarded-for': forwardedFor },
      });

    it('ignores X-Forwarded-For without TRUST_PROXY: a spoofed address gets no fresh budget', async () => {
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push((await signedDownload(app, address)).statusCode);
      }
      expect(statuses[0]).not.toBe(429);
      expect(statuses[1]).not.toBe(429);
      expect(statuses[2]).toBe(429);
    });

    it('believes the proxy with TRUST_PROXY=1: each forwarded client has its own budget', async () => {
      const { trustProxy } = loadConfig({ TRUST_PROXY: '1', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'rt-proxy-')) });
      const proxied = await build({ trustProxy });
      try {
        for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
          expect((await signedDownload(proxied, address)).statusCode).not.toBe(429);
        }
        expect((await signedDownload(proxied, '198.51.100.1')).statusCode).not.toBe(429);
        expect((await signedDownload(proxied, '198.51.100.1')).statusCode).toBe(429);
      } finally {
        await proxied.close();
      }
    });
  });

  it('limits sign-in attempts per client address', async () => {
    const attempt = () => app.inject({ method: 'POST', url: '/auth/session', payload: { token: 'guess' } });
    expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
  });
});
