import type { ReviewSummary } from '@reviewtrace/contracts';
import { TriangleAlertIcon } from '../../../components/ui/icons.ts';
import { outcomeView } from '../outcome-view.ts';
import '../outcomes.css';

/**
 * A finished review's outcome beside its status: a warning pill (with its tip as the tooltip and,
 * in the list, the reason under it) when the review read only part of the change or none of it;
 * "clean" and "findings" as quiet text, since the status pill already says the review worked.
 */
export function OutcomePill({
  review,
  withReason = false,
}: {
  review: Pick<ReviewSummary, 'status' | 'outcome' | 'outcomeReason' | 'failedBatches'>;
  withReason?: boolean;
}) {
  const view = outcomeView(review);
  if (!view || review.status === 'failed') return null;
  if (!view.warn)
    return (
      <span className="outcome-quiet muted small" data-outcome={view.outcome}>
        {view.label}
      </span>
    );
  return (
    <span className="outcome" data-outcome={view.outcome}>
      <span className="pill status-warning" title={view.tip ? `${view.sentence}. ${view.tip}` : view.sentence}>
        <TriangleAlertIcon />
        {view.label}
      </span>
      {withReason && view.detail && <span className="outcome-reason small">{view.detail}</span>}
    </span>
  );
}
