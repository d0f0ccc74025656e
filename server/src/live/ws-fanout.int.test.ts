import { describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../testing/test-database.ts';
import { startTwoApiInstances } from '../testing/two-api-instances.ts';
import { openWs } from '../testing/ws-client.ts';

// The WebSocket twin of fanout.int.test.ts: a socket on one API instance sees what was written
// through another, through the same event bus (two processes on PostgreSQL, two apps on PGlite).
describe(`WebSocket fan-out across two API instances on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  it('sends on a socket of one instance what was written through the other', async () => {
    const { writer, readerUrl, reviewId, headers, close } = await startTwoApiInstances();
    try {
      const topic = `review:${reviewId}`;
      const socket = await openWs(`${readerUrl.replace(/^http/, 'ws')}/api/v1/ws`, headers);
      socket.send({ op: 'subscribe', topic });
      await socket.until((m) => m.op === 'subscribed');
      socket.send({ op: 'subscribe', topic: 'reviews' });
      await socket.until((m) => m.op === 'subscribed');

      const ingest = (events: unknown[]) =>
        writer.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, headers, payload: { events } });
      expect((await ingest([{ type: 'log', data: { message: 'from the writer' } }])).statusCode).toBe(200);
      const first = await socket.until((m) => m.seq === 1);
      expect(first.at(-1)).toMatchObject({ topic, seq: 1, data: { message: 'from the writer' } });

      await ingest([{ type: 'status', data: { status: 'success' } }]);
      const rest = await socket.until((m) => m.op === 'end');
      expect(rest.filter((m) => m.topic === topic).map((m) => m.seq ?? m.op)).toEqual([2, 'end']);
      const list = rest.find((m) => m.topic === 'reviews') ?? (await socket.until((m) => m.topic === 'reviews')).at(-1);
      expect(list).toMatchObject({ topic: 'reviews', id: reviewId });
      socket.close();
    } finally {
      await close();
    }
  });
});
