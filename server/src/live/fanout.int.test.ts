import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET } from '../testing/factories.ts';
import { startServer } from '../testing/processes.ts';
import { openSse } from '../testing/sse-client.ts';
import { createTestSchema, openTestDatabase, testDatabaseUrl } from '../testing/test-database.ts';
import type { AddressInfo } from 'node:net';

const JWT_SECRET = TEST_JWT_SECRET;

// Two API processes need a database server; PGlite lives inside one process.
if (testDatabaseUrl) {
  describe('fan-out across two API processes on PostgreSQL', { timeout: 120_000 }, () => {
    it('streams from one process what was written through the other', async () => {
      const schema = await createTestSchema();
      const database = await openDatabase({ databaseUrl: schema.url });
      await migrateToLatest(database.db);
      const writerApp = await buildApp({
        database,
        jwtSecret: JWT_SECRET,
        logLevel: 'silent',
        webDist: '/nonexistent',
      });
      const reader = await startServer({
        DATABASE_URL: schema.url,
        JWT_SECRET,
        SECRETS_KEY: 'k'.repeat(32),
        DEMO: '0',
        ROLE: 'api',
      });
      try {
        const orgId = await makeOrg(database.db);
        const owner = await makeUser(database.db, orgId, 'owner');
        const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
        const headers = { authorization: `Bearer ${owner.token}` };

        const sse = await openSse(`${reader.baseUrl}/api/v1/reviews/${reviewId}/stream`, headers);
        expect(sse.status).toBe(200);
        await sse.until((f) => f.comment === 'connected');

        const ingest = (events: unknown[]) =>
          writerApp.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, headers, payload: { events } });
        expect((await ingest([{ type: 'log', data: { message: 'from the writer' } }])).statusCode).toBe(200);
        const frames = await sse.until((f) => f.id === '1');
        expect(JSON.parse(frames.at(-1)!.data!)).toMatchObject({ seq: 1, data: { message: 'from the writer' } });

        await ingest([{ type: 'status', data: { status: 'success' } }]);
        const rest = await sse.rest();
        expect(rest.map((f) => f.id ?? f.event)).toEqual(['2', 'end']);
      } finally {
        await reader.stop();
        await writerApp.close();
        await database.close();
        await schema.drop();
      }
    });
  });
} else {
  describe('fan-out across two API instances on one PGlite', () => {
    it('streams from one app what was written through the other', async () => {
      const database = await openTestDatabase();
      const writerApp = await buildApp({
        database,
        jwtSecret: JWT_SECRET,
        logLevel: 'silent',
        webDist: '/nonexistent',
      });
      const readerApp = await buildApp({
        database,
        jwtSecret: JWT_SECRET,
        logLevel: 'silent',
        webDist: '/nonexistent',
      });
      await readerApp.listen({ port: 0, host: '127.0.0.1' });
      try {
        const orgId = await makeOrg(database.db);
        const owner = await makeUser(database.db, orgId, 'owner');
        const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
        const headers = { authorization: `Bearer ${owner.token}` };
        const port = (readerApp.server.address() as AddressInfo).port;
        const sse = await openSse(`http://127.0.0.1:${port}/api/v1/reviews/${reviewId}/stream`, headers);
        await sse.until((f) => f.comment === 'connected');
        const response = await writerApp.inject({
          method: 'POST',
          url: `/api/v1/reviews/${reviewId}/events`,
          headers,
          payload: {
            events: [
              { type: 'log', data: { message: 'hello' } },
              { type: 'status', data: { status: 'failed' } },
            ],
          },
        });
        expect(response.statusCode).toBe(200);
        const frames = await sse.rest();
        expect(frames.map((f) => f.id ?? f.event)).toEqual(['1', '2', 'end']);
      } finally {
        await readerApp.close();
        await writerApp.close();
        await database.close();
      }
    });
  });
}
