import { z } from 'zod';
import { batchList } from './wording.ts';

/**
 * What a finished review amounts to, in one word (issue 15 §3). The status says whether the engine
 * ran to the end; the outcome says what it found — and keeps "found nothing" (`clean`) apart from
 * "read nothing" (`nothing_reviewed`, a success that must not look like one).
 */
export const reviewOutcomes = ['clean', 'findings', 'partial', 'nothing_reviewed', 'failed'] as const;
export const ReviewOutcomeSchema = z.enum(reviewOutcomes);
export type ReviewOutcome = z.infer<typeof ReviewOutcomeSchema>;

export const isReviewOutcome = (value: unknown): value is ReviewOutcome =>
  typeof value === 'string' && (reviewOutcomes as readonly string[]).includes(value);

/** `warn`: shown with a warning pill and a tip, in the list, on the page and in downloads. */
export interface OutcomeWording {
  label: string;
  tone: 'ok' | 'warn' | 'bad';
  tip: string | null;
}

export const outcomeWording: Record<ReviewOutcome, OutcomeWording> = {
  clean: { label: 'Clean', tone: 'ok', tip: null },
  findings: { label: 'Findings', tone: 'ok', tip: null },
  partial: {
    label: 'Partial',
    tone: 'warn',
    tip: 'Some batches failed, so part of the change was not read. Retry only the failed batches.',
  },
  nothing_reviewed: {
    label: 'Nothing reviewed',
    tone: 'warn',
    tip: 'No file was read, so "no comments" does not mean the change is fine. Check the skip reasons or the model\'s answer, then retry.',
  },
  failed: { label: 'Failed', tone: 'bad', tip: null },
};

/** One line for a finished review's outcome: "Partial: Batch 2 failed", "Nothing reviewed: every changed file was skipped". */
export function outcomeSentence(
  outcome: ReviewOutcome,
  reason: string | null | undefined,
  failedBatches: readonly string[] = [],
): string {
  const { label } = outcomeWording[outcome];
  if (reason) return `${label}: ${reason}`;
  if (outcome === 'partial' && failedBatches.length) return `${label}: ${batchList(failedBatches)} failed`;
  return label;
}
