import {
  batchList,
  errorCategoryTips,
  isErrorCategory,
  type ErrorCategory,
  type ReviewOutcome as OutcomeWord,
  type Tip,
} from '@reviewtrace/contracts';
import type { BatchOutcome } from './batch-runner.ts';
import { categoryOf } from '../errors/engine-error.ts';
import type { ReviewComment } from './pipeline-types.ts';
import { mergeSummaries } from './summary-merge.ts';

export interface ReviewOutcome {
  status: 'success' | 'failed';
  summary: string;
  comments: (ReviewComment & { batchId: string; carriedFrom?: number })[];
  errorSummary: string | null;
  errorCategory: ErrorCategory | null;
  tips: Tip[];
  partial: boolean;
  /** The review in one word, why when it needs saying, and (partial) which batches failed. */
  outcome: OutcomeWord;
  outcomeReason: string | null;
  failedBatches: string[];
}

/** A retry of failed batches only: what it takes over from its original without running it again. */
export interface CarriedOver {
  fromReviewId: number;
  batchIds: string[];
  comments: (ReviewComment & { batchId: string; carriedFrom: number })[];
}

const tipsOf = (category: ErrorCategory | null): Tip[] =>
  category && isErrorCategory(category) && errorCategoryTips[category].text ? [errorCategoryTips[category]] : [];

/**
 * Folds the batches into the review's result. Batches that failed while others succeeded give a
 * partial result that says which; when nothing was usable the review fails, and if the model only
 * produced unparseable text the summary is the graceful one, with its visible "why".
 */
export function foldOutcome(
  outcomes: BatchOutcome[],
  failures: { batchId: string; error: unknown }[],
  carried?: CarriedOver,
): ReviewOutcome {
  // An empty answer (no text, or JSON with neither summary nor comments) read nothing: it is
  // neither a finding nor a clean bill, so it never counts as a batch that was reviewed.
  const empty = outcomes.filter(isEmptyAnswer);
  const parsedOk = outcomes.filter((o) => o.parsed.outcome !== 'failed' && !isEmptyAnswer(o));
  const unparseable = outcomes.filter((o) => o.parsed.outcome === 'failed' && !isEmptyAnswer(o));
  const comments = [
    ...(carried?.comments ?? []),
    ...parsedOk.flatMap((o) => o.parsed.comments.map((c) => ({ ...c, batchId: o.batchId }))),
  ];
  const readBatches = parsedOk.length + (carried?.batchIds.length ?? 0);
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

  if (readBatches === 0 && problems.length === 0 && empty.length > 0) {
    const reason =
      empty.length === 1 ? 'the model answered empty' : `the model answered empty for all ${empty.length} batches`;
    return {
      status: 'success',
      summary: `Nothing reviewed: ${reason}, so no file was read.`,
      comments: [],
      errorSummary: null,
      errorCategory: null,
      tips: [],
      partial: false,
      outcome: 'nothing_reviewed',
      outcomeReason: reason,
      failedBatches: [],
    };
  }
  if (readBatches === 0) {
    // Every batch failed (or failed to parse): that is a review that did not happen, not one that
    // found nothing, so the status stays failed — and the outcome says the same word, because a
    // `nothing_reviewed` success would put a failure among the successes of the list and the PR.
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
      outcome: 'failed',
      outcomeReason: errorSummary ?? summary,
      failedBatches: problems.map((p) => p.batchId),
    };
  }
  // Batches that answered empty were not read: a partial result, to be retried like a failed one.
  const unread = [
    ...problems.map((p) => ({ batchId: p.batchId, text: p.text })),
    ...empty.map((o) => ({ batchId: o.batchId, text: 'the model answered empty' })),
  ].sort((a, b) => a.batchId.localeCompare(b.batchId, 'en', { numeric: true }));
  const partial = unread.length > 0;
  const failedBatches = unread.map((p) => p.batchId);
  const batchTotal = outcomes.length + failures.length + (carried?.batchIds.length ?? 0);
  const note = partial
    ? `\n\n> Partial result: ${unread.length} of ${batchTotal} batch(es) failed (${failedBatches.join(', ')}).`
    : '';
  const carriedNote = carried?.batchIds.length
    ? `\n\n> Carried over from #${carried.fromReviewId}: ${batchList(carried.batchIds)} (${carried.comments.length} comment(s)), not run again.`
    : '';
  return {
    status: 'success',
    summary: `${merged || (carried?.batchIds.length ? '' : 'No findings.')}${carriedNote}${note}`.trim(),
    comments,
    errorSummary: partial ? unread.map((p) => `${p.batchId}: ${p.text}`).join('; ') : errorSummary,
    errorCategory: category,
    tips: tipsOf(category),
    partial,
    outcome: partial ? 'partial' : comments.length > 0 ? 'findings' : 'clean',
    outcomeReason: partial ? `${batchList(failedBatches)} failed: ${unread.map((p) => p.text).join('; ')}` : null,
    failedBatches,
  };
}

/** No text at all, or a reply that parsed to neither a summary nor a comment. */
function isEmptyAnswer(outcome: BatchOutcome): boolean {
  if (outcome.answeredEmpty) return true;
  const { parsed } = outcome;
  return parsed.outcome !== 'failed' && !parsed.summary?.trim() && parsed.comments.length === 0;
}
