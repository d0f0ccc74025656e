import { errorCategoryTips, isErrorCategory, type ErrorCategory, type Tip } from '@reviewtrace/contracts';
import type { BatchOutcome } from './batch-runner.ts';
import { categoryOf } from '../errors/engine-error.ts';
import type { ReviewComment } from './pipeline-types.ts';
import { mergeSummaries } from './summary-merge.ts';

export interface ReviewOutcome {
  status: 'success' | 'failed';
  summary: string;
  comments: (ReviewComment & { batchId: string })[];
  errorSummary: string | null;
  errorCategory: ErrorCategory | null;
  tips: Tip[];
  partial: boolean;
}

const tipsOf = (category: ErrorCategory | null): Tip[] =>
  category && isErrorCategory(category) && errorCategoryTips[category].text ? [errorCategoryTips[category]] : [];

/**
 * Folds the batches into the review's result. Batches that failed while others succeeded give a
 * partial result that says which; when nothing was usable the review fails, and if the model only
 * produced unparseable text the summary is the graceful one, with its visible "why".
 */
export function foldOutcome(outcomes: BatchOutcome[], failures: { batchId: string; error: unknown }[]): ReviewOutcome {
  const parsedOk = outcomes.filter((o) => o.parsed.outcome !== 'failed');
  const unparseable = outcomes.filter((o) => o.parsed.outcome === 'failed');
  const comments = parsedOk.flatMap((o) => o.parsed.comments.map((c) => ({ ...c, batchId: o.batchId })));
  // In batch order, whichever finished first.
  const merged = mergeSummaries(
    [...parsedOk]
      .sort((a, b) => a.batchId.localeCompare(b.batchId, 'en', { numeric: true }))
      .map((o) => ({
        batchId: o.batchId,
        summary: o.parsed.summary ?? '',
        commentCount: o.parsed.comments.length,
      })),
  );

  const problems = [
    ...failures.map((f) => ({
      batchId: f.batchId,
      category: categoryOf(f.error),
      text: f.error instanceof Error ? f.error.message : String(f.error),
    })),
    ...unparseable.map((o) => ({
      batchId: o.batchId,
      category: o.parsed.category ?? ('invalid_json' as const),
      text: o.parsed.why ?? 'Model output was unstructured',
    })),
  ];
  const first = problems[0];
  const category = first ? first.category : null;
  const errorSummary = problems.length ? problems.map((p) => `${p.batchId}: ${p.text}`).join('; ') : null;

  if (parsedOk.length === 0) {
    const graceful = unparseable[0]?.parsed;
    const summary = graceful
      ? `The model's answer could not be used. Why: ${graceful.why ?? 'unstructured output'}.${graceful.rawExcerpt ? `\n\nRaw excerpt:\n\n\`\`\`\n${graceful.rawExcerpt}\n\`\`\`` : ''}`
      : (errorSummary ?? 'No batch could be reviewed');
    return {
      status: 'failed',
      summary,
      comments: [],
      errorSummary: errorSummary ?? summary,
      errorCategory: category ?? 'unknown',
      tips: tipsOf(category ?? 'unknown'),
      partial: false,
    };
  }
  const partial = problems.length > 0;
  const note = partial
    ? `\n\n> Partial result: ${problems.length} of ${outcomes.length + failures.length} batch(es) failed (${problems.map((p) => p.batchId).join(', ')}).`
    : '';
  return {
    status: 'success',
    summary: `${merged || 'No findings.'}${note}`,
    comments,
    errorSummary,
    errorCategory: category,
    tips: tipsOf(category),
    partial,
  };
}
