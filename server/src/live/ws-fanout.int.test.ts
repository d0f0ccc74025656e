import { describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET } from '../testing/factories.ts';
import { startServer } from '../testing/processes.ts';
import { createTestSchema, openTestDatabase, testDatabaseUrl } from '../testing/test-database.ts';
import { openWs } from '../testing/ws-client.ts';

const JWT_SECRET = TEST_JWT_SECRET;

// The WebSocket twin of fanout.int.test.ts: a socket on one API process (or app) sees what was
// written through another, through the same event bus.
if (testDatabaseUrl) {
  describe('WebSocket fan-out across two API processes on PostgreSQL', { timeout: 120_000 }, () => {
    it('sends on a socket of one process what was written through the other', async () => {
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
        const topic = `review:${reviewId}`;

        const socket = await openWs(`${reader.baseUrl.replace(/^http/, 'ws')}/api/v1/ws`, headers);
        socket.send({ op: 'subscribe', topic });
        await socket.until((m) => m.op === 'subscribed');
        socket.send({ op: 'subscribe', topic: 'reviews' });
        await socket.until((m) => m.op === 'subscribed');

        const ingest = (events: unknown[]) =>
          writerApp.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, headers, payload: { events } });
        expect((await ingest([{ type: 'log', data: { message: 'from the writer' } }])).statusCode).toBe(200);
        const first = await socket.until((m) => m.seq === 1);
        expect(first.at(-1)).toMatchObject({ topic, seq: 1, data: { message: 'from the writer' } });

        await ingest([{ type: 'status', data: { status: 'success' } }]);
        const rest = await socket.until((m) => m.op === 'end');
        expect(rest.filter((m) => m.topic === topic).map((m) => m.seq ?? m.op)).toEqual([2, 'end']);
        const list =
          rest.find((m) => m.topic === 'reviews') ?? (await socket.until((m) => m.topic === 'reviews')).at(-1);
        expect(list).toMatchObject({ topic: 'reviews', id: reviewId });
        socket.close();
      } finally {
        await reader.stop();
        await writerApp.close();
        await database.close();
        await schema.drop();
      }
    });
  });
} else {
  describe('WebSocket fan-out across two API instances on one PGlite', () => {
    it('sends on a socket of one app what was written through the other', async () => {
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
        const socket = await openWs(`ws://127.0.0.1:${port}/api/v1/ws`, headers);
        socket.send({ op: 'subscribe', topic: `review:${reviewId}` });
        await socket.until((m) => m.op === 'subscribed');
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
        const messages = await socket.until((m) => m.op === 'end');
        expect(messages.map((m) => m.seq ?? m.op)).toEqual([1, 2, 'end']);
        socket.close();
      } finally {
        await readerApp.close();
        await writerApp.close();
        await database.close();
      }
    });
  });
}
