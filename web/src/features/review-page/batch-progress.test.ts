import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '@reviewtrace/contracts';
import { batchOutcome, batchProgress, batchStatusLook, outcomeText, progressHeadline } from './batch-progress.ts';

const batch = (n: number, status: string): BatchSummary => ({
  batchId: `batch-${n}`,
  status,
  fileCount: 1,
  tokenEstimate: 10,
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: ['running', 'retrying', 'fallback', 'queued'].includes(status) ? null : '2026-01-01T00:00:10Z',
  durationMs: null,
  fallbackUsed: false,
  attempts: 1,
  commentCount: null,
});

describe('batch progress', () => {
  it('never calls failed batches done', () => {
    const progress = batchProgress([batch(1, 'failed'), batch(2, 'failed'), batch(3, 'failed')], 3);
    expect(progress).toMatchObject({ succeeded: 0, failed: 3, canceled: 0 });
    expect(progressHeadline(progress)).toBe('3 batches: 3 failed');
  });

  it('counts succeeded, failed and canceled separately', () => {
    const progress = batchProgress([batch(1, 'success'), batch(2, 'success'), batch(3, 'failed')], 3);
    expect(outcomeText(progress)).toBe('2 done, 1 failed');
    expect(progressHeadline(progress)).toBe('3 batches: 2 done, 1 failed');
    const canceled = batchProgress([batch(1, 'success'), batch(2, 'canceled')], 2);
    expect(progressHeadline(canceled)).toBe('2 batches: 1 done, 1 canceled');
  });

  it('says "N of N done" only when every batch succeeded', () => {
    expect(progressHeadline(batchProgress([batch(1, 'success'), batch(2, 'completed')], 2))).toBe(
      '2 of 2 batches done',
    );
    expect(progressHeadline(batchProgress([], 3))).toBe('0 of 3 batches done');
  });

  it('names the batches running in parallel', () => {
    expect(progressHeadline(batchProgress([batch(1, 'running'), batch(2, 'fallback')], 3))).toBe(
      'Batches 1–2 of 3 running',
    );
    expect(progressHeadline(batchProgress([batch(1, 'success'), batch(2, 'retrying')], 3))).toBe(
      'Batch 2 of 3 running',
    );
    expect(progressHeadline(batchProgress([batch(1, 'running'), batch(2, 'success'), batch(3, 'running')], 4))).toBe(
      'Batches 1, 3 of 4 running',
    );
    const many = [1, 2, 3, 4, 5, 6].map((n) => batch(n, n % 2 ? 'running' : 'success'));
    many.push(batch(7, 'running'), batch(8, 'failed'), batch(9, 'running'));
    expect(progressHeadline(batchProgress(many, 9))).toBe('5 of 9 batches running');
  });

  it('a batch ended by a cancel is canceled, not failed', () => {
    expect(batchOutcome(batch(1, 'canceled'))).toBe('canceled');
    expect(batchOutcome(batch(1, 'queued'))).toBe('waiting');
    expect(batchStatusLook(batch(1, 'canceled'))).toEqual({
      icon: 'canceled',
      className: 'status-canceled',
      spinner: false,
      label: 'canceled',
    });
    expect(batchStatusLook(batch(1, 'failed')).className).toBe('status-failed');
    expect(batchStatusLook(batch(1, 'fallback')).className).toBe('status-warning');
    expect(batchStatusLook(batch(1, 'running')).spinner).toBe(true);
  });

  it('nothing runs once the review has ended: open batches ended with it', () => {
    const batches = [batch(1, 'success'), batch(2, 'running')];
    const canceled = batchProgress(batches, 3, 'canceled');
    expect(canceled).toMatchObject({ succeeded: 1, canceled: 2, runningPositions: [] });
    expect(progressHeadline(canceled)).toBe('3 batches: 1 done, 2 canceled');
    expect(batchStatusLook(batch(2, 'running'), 'canceled')).toMatchObject({ label: 'canceled', spinner: false });
    const failed = batchProgress(batches, 2, 'failed');
    expect(progressHeadline(failed)).toBe('2 batches: 1 done, 1 not run');
    expect(progressHeadline(batchProgress(batches, 3, 'running'))).toBe('Batch 2 of 3 running');
  });
});
