import { describe, expect, it } from 'vitest';
import { outcomeView } from './outcome-view.ts';

describe('outcomeView', () => {
  it('warns about a review that read nothing, with its reason and a tip', () => {
    const view = outcomeView({
      status: 'success',
      outcome: 'nothing_reviewed',
      outcomeReason: 'every changed file was skipped',
    });
    expect(view).toMatchObject({
      label: 'Nothing reviewed',
      warn: true,
      sentence: 'Nothing reviewed: every changed file was skipped',
      detail: 'every changed file was skipped',
      canRetryFailed: false,
    });
    expect(view?.tip).toMatch(/does not mean the change is fine/);
  });

  it('names a partial review’s failed batches and offers to retry only those', () => {
    const view = outcomeView({
      status: 'success',
      outcome: 'partial',
      outcomeReason: null,
      failedBatches: ['batch-2', 'batch-5'],
    });
    expect(view).toMatchObject({
      warn: true,
      sentence: 'Partial: Batch 2 and Batch 5 failed',
      detail: 'Batch 2 and Batch 5 failed',
      canRetryFailed: true,
    });
  });

  it('says clean and findings plainly, and nothing while a review has no outcome', () => {
    expect(outcomeView({ status: 'success', outcome: 'clean', outcomeReason: null })).toMatchObject({
      label: 'Clean',
      warn: false,
      tip: null,
      detail: null,
    });
    expect(outcomeView({ status: 'success', outcome: 'findings', outcomeReason: null })?.warn).toBe(false);
    expect(outcomeView({ status: 'running', outcome: null, outcomeReason: null })).toBeNull();
    expect(outcomeView({ status: 'running' })).toBeNull();
  });
});
