import {
  FileSummarySchema,
  ReviewCommentSchema,
  type FileSummary,
  type ReviewComment,
  type ReviewResult,
} from './review-output-schema.ts';

export interface Validated {
  result: ReviewResult;
  /** Comment entries present but invalid, dropped one by one. */
  droppedComments: number;
  /** Comment entries seen, valid or not (to count comments lost when truncated output is cut back). */
  commentEntries: number;
}

const summaryKeys = ['summary', 'overview'];
const fileSummaryKeys = ['fileSummaries', 'file_summaries', 'files'];
const commentKeys = ['comments', 'issues', 'findings'];

/**
 * Validates a parsed value against the review schema. A bare array is taken as the comments.
 * Undefined when the value is not review-shaped at all (no summary, file summaries or comments).
 */
export function validateReview(value: unknown): Validated | undefined {
  if (Array.isArray(value)) return fromParts({ summary: '', fileSummaries: [], comments: value });
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const summary = firstOf(record, summaryKeys);
  const fileSummaries = firstOf(record, fileSummaryKeys);
  const comments = firstOf(record, commentKeys);
  if (summary === undefined && fileSummaries === undefined && comments === undefined) return undefined;
  return fromParts({
    summary: typeof summary === 'string' ? summary.trim() : '',
    fileSummaries: Array.isArray(fileSummaries) ? fileSummaries : [],
    comments: Array.isArray(comments) ? comments : [],
  });
}

function fromParts(parts: { summary: string; fileSummaries: unknown[]; comments: unknown[] }): Validated {
  const comments: ReviewComment[] = [];
  for (const entry of parts.comments) {
    const parsed = ReviewCommentSchema.safeParse(entry);
    if (parsed.success) comments.push(parsed.data);
  }
  const fileSummaries: FileSummary[] = [];
  for (const entry of parts.fileSummaries) {
    const parsed = FileSummarySchema.safeParse(entry);
    if (parsed.success) fileSummaries.push(parsed.data);
  }
  return {
    result: { summary: parts.summary, fileSummaries, comments },
    droppedComments: parts.comments.length - comments.length,
    commentEntries: parts.comments.length,
  };
}

function firstOf(record: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
}
