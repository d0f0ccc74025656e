import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { markCancelRequested } from '../reviews/reviews.repository.ts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { openSse } from '../testing/sse-client.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const DIFF = `diff --git a/src/cart.ts b/src/cart.ts
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -1,3 +1,4 @@
 export function total(items: number[]) {
-  return items.reduce((a, b) => a + b);
+  const sum = items.reduce((a, b) => a + b, 0);
+  return sum;
 }
`;

describe(`a cancel the worker has not noticed yet, on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness();
    // A tick far longer than the test: the worker's signal never learns of the cancel by itself,
    // as when a push supersedes the review right as its last batch answers.
    h.startEngine({ tickMs: 600_000, leaseMs: 1_200_000 });
  });
  afterAll(() => h.close());

  it('ends the review canceled and saves none of its comments', async () => {
    // A healthy answer, streamed slowly enough that the cancel lands while the model still talks.
    const connectorId = await h.connector('openai', 'healthy', { chunkDelayMs: 80 });
    const created = await h.api('POST', '/reviews', { diff: DIFF, title: 'Fix cart totals', connectorId });
    const id = (created.json as ReviewSummary).id;
    const sse = await openSse(`${h.baseUrl}/reviews/${id}/stream`, { authorization: `Bearer ${h.owner.token}` });
    await sse.until((f) => f.event === 'model_call');
    sse.close();

    // Requested by another process, with no notification reaching this worker.
    await markCancelRequested(h.database.db, id, new Date());

    expect(await h.finished(id)).toMatchObject({ status: 'canceled', errorCategory: 'canceled', commentCount: 0 });
    const saved = await h.database.db.selectFrom('ai_comments').select('id').where('review_id', '=', id).execute();
    expect(saved).toEqual([]);
    const batches = (await h.finished(id)).batches;
    expect(batches.every((b) => b.status === 'success')).toBe(true);
  });
});
