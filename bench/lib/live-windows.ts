import type { Database } from '../../server/src/db/database.ts';
import type { LiveReview } from './live-fixture.ts';
import { withClient } from '../../server/src/testing/with-client.ts';
import { buildIndexes, dropIndexesForBulkLoad } from './bulk-load.ts';

export interface SeededLog {
  events: number;
  batches: number;
  seconds: { insert: number; indexes: number; vacuum: number };
}

const since = (start: number) => (performance.now() - start) / 1000;

/**
 * Fills one review with `events` events in one set-based INSERT: mostly log lines, and per batch the
 * batch/model_call/parse events the detail page derives its progress from (one batch per 2,000
 * events: 500 batches in a million-event review). seq = g is given, so the per-row seq trigger is
 * skipped; the statement trigger runs once and sets the review's last_seq, last_event_at and
 * event_counts, as it would after a long run.
 */
export async function seedReviewLog(database: Database, review: LiveReview, events: number): Promise<SeededLog> {
  const batches = Math.max(10, Math.floor(events / 2_000));
  const per = Math.floor(events / batches);
  return withClient(database.pool, async (client) => {
    const indexes = await dropIndexesForBulkLoad(client, 'review_events');

    let t = performance.now();
    await client.query(
      `insert into review_events (review_id, org_id, seq, ts, event_type, level, batch_id, data)
       select $1::bigint, $2::bigint, g, now() - make_interval(secs => ($3::bigint - g) / 100.0),
         case k when 0 then 'batch' when 1 then 'model_call' when ${per - 2} then 'parse'
                when ${per - 1} then 'batch' else 'log' end,
         case when k = 0 or k = 1 or k >= ${per - 2} then 'info'
              when g % 97 = 0 then 'warn' when g % 5 = 0 then 'debug' else 'info' end,
         'b' || b,
         case k
           when 0 then jsonb_build_object('batchId', 'b' || b, 'status', 'running', 'fileCount', 4)
           when 1 then jsonb_build_object('batchId', 'b' || b, 'phase', 'start', 'model', 'gpt-4o', 'streaming', true)
           when ${per - 2} then jsonb_build_object('batchId', 'b' || b, 'outcome', 'ok')
           when ${per - 1} then jsonb_build_object('batchId', 'b' || b, 'status', 'success', 'commentCount', b % 3)
           else jsonb_build_object('level', 'info', 'message',
             'Batch ' || b || ': model chunk ' || k || ' received, ' || (g % 4000) || ' chars so far')
         end
       from (select g, (g - 1) / ${per} as b, (g - 1) % ${per} as k
               from generate_series(1::bigint, $3::bigint) as g) s`,
      [review.id, review.orgId, events],
    );
    const insert = since(t);

    t = performance.now();
    await buildIndexes(client, indexes);
    const indexesS = since(t);

    // The visibility map and statistics autovacuum would have produced after a long-running review.
    t = performance.now();
    await client.query('vacuum (analyze) review_events');
    await client.query('analyze reviews');
    const vacuum = since(t);
    await client.query('reset all');
    return { events, batches, seconds: { insert, indexes: indexesS, vacuum } };
  });
}

/** The read paths of a huge review's page: newest lines, scrolling back or forward, the header. */
export function windowCases(reviewId: number, events: number): { name: string; path: string; targetMs: number }[] {
  const middle = Math.floor(events / 2);
  const base = `/api/v1/reviews/${reviewId}`;
  return [
    { name: 'events tail=500', path: `${base}/events?tail=500`, targetMs: 15 },
    { name: `events before=${middle}&limit=500`, path: `${base}/events?before=${middle}&limit=500`, targetMs: 15 },
    { name: `events after=${middle}&limit=500`, path: `${base}/events?after=${middle}&limit=500`, targetMs: 15 },
    { name: 'review detail', path: base, targetMs: 25 },
  ];
}
