import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { copyText } from '../../../lib/clipboard.ts';
import { absoluteUrl, apiPaths, pagePaths } from '../../../lib/paths.ts';
import { canCancel, canRetry, useCancelReview, useRetryReview } from '../api.ts';

/** Open, Copy link, Download summary, Retry (failed/canceled), Cancel (queued/running). */
export function RowActions({ review }: { review: ReviewSummary }) {
  const navigate = useNavigate();
  const retry = useRetryReview();
  const cancel = useCancelReview();
  const [note, setNote] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');
  const retryKey = useRef(crypto.randomUUID());

  return (
    <details className="menu" ref={menu}>
      <summary aria-label={`Actions for review #${review.id}`}>Actions</summary>
      <div className="menu-items" role="group">
        <button type="button" onClick={() => void navigate(pagePaths.review(review.id))}>
          Open progress
        </button>
        <button
          type="button"
          onClick={async () =>
            setNote((await copyText(absoluteUrl(pagePaths.review(review.id)))) ? 'Link copied' : 'Copy failed')
          }
        >
          Copy link
        </button>
        <a href={apiPaths.reviewSummary(review.id, 'md')} download onClick={close}>
          Download summary
        </a>
        {canRetry(review) && (
          <button
            type="button"
            disabled={retry.isPending}
            onClick={() =>
              retry.mutate(
                { id: review.id, key: retryKey.current },
                {
                  onSuccess: ({ review: created }) => void navigate(pagePaths.review(created.id)),
                  onError: (e) => setNote(e.message),
                },
              )
            }
          >
            Retry
          </button>
        )}
        {canCancel(review) && (
          <button
            type="button"
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(review.id, {
                onSuccess: () => {
                  setNote('Cancel requested');
                  close();
                },
                onError: (e) => setNote(e.message),
              })
            }
          >
            Cancel
          </button>
        )}
        {note && (
          <p className="menu-note" role="status">
            {note}
          </p>
        )}
      </div>
    </details>
  );
}
