import { useRef } from 'react';
import { useNavigate } from 'react-router';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { apiPaths, pagePaths } from '../../../lib/paths.ts';
import { useReviewActions } from '../hooks/useReviewActions.ts';

/** Open, Copy link, Download summary, Retry (failed/canceled), Cancel (queued/running). */
export function RowActions({ review }: { review: ReviewSummary }) {
  const navigate = useNavigate();
  const actions = useReviewActions(review);
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');

  return (
    <details className="menu" ref={menu}>
      <summary aria-label={`Actions for review #${review.id}`}>Actions</summary>
      <div className="menu-items" role="group">
        <button type="button" onClick={() => void navigate(pagePaths.review(review.id))}>
          Open progress
        </button>
        <button type="button" onClick={() => void actions.copyLink()}>
          Copy link
        </button>
        <a href={apiPaths.reviewSummary(review.id, 'md')} download onClick={close}>
          Download summary
        </a>
        {actions.canRetry && (
          <button type="button" disabled={actions.retrying} onClick={actions.retry}>
            Retry
          </button>
        )}
        {actions.canCancel && (
          <button type="button" disabled={actions.canceling} onClick={() => actions.cancel(close)}>
            Cancel
          </button>
        )}
        {(actions.note || actions.error) && (
          <p className="menu-note" role="status">
            {actions.error?.message ?? actions.note}
          </p>
        )}
      </div>
    </details>
  );
}
