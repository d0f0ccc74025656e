import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewListResponse, ReviewSummary } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { importsOnlyDiff, lockFileOnlyDiff, threeBatchDiff } from '../testing/outcome-diffs.ts';
import { cartTotalsDiff } from '../testing/sample-diff.ts';

/** Every outcome a finished review can have, from the engine against the simulator (issue 15 §3). */
describe(`review outcomes on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness();
    // One file per batch for threeBatchDiff.
    h.startEngine({ batchTokenBudget: 200 });
  });
  afterAll(() => h.close());

  const review = async (connectorId: number, diff: string) => {
    const created = await h.api('POST', '/reviews', { diff, title: 'Outcome', connectorId });
    expect(created.status).toBe(201);
    return h.finished((created.json as ReviewSummary).id);
  };
  const completion = async (id: number) => {
    const page = (await h.api('GET', `/reviews/${id}/events?type=completion`)).json as EventsPage;
    return page.events[0]!.data;
  };

  it('clean: everything read, no findings', async () => {
    const detail = await review(await h.connector('openai'), importsOnlyDiff);
    expect(detail).toMatchObject({ status: 'success', outcome: 'clean', outcomeReason: null, commentCount: 0 });
    expect(await completion(detail.id)).toMatchObject({ outcome: 'clean' });
  });

  it('findings: everything read, comments made', async () => {
    const detail = await review(await h.connector('ollama'), cartTotalsDiff);
    expect(detail.status).toBe('success');
    expect(detail.commentCount).toBeGreaterThan(0);
    expect(detail.outcome).toBe('findings');
  });

  it('partial: one batch failed to parse, and the review names it', async () => {
    const connectorId = await h.connector('openai', 'healthy', { garbageFor: 'bravo' });
    const detail = await review(connectorId, threeBatchDiff);
    expect(detail.batches.map((b) => [b.batchId, b.status])).toEqual([
      ['batch-1', 'success'],
      ['batch-2', 'failed'],
      ['batch-3', 'success'],
    ]);
    expect(detail).toMatchObject({ status: 'success', outcome: 'partial', failedBatches: ['batch-2'] });
    expect(detail.outcomeReason).toMatch(/^Batch 2 failed: /);
    expect(await completion(detail.id)).toMatchObject({ outcome: 'partial', failedBatches: ['batch-2'] });
  });

  it('nothing reviewed: every changed file was skipped — a success that says it read nothing', async () => {
    const detail = await review(await h.connector('openai'), lockFileOnlyDiff);
    expect(detail).toMatchObject({
      status: 'success',
      outcome: 'nothing_reviewed',
      outcomeReason: 'every changed file was skipped',
      batches: [],
    });
    const summary = await fetch(`${h.baseUrl}/reviews/${detail.id}/summary?format=md`, {
      headers: { authorization: `Bearer ${h.owner.token}` },
    });
    expect(await summary.text()).toContain('> ⚠ Nothing reviewed: every changed file was skipped.');
  });

  it('nothing reviewed: the model answered empty', async () => {
    const detail = await review(await h.connector('openai', 'empty', { streaming: false }), cartTotalsDiff);
    expect(detail).toMatchObject({
      status: 'success',
      outcome: 'nothing_reviewed',
      outcomeReason: 'the model answered empty',
      commentCount: 0,
    });
    expect(detail.result?.summary).toMatch(/^Nothing reviewed: the model answered empty/);
  });

  it('failed: every batch failed to parse stays a failed review, outcome failed', async () => {
    const detail = await review(await h.connector('openai', 'garbage'), cartTotalsDiff);
    expect(detail).toMatchObject({ status: 'failed', outcome: 'failed', errorCategory: 'invalid_json' });
    expect(detail.outcomeReason).toContain('batch-1');
  });

  it('lists the outcome on each row and filters by it; an unknown outcome is a 400', async () => {
    const list = (await h.api('GET', '/reviews?per_page=100&outcome=nothing_reviewed,partial'))
      .json as ReviewListResponse;
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    expect(new Set(list.items.map((r) => r.outcome))).toEqual(new Set(['nothing_reviewed', 'partial']));
    expect(list.items.find((r) => r.outcome === 'partial')?.failedBatches).toEqual(['batch-2']);
    const bad = await h.api('GET', '/reviews?outcome=fine');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'bad_request' } });
  });
});
