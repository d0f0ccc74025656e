import { describe, expect, it } from 'vitest';
import type { ReviewCoverage } from '@reviewtrace/contracts';
import { coverageHeaderText, readLessThanHalf } from './coverage-view.ts';

const range = { baseSha: null, headSha: null, sinceSha: null, earlierReviewId: null, newCommits: null };
const read = (values: Partial<ReviewCoverage>): ReviewCoverage => ({
  ...range,
  filesTotal: 275,
  filesReviewed: 40,
  filesClipped: 2,
  filesSkipped: 233,
  linesReviewed: 1830,
  linesTotal: 9400,
  files: [],
  ...values,
});

describe('the coverage line in the review header', () => {
  it('counts files read wholly or in part, and changed lines, with thousands separators', () => {
    expect(coverageHeaderText(read({}))).toBe('Read 42 of 275 files (1,830 of 9,400 changed lines)');
    expect(
      coverageHeaderText(read({ filesTotal: 1, filesReviewed: 1, filesClipped: 0, linesReviewed: 4, linesTotal: 4 })),
    ).toBe('Read 1 of 1 file (4 of 4 changed lines)');
  });

  it('says nothing before the engine planned the change, or for a commit range alone', () => {
    expect(coverageHeaderText(null)).toBeNull();
    expect(coverageHeaderText(range)).toBeNull();
  });

  it('flags a review that read less than half of the changed lines', () => {
    expect(readLessThanHalf(read({}))).toBe(true);
    expect(readLessThanHalf(read({ linesReviewed: 4700 }))).toBe(false);
    expect(readLessThanHalf(read({ linesReviewed: 0, linesTotal: 0 }))).toBe(false);
  });
});
