import { errorCategoryTips, isErrorCategory, type ReviewDetail } from '@reviewtrace/contracts';
import { TriangleAlertIcon } from '../../../components/ui/icons.ts';
import { TipAction } from './FailureBanner.tsx';

/**
 * A review that succeeded but could not be posted back (a token that may only read): said at the
 * top of the page with the category's tip and its settings action, since nothing on the pull/merge
 * request will show the review.
 */
export function PostingProblem({ review }: { review: ReviewDetail }) {
  const problem = review.postingProblem;
  if (!problem) return null;
  const tip = isErrorCategory(problem.category) ? errorCategoryTips[problem.category] : undefined;
  return (
    <section className="notice notice-warning posting-problem" role="status" aria-labelledby="posting-problem-title">
      <h2 id="posting-problem-title">
        <TriangleAlertIcon className="heading-icon" /> {problem.message}
      </h2>
      {tip?.text && <p>{tip.text}</p>}
      <TipAction code={problem.category} reviewId={review.id} />
    </section>
  );
}
