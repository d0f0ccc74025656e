import type { Database } from '../../server/src/db/database.ts';
import type { LiveReview } from './live-fixture.ts';

export interface IngestPlan {
  /** Concurrent clients, each posting to its own review, one request at a time. */
  clients: number;
  batch: number;
  seconds: number;
  /** With an `eventId` per event (the idempotent path: one more query per request). */
  eventIds: boolean;
}

export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Per request (ingestion) or per INSERT (naive), ms. */
  latencies: number[];
}

/**
 * A request body built once per client: the same 500 lines each time, realistic in size (~150 bytes of
 * JSON per event). Only the eventIds change, through a placeholder, so the client spends its time
 * sending, not building JSON.
 */
function bodyTemplate(client: number, batch: number, eventIds: boolean): string {
  const events = Array.from({ length: batch }, (_, i) => ({
    ...(eventIds ? { eventId: `c${client}-#REQ#-${i}` } : {}),
    type: 'log',
    level: i % 50 === 0 ? 'warn' : 'info',
    data: { message: `Batch ${1 + (i % 7)}: reviewed src/module-${i}.ts, 4 hunks, model streaming (${i} chunks)` },
  }));
  return JSON.stringify({ events });
}

/** POST /reviews/{id}/events through real HTTP (fetch, keep-alive) for a fixed time; events/s. */
export async function ingestOverHttp(
  baseUrl: string,
  ownerToken: string,
  reviews: LiveReview[],
  plan: IngestPlan,
): Promise<Throughput> {
  const latencies: number[] = [];
  let events = 0;
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  const client = async (c: number) => {
    const review = reviews[c % reviews.length]!;
    const template = bodyTemplate(c, plan.batch, plan.eventIds);
    const url = `${baseUrl}/api/v1/reviews/${review.id}/events`;
    const headers = { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' };
    for (let request = 0; performance.now() < deadline; request++) {
      const body = plan.eventIds ? template.replaceAll('#REQ#', String(request)) : template;
      const t0 = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body });
      const text = await response.text();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`POST ${url} → ${response.status}: ${text.slice(0, 300)}`);
      const { accepted } = JSON.parse(text) as { accepted: number };
      if (accepted !== plan.batch) throw new Error(`POST ${url} stored ${accepted} of ${plan.batch} events`);
      events += accepted;
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds, latencies };
}

/**
 * The baseline batching must beat: one autocommit INSERT per event naming only the contract
 * columns, so the per-row trigger takes seq from reviews.last_seq and the statement trigger updates
 * the review, once per event. Same concurrency as the HTTP clients, on their own reviews.
 */
export async function naiveInserts(
  database: Database,
  reviews: LiveReview[],
  options: { clients: number; events: number },
): Promise<Throughput> {
  const latencies: number[] = [];
  const perClient = Math.ceil(options.events / options.clients);
  const started = performance.now();
  const client = async (c: number) => {
    const review = reviews[c % reviews.length]!;
    for (let i = 0; i < perClient; i++) {
      const t0 = performance.now();
      await database.pool.query(
        'INSERT INTO review_events (review_id, org_id, event_type, level, data) VALUES ($1, $2, $3, $4, $5)',
        [review.id, review.orgId, 'log', 'info', JSON.stringify({ message: `naive line ${i} of client ${c}` })],
      );
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  const events = perClient * options.clients;
  return { events, seconds, eventsPerSecond: events / seconds, latencies };
}
