import type { Db } from '../../db/database.ts';
import { scopeToOrg } from '../../auth/org-scope.ts';
import type { ChangedFile } from '../../connectors/git/git-types.ts';
import { eventsOfTypes } from '../../events/events.repository.ts';
import { listComments } from '../../reviews/reviews.repository.ts';
import { toSummaryComment } from '../../reviews/summary-download.ts';
import { batchList } from '@reviewtrace/contracts';
import type { ReviewLogger } from '../reporting/review-logger.ts';
import type { ClaimedReview } from '../queue.repository.ts';
import type { ReviewPlan } from '../pipeline-types.ts';
import type { CarriedOver } from '../review-outcome.ts';
import { shortSha } from '../pull-request/commit-status-text.ts';
import { keepDiffFiles } from './diff-selection.ts';

/** `metadata.partialRetry` as `POST /reviews/{id}/retry {"only":"failed_batches"}` writes it. */
export interface PartialRetryRequest {
  of: number;
  failedBatches: string[];
  /** The original's reviewed head (PR reviews); null for a pasted diff. */
  headSha: string | null;
}

export function partialRetryRequestOf(
  review: Pick<ClaimedReview, 'metadata' | 'triggerType'>,
): PartialRetryRequest | undefined {
  if (review.triggerType !== 'retry') return undefined;
  const raw = review.metadata['partialRetry'] as Record<string, unknown> | undefined;
  if (!raw || typeof raw['of'] !== 'number' || !Array.isArray(raw['failedBatches'])) return undefined;
  return {
    of: raw['of'],
    failedBatches: raw['failedBatches'].filter((b): b is string => typeof b === 'string'),
    headSha: typeof raw['headSha'] === 'string' ? raw['headSha'] : null,
  };
}

/**
 * A retry of a partial review's failed batches. The rule:
 * - the files of the failed batches are reviewed again (a file split over several batches is read
 *   whole if any of its pieces failed), under fresh batch ids after the original's;
 * - the original's succeeded batches are carried over as they were, with their comments (marked
 *   `carriedFrom`), except comments on a file that is read again (the new read replaces them);
 * - if the pull request moved on (its head is not the one the original read), the original's
 *   batches describe a change that no longer exists, and which of its findings still hold is not
 *   decidable without reading again: the retry reviews the whole change at the new head and
 *   carries nothing over, and says so.
 */
export class FailedBatchesRetry {
  private movedTo: string | null = null;

  private constructor(
    readonly request: PartialRetryRequest,
    private readonly filesByBatch: Map<string, string[]>,
    private readonly succeeded: string[],
    private readonly originalComments: CarriedOver['comments'],
    readonly rerunFiles: ReadonlySet<string>,
  ) {}

  static async open(db: Db, review: ClaimedReview): Promise<FailedBatchesRetry | undefined> {
    const request = partialRetryRequestOf(review);
    if (!request) return undefined;
    const scope = scopeToOrg(review.orgId);
    const events = await eventsOfTypes(db, scope, request.of, ['batch']);
    const filesByBatch = new Map<string, string[]>();
    const statusByBatch = new Map<string, string>();
    for (const event of events) {
      const batchId = typeof event.data['batchId'] === 'string' ? event.data['batchId'] : event.batchId;
      if (!batchId) continue;
      if (Array.isArray(event.data['files']))
        filesByBatch.set(
          batchId,
          event.data['files'].filter((f): f is string => typeof f === 'string'),
        );
      if (typeof event.data['status'] === 'string') statusByBatch.set(batchId, event.data['status']);
    }
    const failed = new Set(request.failedBatches);
    const rerunFiles = new Set(request.failedBatches.flatMap((id) => filesByBatch.get(id) ?? []));
    const succeeded = [...statusByBatch]
      .filter(([id, status]) => status === 'success' && !failed.has(id))
      .map(([id]) => id);
    const comments = (await listComments(db, scope, request.of)).map((row) => {
      const content = (row.content ?? {}) as Record<string, unknown>;
      const shown = toSummaryComment(row);
      return {
        filePath: row.file_path ?? '',
        lineNumber: row.line_number,
        ...(typeof content['endLine'] === 'number' ? { endLine: content['endLine'] } : {}),
        severity: shown.severity ?? 'info',
        category: shown.category,
        content: shown.content,
        suggestion: shown.suggestion,
        batchId: typeof content['batchId'] === 'string' ? content['batchId'] : '',
        // A comment carried twice (a retry of a retry) keeps the review that made it.
        carriedFrom: shown.carriedFrom ?? request.of,
      };
    });
    return new FailedBatchesRetry(request, filesByBatch, succeeded, comments, rerunFiles);
  }

  /** The PR's files to read: the failed batches' files, or all of them once the PR moved on. */
  selectFiles(files: ChangedFile[], headSha: string | null): ChangedFile[] {
    if (this.request.headSha && headSha && headSha !== this.request.headSha) {
      this.movedTo = headSha;
      return files;
    }
    return files.filter((file) => this.rerunFiles.has(file.path));
  }

  /** A pasted diff (stored again with the retry) cannot move on: only the failed batches' files. */
  selectDiff(diff: string): string {
    return keepDiffFiles(diff, this.rerunFiles);
  }

  /** The re-run batches numbered after the original's, so no id means two things on one page. */
  renumber(plan: ReviewPlan): ReviewPlan {
    if (this.movedTo) return plan;
    const highest = Math.max(0, ...[...this.filesByBatch.keys(), ...this.request.failedBatches].map(batchNumber));
    return {
      ...plan,
      batches: plan.batches.map((batch, i) => ({ ...batch, batchId: `batch-${highest + i + 1}` })),
    };
  }

  /**
   * Reports what this retry is (log lines; carried batches as `batch` events marked `carriedFrom`)
   * and returns what the outcome counts as read without running it again.
   */
  carryOver(logger: ReviewLogger): CarriedOver | undefined {
    const { of, failedBatches } = this.request;
    if (this.movedTo) {
      logger.log(
        'warn',
        `The pull request moved on since #${of} (${shortSha(this.request.headSha!)} → ${shortSha(this.movedTo)}): its batches no longer match the change, so this retry reviews the whole change and carries nothing over`,
      );
      return undefined;
    }
    const rerun = [...this.rerunFiles];
    logger.log(
      'info',
      `Retrying only ${batchList(failedBatches)} of #${of} (${rerun.length} file(s)); ${this.succeeded.length ? `carrying over ${batchList(this.succeeded)}` : 'nothing to carry over'}`,
    );
    const carriedIds = new Set(this.succeeded);
    const comments = this.originalComments.filter((c) => carriedIds.has(c.batchId) && !this.rerunFiles.has(c.filePath));
    for (const batchId of this.succeeded) {
      const files = this.filesByBatch.get(batchId) ?? [];
      logger.batch({
        batchId,
        status: 'success',
        fileCount: files.length,
        files,
        commentCount: comments.filter((c) => c.batchId === batchId).length,
        carriedFrom: of,
      });
    }
    return { fromReviewId: of, batchIds: this.succeeded, comments };
  }
}

function batchNumber(batchId: string): number {
  const match = /^batch-(\d+)$/.exec(batchId);
  return match ? Number(match[1]) : 0;
}
