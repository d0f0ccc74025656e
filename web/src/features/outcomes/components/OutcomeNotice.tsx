import type { ReviewDetail } from '@reviewtrace/contracts';
import { TriangleAlertIcon } from '../../../components/ui/icons.ts';
import { outcomeView } from '../outcome-view.ts';

/**
 * At the top of a finished review that read part of the change or none of it: what happened, the
 * tip, and for a partial review the retry of only its failed batches. A success must not pass for
 * a clean bill when nothing (or not everything) was read.
 */
export function OutcomeNotice({
  review,
  onRetryFailed,
  retrying,
}: {
  review: ReviewDetail;
  onRetryFailed: () => void;
  retrying: boolean;
}) {
  const view = outcomeView(review);
  if (!view?.warn || review.status !== 'success') return null;
  return (
    <section className="notice notice-warning outcome-notice" role="status" aria-labelledby="outcome-title">
      <h2 id="outcome-title">
        <TriangleAlertIcon className="heading-icon" /> {view.sentence}
      </h2>
      {view.tip && <p>{view.tip}</p>}
      {view.canRetryFailed && (
        <button type="button" className="primary" disabled={retrying} onClick={onRetryFailed}>
          {retrying ? 'Retrying…' : 'Retry failed batches'}
        </button>
      )}
    </section>
  );
}
