import { outcomeSentence, type ReviewDetail, type SummaryComment } from '@reviewtrace/contracts';
import { formatDuration } from '../../lib/format.ts';
import { formatTokens, formatUsd } from '../review-page/usage-view.ts';

export interface CompareRow {
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

export interface RetryComparison {
  rows: CompareRow[];
  /** In the retry, not in the original (by path, line and text). */
  added: SummaryComment[];
  /** In the original, not in the retry. */
  removed: SummaryComment[];
  /** In both. */
  kept: number;
}

/**
 * "What changed" between a retry and its original, side by side: computed here from the two
 * details and their comments (the API has no compare endpoint; both are already on the page).
 * Comments are the same when their path, line and text are, whitespace aside; a comment that
 * appears twice counts twice.
 */
export function compareRetry(
  original: ReviewDetail,
  retry: ReviewDetail,
  originalComments: readonly SummaryComment[],
  retryComments: readonly SummaryComment[],
): RetryComparison {
  const row = (label: string, of: (review: ReviewDetail) => string): CompareRow => {
    const before = of(original);
    const after = of(retry);
    return { label, before, after, changed: before !== after };
  };
  const rows = [
    row('Connector and model', connectorText),
    row('Batches', batchesText),
    row('Outcome', (r) => (r.outcome ? outcomeSentence(r.outcome, r.outcomeReason, r.failedBatches) : r.status)),
    row('Duration', (r) => formatDuration(r.durationMs)),
    row('Tokens', (r) => formatTokens(r.usage ? r.usage.tokensIn + r.usage.tokensOut : r.tokens)),
    row('Cost', (r) => formatUsd(r.usage?.costUsd ?? r.costUsd)),
    row('Comments', (r) => String(r.commentCount)),
  ];

  const unmatched = new Map<string, SummaryComment[]>();
  for (const comment of originalComments) {
    const key = commentKey(comment);
    unmatched.set(key, [...(unmatched.get(key) ?? []), comment]);
  }
  const added: SummaryComment[] = [];
  let kept = 0;
  for (const comment of retryComments) {
    const same = unmatched.get(commentKey(comment));
    if (same?.length) {
      same.pop();
      kept += 1;
    } else added.push(comment);
  }
  return { rows, added, removed: [...unmatched.values()].flat(), kept };
}

const commentKey = (c: SummaryComment) =>
  JSON.stringify([c.filePath ?? '', c.lineNumber ?? null, c.content.replace(/\s+/g, ' ').trim()]);

function connectorText(review: ReviewDetail): string {
  const c = review.connector;
  if (!c) return 'External engine';
  return `${c.name ?? '—'} · ${c.model ?? '?'}`;
}

/** "3 · 1 failed", "3 · 2 carried over": what ran, what failed, what was taken over. */
function batchesText(review: ReviewDetail): string {
  const total = review.batches.length;
  const failed = review.batches.filter((b) => b.status === 'failed').length;
  const carried = review.batches.filter((b) => b.carriedFrom !== undefined).length;
  const parts = [String(total)];
  if (carried) parts.push(`${carried} carried over`);
  if (failed) parts.push(`${failed} failed`);
  return parts.join(' · ');
}
