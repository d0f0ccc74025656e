import { z } from 'zod';

/**
 * What a review read of its change, file by file (issue 15 §2): `reviewed` whole, `split` into
 * several pieces (all read), `clipped` (partly read: the review's batch budget ran out, the hunks
 * left out are named), or `skipped` with the reason.
 */
export const coverageStatuses = ['reviewed', 'split', 'clipped', 'skipped'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];

/**
 * Why a file was not read. `no changes` (a rename or mode change without content changes) is the
 * one reason beyond the list: such a file has no lines to read.
 */
export const coverageReasons = [
  'binary',
  'lockfile',
  'generated',
  'vendored',
  'deleted',
  'path filter',
  'over budget',
  'too large',
  'no changes',
] as const;
export type CoverageReason = (typeof coverageReasons)[number];

export const FileCoverageSchema = z.object({
  path: z.string(),
  status: z.enum(coverageStatuses),
  reason: z.enum(coverageReasons).optional(),
  /** The rule's own words ("minified file (*.min.js)"), for skipped files. */
  detail: z.string().optional(),
  /** The (first) batch that read the file. */
  batchId: z.string().optional(),
  /** How many pieces a split or clipped file was read in. */
  pieces: z.number().int().optional(),
  /** The `@@` headers of the hunks a clipped file's review left out. */
  clippedHunks: z.array(z.string()).optional(),
  additions: z.number().int(),
  deletions: z.number().int(),
});
export type FileCoverage = z.infer<typeof FileCoverageSchema>;

/** The totals count every file; `files` is capped (MAX_COVERAGE_FILES) and `filesOmitted` counts the rest. */
export const FileCoverageSummarySchema = z.object({
  filesTotal: z.number().int(),
  filesReviewed: z.number().int(),
  filesSkipped: z.number().int(),
  filesClipped: z.number().int(),
  linesReviewed: z.number().int(),
  linesTotal: z.number().int(),
  files: z.array(FileCoverageSchema),
  filesOmitted: z.number().int().optional(),
});
export type FileCoverageSummary = z.infer<typeof FileCoverageSummarySchema>;

export const MAX_COVERAGE_FILES = 2000;
