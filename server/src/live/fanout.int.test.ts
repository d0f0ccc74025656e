import { describe, expect, it } from 'vitest';
import { openSse } from '../testing/sse-client.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { startTwoApiInstances } from '../testing/two-api-instances.ts';

// On PostgreSQL across two API processes; on PGlite (which lives inside one process) across two apps.
describe(`fan-out across two API instances on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  it('streams from one instance what was written through the other', async () => {
    const { writer, readerUrl, reviewId, headers, close } = await startTwoApiInstances();
    try {
      const sse = await openSse(`${readerUrl}/api/v1/reviews/${reviewId}/stream`, headers);
      expect(sse.status).toBe(200);
      await sse.until((f) => f.comment === 'connected');

      const ingest = (events: unknown[]) =>
        writer.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/events`, headers, payload: { events } });
      expect((await ingest([{ type: 'log', data: { message: 'from the writer' } }])).statusCode).toBe(200);
      const frames = await sse.until((f) => f.id === '1');
      expect(JSON.parse(frames.at(-1)!.data!)).toMatchObject({ seq: 1, data: { message: 'from the writer' } });

      await ingest([{ type: 'status', data: { status: 'success' } }]);
      const rest = await sse.rest();
      expect(rest.map((f) => f.id ?? f.event)).toEqual(['2', 'end']);
    } finally {
      await close();
    }
  });
});
