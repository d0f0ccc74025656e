import type { DemoServer } from './demo-server.ts';
import { OWNER } from './demo-server.ts';

/**
 * Reviews driven by the test through the ingestion API (an "external engine"), so what the page must
 * show is known exactly: the same path a host product's engine uses.
 */
export async function createExternalReview(demo: DemoServer, title: string): Promise<number> {
  const review = await demo.api<{ id: number }>(OWNER, '/api/v1/reviews', {
    method: 'POST',
    body: { engine: 'external', prMrUrl: `https://github.com/acme/e2e/pull/${Math.floor(Math.random() * 1e6)}`, title },
  });
  return review.id;
}

export interface IncomingEvent {
  type: string;
  level?: string;
  batchId?: string;
  data: Record<string, unknown>;
}

export async function postEvents(demo: DemoServer, reviewId: number, events: IncomingEvent[]): Promise<number> {
  let lastSeq = 0;
  for (let i = 0; i < events.length; i += 1000) {
    const response = await demo.api<{ lastSeq: number }>(OWNER, `/api/v1/reviews/${reviewId}/events`, {
      method: 'POST',
      body: { events: events.slice(i, i + 1000) },
    });
    lastSeq = response.lastSeq;
  }
  return lastSeq;
}

export const logLine = (message: string, level = 'info', batchId?: string): IncomingEvent => ({
  type: 'log',
  level,
  batchId,
  data: { message },
});

export const logLines = (count: number, text: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => logLine(text(i + 1)));

export const statusEvent = (status: string): IncomingEvent => ({ type: 'status', data: { status } });
