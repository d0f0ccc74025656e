import { describe, expect, it } from 'vitest';
import { timelinePhases } from './timeline-phases.ts';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

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
      2,
    );
    expect(phases.map((p) => p.label)).toEqual([
      'Queued',
      'Running',
      'Batches (2 of 2 started)',
      'Fallback used (2 batches)',
      'Parsing',
      'Completed',
    ]);
    expect(phases.find((p) => p.key === 'fallback')?.marker).toBe(true);
  });

  it('names a single batch and a single fallback', () => {
    const phases = timelinePhases(
      [
        { name: 'queued', at: t(0) },
        { name: 'batch', batchId: 'batch-1', at: t(1) },
        { name: 'fallback', batchId: 'batch-1', at: t(5) },
        { name: 'failed', at: t(9) },
      ],
      1,
    );
    expect(phases.map((p) => p.label)).toEqual(['Queued', 'Batch batch-1', 'Fallback used (batch-1)', 'Failed']);
  });
});
