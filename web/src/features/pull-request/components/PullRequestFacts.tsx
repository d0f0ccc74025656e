import { Link } from 'react-router';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { pagePaths } from '../../../lib/paths.ts';
import { coverageLine, startedByText } from '../pull-request-facts.ts';

/**
 * Where a PR review came from and what it covers: the webhook delivery that started it (linked to
 * its row in the delivery log), the commits it reviews, and the review that superseded it.
 */
export function PullRequestFacts({ review }: { review: ReviewDetail }) {
  const coverage = coverageLine(review.coverage);
  const startedBy = review.startedBy;
  if (!coverage && !startedBy && !review.supersededBy) return null;
  return (
    <ul className="pull-request-facts muted small" aria-label="Pull request">
      {startedBy && (
        <li>
          <Link to={pagePaths.webhookDeliveries(startedBy.webhookId, startedBy.deliveryRowId ?? undefined)}>
            {startedByText(startedBy)}
          </Link>
        </li>
      )}
      {coverage && <li>{withReviewLink(coverage.text, coverage.earlierReviewId)}</li>}
      {review.supersededBy && (
        <li>
          <SupersededBy id={review.supersededBy} />
        </li>
      )}
    </ul>
  );
}

/** "Superseded by #813", linking to #813. */
export function SupersededBy({ id }: { id: number }) {
  return (
    <>
      Superseded by <Link to={pagePaths.review(id)}>#{id}</Link>
    </>
  );
}

/** The text with its "#790" as a link to that review. */
function withReviewLink(text: string, reviewId: number | null) {
  if (reviewId === null) return text;
  const mark = `#${reviewId}`;
  const at = text.indexOf(mark);
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <Link to={pagePaths.review(reviewId)}>{mark}</Link>
      {text.slice(at + mark.length)}
    </>
  );
}
