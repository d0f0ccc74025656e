import { outcomeSentence, outcomeWording, type ReviewOutcome, type ReviewSummary } from '@reviewtrace/contracts';

export interface OutcomeView {
  outcome: ReviewOutcome;
  label: string;
  /** `warn`: a warning pill and a tip (partial, nothing reviewed); the others are said plainly. */
  warn: boolean;
  /** "Nothing reviewed: every changed file was skipped". */
  sentence: string;
  /** The sentence without its label ("every changed file was skipped"), for under a pill that says the label. */
  detail: string | null;
  tip: string | null;
  /** A partial review offers to retry only its failed batches. */
  canRetryFailed: boolean;
}

/** What the list row and the page say about a finished review's outcome; null while it runs or when canceled. */
export function outcomeView(
  review: Pick<ReviewSummary, 'status' | 'outcome' | 'outcomeReason' | 'failedBatches'>,
): OutcomeView | null {
  const outcome = review.outcome;
  if (!outcome) return null;
  const wording = outcomeWording[outcome];
  const sentence = outcomeSentence(outcome, review.outcomeReason, review.failedBatches);
  return {
    outcome,
    label: wording.label,
    warn: wording.tone === 'warn',
    sentence,
    detail: sentence === wording.label ? null : sentence.slice(wording.label.length + 2),
    tip: wording.tip,
    canRetryFailed: review.status === 'success' && outcome === 'partial' && (review.failedBatches?.length ?? 0) > 0,
  };
}
