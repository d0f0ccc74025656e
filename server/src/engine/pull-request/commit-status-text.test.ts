import { describe, expect, it } from 'vitest';
import {
  canceledStatusText,
  failureStatusText,
  outcomeStatusText,
  progressStatusText,
  successStatusText,
} from './commit-status-text.ts';

describe('commit status descriptions', () => {
  it('say which batch is running', () => {
    expect(progressStatusText(2, 5)).toBe('Reviewtrace: reviewing (batch 2 of 5)');
    expect(progressStatusText(7, 5)).toBe('Reviewtrace: reviewing (batch 5 of 5)');
  });

  it('count the comments', () => {
    expect(successStatusText(3)).toBe('3 comments');
    expect(successStatusText(1)).toBe('1 comment');
    expect(successStatusText(0)).toBe('No comments');
    expect(successStatusText(2, true)).toBe('2 comments (some batches failed)');
  });

  it('say when the review read less than half of the change', () => {
    expect(successStatusText(2, false, { linesReviewed: 1830, linesTotal: 9400 })).toBe(
      '2 comments; read only 1,830 of 9,400 changed lines',
    );
    expect(successStatusText(0, true, { linesReviewed: 0, linesTotal: 12 })).toBe(
      'No comments (some batches failed); read only 0 of 12 changed lines',
    );
  });

  it('say a review that read nothing did so, rather than "No comments"', () => {
    expect(outcomeStatusText('nothing_reviewed', 0, 'every changed file was skipped')).toBe(
      'Nothing reviewed: every changed file was skipped',
    );
    expect(outcomeStatusText('nothing_reviewed', 0, null)).toBe('Nothing reviewed: no file was read');
    expect(outcomeStatusText('nothing_reviewed', 0, 'x'.repeat(300))).toHaveLength(140);
    expect(outcomeStatusText('clean', 0, null)).toBe('No comments');
    expect(outcomeStatusText('partial', 2, 'Batch 2 failed')).toBe('2 comments (some batches failed)');
    expect(outcomeStatusText('findings', 2, null, { linesReviewed: 1830, linesTotal: 9400 })).toBe(
      '2 comments; read only 1,830 of 9,400 changed lines',
    );
  });

  it('give a failure’s short reason, within GitHub’s 140 characters', () => {
    expect(failureStatusText('Token rejected by GitHub on github.com (401) — rotate it in Settings → Git tokens')).toBe(
      'Review failed: Token rejected by GitHub on github.com (401)',
    );
    const long = failureStatusText('x'.repeat(300));
    expect(long).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
  });

  it('name the review that superseded this one', () => {
    expect(canceledStatusText(813)).toBe('Superseded by #813');
    expect(canceledStatusText(null)).toBe('Canceled');
  });
});
