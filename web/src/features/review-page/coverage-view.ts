import type { ReviewCoverage } from '@reviewtrace/contracts';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The header's "Read 42 of 275 files (1,830 of 9,400 changed lines)": files read wholly or in part
 * against every file of the change. Null until the engine planned the change (or for an external
 * engine that reports no coverage).
 */
export function coverageHeaderText(coverage: ReviewCoverage | null | undefined): string | null {
  if (!coverage || coverage.filesTotal === undefined) return null;
  const read = (coverage.filesReviewed ?? 0) + (coverage.filesClipped ?? 0);
  const files = `Read ${count(read)} of ${count(coverage.filesTotal)} ${coverage.filesTotal === 1 ? 'file' : 'files'}`;
  const lines = `${count(coverage.linesReviewed ?? 0)} of ${count(coverage.linesTotal ?? 0)} changed lines`;
  return `${files} (${lines})`;
}

/** More than half of the changed lines went unread: the header marks it as a warning. */
export function readLessThanHalf(coverage: ReviewCoverage | null | undefined): boolean {
  const total = coverage?.linesTotal ?? 0;
  return total > 0 && (coverage?.linesReviewed ?? 0) * 2 < total;
}
