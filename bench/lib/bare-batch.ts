import { sql } from 'kysely';
import type { Db } from '../../server/src/db/database.ts';
import { systemClock } from '../../server/src/lib/clock.ts';
import { createRealTools } from '../../server/src/engine/engine.ts';
import { buildReviewPrompt, reviewSystemPrompt } from '../../server/src/engine/prompt.ts';
import { OutboundPolicy } from '../../server/src/outbound/outbound-policy.ts';
import { openConnector } from '../../server/src/settings/secrets.ts';
import type { EngineFixture } from './engine-fixture.ts';
import { pastedDiff } from './engine-fixture.ts';

/**
 * The baselines the engine's per-batch overhead is printed beside, measured in the same run on the
 * same machine: what a batch costs with no engine at all, and what its events would cost a naive
 * logger that writes each one in its own autocommit INSERT.
 */
export interface BareBatchTimes {
  /** callModel + parse on the same connector and simulator, no events, no artifacts, no database. */
  wallMs: number[];
  modelMs: number[];
  overheadMs: number[];
}

/** `batches` model calls of a batch-sized prompt (`filesPerBatch` files), one after another. */
export async function bareBatches(
  fixture: EngineFixture,
  batches: number,
  filesPerBatch: number,
): Promise<BareBatchTimes> {
  const tools = createRealTools(OutboundPolicy.open());
  const connector = await openConnector(
    fixture.main.database.db,
    fixture.secrets,
    fixture.auth.orgId,
    fixture.connectors.streaming,
  );
  if (!connector) throw new Error('The bench connector is missing');
  const files = Array.from({ length: filesPerBatch }, (_, i) => `file-${i}`);
  const prompt = buildReviewPrompt({
    title: 'Bare baseline',
    repository: 'bench/bare',
    batchId: 'batch-1',
    batchCount: 1,
    files,
    diff: pastedDiff(filesPerBatch),
  });
  const times: BareBatchTimes = { wallMs: [], modelMs: [], overheadMs: [] };
  for (let i = 0; i < batches; i++) {
    const started = performance.now();
    const result = await tools.callModel(
      connector,
      { system: reviewSystemPrompt, prompt, json: true },
      { signal: new AbortController().signal, timeouts: {}, clock: systemClock, observer: {} },
    );
    tools.parseModelOutput(result.text);
    const wall = performance.now() - started;
    times.wallMs.push(wall);
    times.modelMs.push(result.durationMs);
    times.overheadMs.push(wall - result.durationMs);
  }
  return times;
}

/** Per batch: `events` rows, each its own autocommit INSERT (what a naive logger does). */
export async function naiveEventInserts(db: Db, batches: number, events: number): Promise<number[]> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS bench_naive_events (
    id bigserial PRIMARY KEY, review_id bigint, seq int, ts timestamptz, event_type text, data jsonb)`.execute(db);
  const times: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const started = performance.now();
    for (let seq = 0; seq < events; seq++) {
      await sql`INSERT INTO bench_naive_events (review_id, seq, ts, event_type, data)
                VALUES (${batch}, ${seq}, now(), 'log', ${JSON.stringify({ level: 'info', message: `event ${seq}` })})`.execute(
        db,
      );
    }
    times.push(performance.now() - started);
  }
  await sql`DROP TABLE bench_naive_events`.execute(db);
  return times;
}
