import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { useSignedInMe } from '../../../app/session.ts';
import { ConnectionBadge } from '../../../components/ui/ConnectionBadge.tsx';
import { LiveDuration } from '../../../components/ui/LiveDuration.tsx';
import { StatusPill } from '../../../components/ui/StatusPill.tsx';
import { copyText } from '../../../lib/clipboard.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { absoluteUrl, apiPaths, pagePaths } from '../../../lib/paths.ts';
import type { ConnectionState } from '../../live/connection.ts';
import { canCancel, canRetry, useCancelReview, useRetryReview } from '../../reviews/api.ts';

export function ReviewHeader({ review, connection }: { review: ReviewDetail; connection: ConnectionState }) {
  const me = useSignedInMe();
  const navigate = useNavigate();
  const retry = useRetryReview();
  const cancel = useCancelReview();
  const retryKey = useRef(crypto.randomUUID());
  const [note, setNote] = useState<string | null>(null);
  const orgName = me.orgs.find((org) => org.id === review.orgId)?.name ?? `Org ${review.orgId}`;
  const actionError = retry.error ?? cancel.error;

  return (
    <header className="review-header">
      <p className="breadcrumbs">
        <Link to={pagePaths.reviews()}>Reviews</Link> / #{review.id}
      </p>
      <div className="review-title-row">
        <h1 id="review-title">{review.title}</h1>
        <StatusPill status={review.status} />
        <ConnectionBadge state={connection} endedText="Finished · all events shown" />
      </div>
      <dl className="facts">
        {review.prMrUrl && (
          <div>
            <dt>Pull/merge request</dt>
            <dd>
              <a href={review.prMrUrl} target="_blank" rel="noreferrer">
                {review.prMrUrl}
              </a>
            </dd>
          </div>
        )}
        <div>
          <dt>Duration</dt>
          <dd>
            <LiveDuration review={review} />
          </dd>
        </div>
        <div>
          <dt>Connector</dt>
          <dd>
            {review.connector
              ? `${review.connector.name ?? '—'} · ${review.connector.providerType ?? '?'}/${review.connector.model ?? '?'}`
              : 'External engine'}
          </dd>
        </div>
        <div>
          <dt>Org</dt>
          <dd>{orgName}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <time dateTime={review.createdAt}>{formatDateTime(review.createdAt)}</time>
          </dd>
        </div>
        {review.retryOf && (
          <div>
            <dt>Retry of</dt>
            <dd>
              <Link to={pagePaths.review(review.retryOf)}>#{review.retryOf}</Link>
            </dd>
          </div>
        )}
      </dl>
      <div className="actions" role="toolbar" aria-label="Review actions">
        {canRetry(review) && (
          <button
            type="button"
            className="primary"
            disabled={retry.isPending}
            onClick={() =>
              retry.mutate(
                { id: review.id, key: retryKey.current },
                { onSuccess: ({ review: created }) => void navigate(pagePaths.review(created.id)) },
              )
            }
          >
            {retry.isPending ? 'Retrying…' : 'Retry'}
          </button>
        )}
        {canCancel(review) && (
          <button
            type="button"
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(review.id, {
                onSuccess: () => setNote('Cancel requested: the engine stops within seconds.'),
              })
            }
          >
            Cancel
          </button>
        )}
        <a className="button" href={apiPaths.reviewLog(review.id, 'text')}>
          Download full log
        </a>
        <button
          type="button"
          onClick={async () => setNote((await copyText(String(review.id))) ? 'Review ID copied' : 'Copy refused')}
        >
          Copy review ID
        </button>
        <button
          type="button"
          onClick={async () =>
            setNote((await copyText(absoluteUrl(pagePaths.review(review.id)))) ? 'Link copied' : 'Copy refused')
          }
        >
          Copy link
        </button>
        {note && <span role="status">{note}</span>}
        {actionError && (
          <span role="alert" className="error-text">
            {actionError.message}
          </span>
        )}
      </div>
    </header>
  );
}
