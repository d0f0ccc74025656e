import {
  isReviewOutcome,
  isTerminal,
  PostingProblemSchema,
  ReviewWaitingSchema,
  toApiStatus,
  type ApiStatus,
  type ReviewOutcome,
  type ReviewSummary,
  type ReviewWaiting,
} from '@reviewtrace/contracts';
import type { ReviewRow } from './reviews.repository.ts';

/** Maps a row to the API's ReviewSummary. `now` is injected so elapsed time is testable. */
export function toReviewSummary(row: ReviewRow, now: Date = new Date()): ReviewSummary {
  const status = toApiStatus(row.status);
  const summary: ReviewSummary = {
    id: row.id,
    orgId: row.orgId,
    title: row.title ?? titleFromUrl(row.prMrUrl) ?? `Review #${row.id}`,
    prMrUrl: row.prMrUrl,
    repository: row.repository,
    branch: row.branch,
    gitProvider: row.gitProvider,
    connector:
      row.connectorId === null
        ? null
        : { id: row.connectorId, name: row.connectorName, providerType: row.providerType, model: row.model },
    status,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    durationMs: durationOf(status, row, now),
    lastEventAt: row.lastEventAt?.toISOString() ?? null,
    commentCount: row.commentCount,
    errorSummary: row.errorSummary,
    errorCategory: row.errorCategory,
    retryOf: row.retryOf,
    triggerType: row.triggerType,
    headSha: row.commitHash,
    supersededBy: row.supersededBy,
    costUsd: row.costUsd,
    tokens: row.tokens,
    outcome: outcomeOf(status, row.outcome),
    outcomeReason: row.outcomeReason,
  };
  if (summary.outcome === 'partial' && row.failedBatches?.length) summary.failedBatches = row.failedBatches;
  const postingProblem = PostingProblemSchema.safeParse(row.postingProblem);
  if (postingProblem.success) summary.postingProblem = postingProblem.data;
  if (status === 'running' && row.batchesTotal !== null) {
    summary.progress = { batchesDone: row.batchesDone, batchesTotal: row.batchesTotal };
  }
  summary.waiting = status === 'running' ? waitingOf(row.waitingBatches) : null;
  return summary;
}

const waitRank: Record<ReviewWaiting['reason'], number> = { rate_limit: 0, backoff: 1, slot: 2 };

/**
 * The one wait the list row names when batches wait: a rate limit before a backoff before a slot
 * (the most telling), the latest `until` among equals (when the review can go on).
 */
export function waitingOf(batches: unknown): ReviewWaiting | null {
  if (typeof batches !== 'object' || batches === null) return null;
  let chosen: ReviewWaiting | null = null;
  for (const value of Object.values(batches as Record<string, unknown>)) {
    const wait = ReviewWaitingSchema.safeParse(value);
    if (!wait.success) continue;
    const better =
      !chosen ||
      waitRank[wait.data.reason] < waitRank[chosen.reason] ||
      (wait.data.reason === chosen.reason && (wait.data.until ?? '') > (chosen.until ?? ''));
    if (better) chosen = wait.data;
  }
  return chosen;
}

/** Elapsed-so-far while running, final when terminal, null while queued (api.md). */
function durationOf(status: string, row: ReviewRow, now: Date): number | null {
  if (!row.startedAt) return null;
  if (status === 'running') return Math.max(0, now.getTime() - row.startedAt.getTime());
  if (row.durationMs !== null) return row.durationMs;
  return null;
}

/** "o/r#7" from a PR/MR URL, for reviews whose title was never filled in. */
function titleFromUrl(url: string | null): string | null {
  if (!url) return null;
  const match = /([^/]+\/[^/]+)\/(?:-\/)?(?:pull|merge_requests)\/(\d+)/.exec(url);
  return match ? `${match[1]}#${match[2]}` : null;
}

/**
 * The stored outcome, kept in line with the status: none until the review is over or when it was
 * canceled, and `failed` for a failed review whatever an external engine's completion said.
 */
function outcomeOf(status: ApiStatus, stored: string | null): ReviewOutcome | null {
  if (!isTerminal(status) || status === 'canceled') return null;
  if (status === 'failed') return 'failed';
  return isReviewOutcome(stored) && stored !== 'failed' ? stored : null;
}
