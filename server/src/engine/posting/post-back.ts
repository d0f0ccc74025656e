import type { Db } from '../../db/database.ts';
import { mergeReviewMetadata } from '../../reviews/reviews.repository.ts';
import { categoryOf } from '../../errors/engine-error.ts';
import type { PipelineTools, PullRequestSource, ReviewComment } from '../pipeline-types.ts';
import type { ClaimedReview } from '../queue.repository.ts';
import type { ReviewLogger } from '../reporting/review-logger.ts';
import { postReviewBack } from './post-review.ts';

/**
 * Posting back is a courtesy on top of the review: whatever the host refuses, the review still
 * succeeds. Each finding's fate is a `posting` event (the "Posted to GitHub/GitLab" panel); the
 * summary's link is `metadata.commentsUrl`; a token that may not write is `metadata.postingProblem`
 * (the list row and the page say so, with the settings tip).
 */
export async function postBack(
  deps: { db: Db; tools: PipelineTools },
  review: ClaimedReview,
  logger: ReviewLogger,
  source: PullRequestSource,
  outcome: { summary: string; comments: ReviewComment[] },
  signal: AbortSignal,
): Promise<void> {
  const poster = deps.tools.openReviewPoster(source, signal);
  logger.log('info', `Posting the review to ${poster.label}: ${outcome.comments.length} finding(s) and the summary`);
  const report = await postReviewBack(poster, {
    summary: outcome.summary,
    findings: outcome.comments,
    lines: source.lines,
  });
  for (const result of report.results) logger.posting(result);
  const counts = { posted: 0, moved: 0, failed: 0 };
  for (const result of report.results) if (result.path !== null) counts[result.outcome] += 1;
  if (report.url) {
    await mergeReviewMetadata(deps.db, review.id, { commentsUrl: report.url });
    logger.log('info', `Posted the review to ${report.url}: ${counts.posted} inline, ${counts.moved} in the summary`);
  }
  const failure = report.failure;
  if (!failure) return;
  const category = categoryOf(failure);
  if (category === 'git_permission') {
    await mergeReviewMetadata(deps.db, review.id, {
      postingProblem: { category, message: 'Could not post: the token lacks pull-request write access' },
    });
  }
  // A permission failure already says "Could not post: …"; other failures get the prefix.
  const message =
    category === 'git_permission' ? failure.message : `Could not post the review back: ${failure.message}`;
  logger.log('warn', message, { code: category });
}
