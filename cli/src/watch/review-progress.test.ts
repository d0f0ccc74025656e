import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { ReviewProgress } from './review-progress.ts';

let seq = 0;
const event = (type: string, data: Record<string, unknown>, batchId: string | null = null): ReviewEvent => ({
  seq: ++seq,
  reviewId: 1,
  type,
  time: '2026-01-01T00:00:00.000Z',
  level: null,
  batchId,
  data,
});
const batch = (id: string, status: string) => event('batch', { batchId: id, status }, id);

describe('ReviewProgress (the watch status line)', () => {
  it('counts batch N of M the way the server counts progress: distinct ids, done when finished', () => {
    let now = 0;
    const progress = new ReviewProgress({ status: 'running', durationMs: 5_000 }, () => now);
    expect(progress.details({ elapsed: true })).toEqual(['5s']);
    for (const e of [batch('batch-1', 'running'), batch('batch-2', 'queued'), batch('batch-3', 'queued')])
      progress.apply(e);
    expect(progress.batchText()).toBe('batch 1 of 3');
    progress.apply(batch('batch-1', 'success'));
    progress.apply(batch('batch-2', 'failed'));
    // A later event of a finished batch (a comment count) does not make it unfinished.
    progress.apply(batch('batch-1', 'running'));
    expect(progress.batchText()).toBe('batch 3 of 3');
    progress.apply(batch('batch-3', 'completed'));
    now = 7_000;
    expect(progress.details({ elapsed: true })).toEqual(['3 of 3 batches', '12s']);
  });

  it('moves status forward only, so replaying a finished review’s history does not show it running', () => {
    const progress = new ReviewProgress({ status: 'failed', durationMs: 61_000 }, () => 0);
    progress.apply(event('status', { status: 'running' }));
    expect(progress.status).toBe('failed');
    expect(progress.elapsedMs()).toBe(61_000);
  });

  it('starts the clock when a queued review starts running, and stops it at the reported duration', () => {
    let now = 100;
    const progress = new ReviewProgress({ status: 'queued', durationMs: null }, () => now);
    expect(progress.details({ elapsed: true })).toEqual([]);
    progress.apply(event('status', { status: 'started' }));
    now = 2_600;
    expect(progress.status).toBe('running');
    expect(progress.elapsedMs()).toBe(2_500);
    progress.apply(event('status', { status: 'completed', durationMs: 2_400 }));
    now = 99_000;
    expect(progress.status).toBe('success');
    expect(progress.elapsedMs()).toBe(2_400);
  });
});
