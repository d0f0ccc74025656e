import type { FileCoverage } from '@reviewtrace/contracts';
import type { ChangedFile } from '../../connectors/git/git-types.ts';

/** One `@@ -a,b +c,d @@` hunk. */
export interface DiffHunk {
  /** The `@@ … @@` line itself, with the section heading git puts after it. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Body lines without their newline: ' context', '+added', '-removed', '\ No newline at end of file'. */
  lines: string[];
}

export interface DiffFile {
  path: string;
  previousPath?: string;
  status: ChangedFile['status'];
  binary: boolean;
  /** The provider sent no diff for this file because it was too large. */
  patchTooLarge: boolean;
  /** The provider's counts of a file it sent no diff for. */
  lineCounts?: { additions: number; deletions: number };
  /** Everything before the first hunk: `diff --git`, mode/rename/index lines, `---`/`+++`. */
  headerLines: string[];
  hunks: DiffHunk[];
}

export type SkipReason =
  | 'binary'
  | 'too_large'
  | 'lock_file'
  | 'vendored'
  | 'build_output'
  | 'generated'
  | 'minified'
  | 'no_changes'
  | 'deleted';

/** A file left out of the review, with a sentence the engine logs as it is. */
export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail: string;
}

/** One model call's worth of diff. */
export interface DiffBatch {
  /** batch-1 … batch-N, in input order. */
  batchId: string;
  /** Paths in this batch, in order, each once (a file split by hunks appears in several batches). */
  files: string[];
  fileCount: number;
  /** o200k tokens of `diff`. */
  tokenEstimate: number;
  /** The unified diff text to put in the prompt; every file part keeps its file header. */
  diff: string;
}

/** A file's coverage with the changed lines its batches read (all of them unless clipped or skipped). */
export interface CoveredFile extends FileCoverage {
  linesRead: number;
}

export interface BatchPlan {
  batches: DiffBatch[];
  skipped: SkippedFile[];
  /** Every input file, in input order: read whole, split, clipped by the review's budget, or skipped. */
  coverage: CoveredFile[];
  /** Files that went into batches (each counted once, however many parts it was split into). */
  reviewedFileCount: number;
  totalTokens: number;
}
