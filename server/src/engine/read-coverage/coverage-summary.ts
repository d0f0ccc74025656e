import { MAX_COVERAGE_FILES, type FileCoverage, type FileCoverageSummary } from '@reviewtrace/contracts';
import type { CoveredFile } from '../diff/diff-types.ts';

/**
 * The totals over every file, and the files themselves up to `cap` (the rest counted in
 * `filesOmitted`): a 50,000-file vendoring commit must not make the detail megabytes long.
 * Split files count as reviewed (all of them was read); clipped files count as clipped only.
 */
export function summarizeCoverage(files: readonly CoveredFile[], cap = MAX_COVERAGE_FILES): FileCoverageSummary {
  let filesReviewed = 0;
  let filesSkipped = 0;
  let filesClipped = 0;
  let linesReviewed = 0;
  let linesTotal = 0;
  for (const file of files) {
    if (file.status === 'skipped') filesSkipped += 1;
    else if (file.status === 'clipped') filesClipped += 1;
    else filesReviewed += 1;
    linesReviewed += file.linesRead;
    linesTotal += file.additions + file.deletions;
  }
  const omitted = Math.max(files.length - cap, 0);
  return {
    filesTotal: files.length,
    filesReviewed,
    filesSkipped,
    filesClipped,
    linesReviewed,
    linesTotal,
    files: files.slice(0, cap).map(withoutLinesRead),
    ...(omitted > 0 ? { filesOmitted: omitted } : {}),
  };
}

function withoutLinesRead({ linesRead: _linesRead, ...file }: CoveredFile): FileCoverage {
  return file;
}

/** "Most of the change": more than half of its changed lines went unread. */
export function skippedMostOf(summary: Pick<FileCoverageSummary, 'linesReviewed' | 'linesTotal'>): boolean {
  return summary.linesTotal > 0 && summary.linesReviewed * 2 < summary.linesTotal;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The note a mostly-skipped review adds to its summary: the numbers, and where to see which files. */
export function mostlySkippedNote(summary: FileCoverageSummary): string {
  return (
    `> Most of this change was not read: ${count(summary.linesReviewed)} of ${count(summary.linesTotal)} changed ` +
    `lines in ${count(summary.filesReviewed + summary.filesClipped)} of ${count(summary.filesTotal)} files ` +
    `(${count(summary.filesSkipped)} skipped). The review page's Files tab lists each file with its reason.`
  );
}
