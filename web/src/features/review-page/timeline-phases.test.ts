import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '@reviewtrace/contracts';
import { timelinePhases } from './timeline-phases.ts';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const batch = (batchId: string, startedAt: string, finishedAt: string | null): BatchSummary => ({
  batchId,
  status: finishedAt ? 'success' : 'running',
  fileCount: 1,
  tokenEstimate: 10,
  startedAt,
  finishedAt,
  durationMs: null,
  fallbackUsed: false,
  attempts: 1,
  commentCount: null,
});

describe('timeline phases', () => {
  it('folds parallel batches into one phase and fallbacks into one marker', () => {
    const phases = timelinePhases(
      [
        { name: 'queued', at: t(0) },
        { name: 'running', at: t(2) },
        { name: 'batch', batchId: 'batch-1', at: t(3) },
        { name: 'batch', batchId: 'batch-2', at: t(3) },
        { name: 'fallback', batchId: 'batch-1', at: t(10) },
        { name: 'fallback', batchId: 'batch-2', at: t(11) },
        { name: 'parsing', at: t(20) },
        { name: 'completed', at: t(21) },
      ],
      [batch('batch-1', t(3), t(12)), batch('batch-2', t(3), t(19))],
      2,
    );
    expect(phases.map((p) => p.label)).toEqual([
      'Queued',
      'Running',
      '2 batches',
      'Fallback used (2 batches)',
      'Parsing',
      'Completed',
    ]);
    expect(phases.find((p) => p.key === 'fallback')?.marker).toBe(true);
    // The batches span to the last one's finish; parsing starts after it, not at the first parse.
    expect(phases.find((p) => p.key === 'batches')?.end).toBe(t(19));
    expect(phases.find((p) => p.key === 'parsing')?.at).toBe(t(20));
  });

  it('leaves the batches open, and the current step, while one still runs', () => {
    const phases = timelinePhases(
      [
        { name: 'running', at: t(0) },
        { name: 'batch', batchId: 'batch-1', at: t(1) },
        { name: 'batch', batchId: 'batch-2', at: t(2) },
        // batch-1's answer was parsed while batch-2 still runs: that is not the parsing step.
        { name: 'parsing', at: t(5) },
      ],
      [batch('batch-1', t(1), t(4)), batch('batch-2', t(2), null)],
      2,
    );
    expect(phases.find((p) => p.key === 'batches')?.end).toBeUndefined();
    expect(phases.map((p) => p.key)).toEqual(['running', 'batches']);
  });

  it('shows parsing once the last batch has finished, from its finish', () => {
    const phases = timelinePhases(
      [
        { name: 'batch', batchId: 'batch-1', at: t(1) },
        { name: 'batch', batchId: 'batch-2', at: t(2) },
        { name: 'parsing', at: t(5) },
      ],
      [batch('batch-1', t(1), t(4)), batch('batch-2', t(2), t(9))],
      2,
    );
    expect(phases.at(-1)).toMatchObject({ key: 'parsing', at: t(9) });
  });

  it('names a single batch and a single fallback', () => {
    const phases = timelinePhases(
      [
        { name: 'queued', at: t(0) },
        { name: 'batch', batchId: 'batch-1', at: t(1) },
        { name: 'fallback', batchId: 'batch-1', at: t(5) },
        { name: 'failed', at: t(9) },
      ],
      [batch('batch-1', t(1), t(8))],
      1,
    );
    expect(phases.map((p) => p.label)).toEqual(['Queued', 'Batch 1', 'Fallback used (Batch 1)', 'Failed']);
  });
});
