import type { CoverageReason, FileCoverage } from '@reviewtrace/contracts';
import type { DiffFile, DiffHunk, SkipReason } from './diff-types.ts';

export type { CoverageReason, FileCoverage };

/** The planner's reasons, in the words the API and the page use (several rules share one word). */
const reasonWords: Record<SkipReason, CoverageReason> = {
  binary: 'binary',
  too_large: 'too large',
  lock_file: 'lockfile',
  vendored: 'vendored',
  build_output: 'generated',
  generated: 'generated',
  minified: 'generated',
  no_changes: 'no changes',
  deleted: 'deleted',
};

export const coverageReasonOf = (reason: SkipReason): CoverageReason => reasonWords[reason];

export interface LineCounts {
  additions: number;
  deletions: number;
}

export function linesOfHunks(hunks: readonly DiffHunk[]): LineCounts {
  let additions = 0;
  let deletions = 0;
  for (const hunk of hunks)
    for (const line of hunk.lines) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
    }
  return { additions, deletions };
}

/** Counted from the hunks; the provider's counts for a file it sent no diff for. */
export const linesOfFile = (file: DiffFile): LineCounts =>
  file.hunks.length === 0 && file.lineCounts ? file.lineCounts : linesOfHunks(file.hunks);

/** Changed lines (`+`/`-`) in a rendered hunk; its first line is the `@@` header. */
export function changedLinesInHunkText(text: string): number {
  let count = 0;
  for (const line of text.split('\n').slice(1)) if (line.startsWith('+') || line.startsWith('-')) count += 1;
  return count;
}
