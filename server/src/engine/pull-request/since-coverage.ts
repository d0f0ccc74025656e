import type { Db } from '../../db/database.ts';
import type { ChangedFile, PullRequestChange } from '../../connectors/git/git-types.ts';
import { findLatestSuccessOfPullRequest } from '../../reviews/reviews.repository.ts';
import type { ReviewLogger } from '../reporting/review-logger.ts';
import type { PipelineTools } from '../pipeline-types.ts';
import { shortSha } from './commit-status-text.ts';
import type { ResolvedSource } from './review-source.ts';

/** What a PR review covers, kept in `metadata.coverage` and shown in the review's header. */
export interface Coverage {
  baseSha: string | null;
  headSha: string | null;
  /** The earlier review's head: only the change after it is reviewed. Null: the whole PR. */
  sinceSha: string | null;
  earlierReviewId: number | null;
  newCommits: number | null;
  /** The earlier review's commits are no longer in the PR's history: the whole PR is reviewed. */
  fallback?: 'force_push';
}

/**
 * The files to review: after an earlier successful review of the same PR (same org and URL) with
 * another head, only the change since that head (the provider's compare), restricted to files the
 * PR still changes, so a merge of the base branch into the PR brings no unrelated files in. After a
 * force-push the earlier head is not behind the new one any more, and the whole PR is reviewed.
 */
export async function coverSinceEarlierReview(
  deps: { db: Db; tools: PipelineTools },
  review: { id: number; orgId: number; prMrUrl: string },
  source: ResolvedSource,
  change: PullRequestChange,
  logger: ReviewLogger,
  signal: AbortSignal,
): Promise<{ files: ChangedFile[]; coverage: Coverage }> {
  const whole = (earlierReviewId: number | null, fallback?: 'force_push') => ({
    files: change.files,
    coverage: {
      baseSha: change.baseSha,
      headSha: change.commitHash,
      sinceSha: null,
      earlierReviewId,
      newCommits: null,
      ...(fallback ? { fallback } : {}),
    },
  });
  const head = change.commitHash;
  if (!head) return whole(null);
  const wholeChange = source.ref.provider === 'github' ? 'the whole pull request' : 'the whole merge request';
  const earlier = await findLatestSuccessOfPullRequest(deps.db, review.orgId, review.prMrUrl, { beforeId: review.id });
  if (!earlier || earlier.commitHash === head) return whole(null);

  const since = earlier.commitHash;
  let comparison;
  try {
    comparison = await deps.tools.compareCommits(source.ref, source.token, since, head, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    logger.log(
      'warn',
      `Could not compare ${shortSha(since)}..${shortSha(head)} (${error instanceof Error ? error.message : String(error)}); reviewing ${wholeChange}`,
      { code: 'git_provider' },
    );
    return whole(null);
  }
  if (comparison.kind === 'replaced') {
    logger.log(
      'info',
      `The earlier review #${earlier.id} covered up to ${shortSha(since)}, which a force-push replaced (${comparison.why}); reviewing ${wholeChange}`,
    );
    return whole(earlier.id, 'force_push');
  }

  const inPullRequest = new Set(change.files.map((file) => file.path));
  const files = comparison.files.filter((file) => inPullRequest.has(file.path));
  const left = comparison.files.length - files.length;
  logger.log(
    'info',
    `Reviewing ${shortSha(since)}..${shortSha(head)} (${commitCount(comparison.newCommits)}, ${files.length} file(s)) — the earlier review #${earlier.id} covered up to ${shortSha(since)}`,
  );
  if (left > 0) {
    logger.log(
      'info',
      `Left out ${left} file(s) that changed since ${shortSha(since)} but are not part of the ${source.ref.provider === 'github' ? 'pull' : 'merge'} request (a merge of the base branch)`,
    );
  }
  return {
    files,
    coverage: {
      baseSha: change.baseSha,
      headSha: head,
      sinceSha: since,
      earlierReviewId: earlier.id,
      newCommits: comparison.newCommits,
    },
  };
}

const commitCount = (n: number) => (n === 1 ? '1 new commit' : `${n} new commits`);
