import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '@reviewtrace/contracts';
import { estimateRemainingMs } from './progress-estimate.ts';

const batch = (status: string, finishedAt: string | null): BatchSummary => ({
  batchId: `b-${Math.random()}`,
  status,
  fileCount: 1,
  tokenEstimate: 100,
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt,
  durationMs: null,
  fallbackUsed: false,
  attempts: 1,
  commentCount: null,
});

describe('time-left estimate', () => {
  const start = '2026-01-01T00:00:00Z';
  const now = Date.parse('2026-01-01T00:01:00Z');

  it('says nothing until a batch has finished', () => {
    expect(estimateRemainingMs([batch('running', null)], 4, start, now)).toBeNull();
  });

  it('extrapolates from the pace so far', () => {
    const batches = [
      batch('success', '2026-01-01T00:00:30Z'),
      batch('success', '2026-01-01T00:01:00Z'),
      batch('running', null),
    ];
    expect(estimateRemainingMs(batches, 6, start, now)).toBe(120_000);
  });

  it('has nothing left when every batch is done', () => {
    expect(estimateRemainingMs([batch('success', start)], 1, start, now)).toBeNull();
  });
});
