import { Link } from 'react-router';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { useSignedInMe } from '../../../app/session.ts';
import { ConnectionBadge } from '../../../components/ui/ConnectionBadge.tsx';
import { LiveDuration } from '../../../components/ui/LiveDuration.tsx';
import { StatusPill } from '../../../components/ui/StatusPill.tsx';
import { OutcomePill } from '../../outcomes/components/OutcomePill.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { apiPaths, pagePaths } from '../../../lib/paths.ts';
import type { ConnectionState } from '../../live/connection.ts';
import { useReviewActions } from '../../reviews/hooks/useReviewActions.ts';
import { ExternalLink } from '../../../components/ui/ExternalLink.tsx';
import { PullRequestFacts } from '../../pull-request/components/PullRequestFacts.tsx';
import { shortSha } from '../../pull-request/pull-request-facts.ts';
import { reviewUsageText } from '../usage-view.ts';
import { coverageHeaderText, readLessThanHalf } from '../coverage-view.ts';
import { TriangleAlertIcon } from '../../../components/ui/icons.ts';

export function ReviewHeader({ review, connection }: { review: ReviewDetail; connection: ConnectionState }) {
  const me = useSignedInMe();
  const actions = useReviewActions(review);
  const usage = reviewUsageText(review.usage);
  const orgName = me.orgs.find((org) => org.id === review.orgId)?.name ?? `Org ${review.orgId}`;

  return (
    <header className="review-header">
      <p className="breadcrumbs">
        <Link to={pagePaths.reviews()}>Reviews</Link> / #{review.id}
      </p>
      <div className="review-title-row">
        <h1 id="review-title">{review.title}</h1>
        <StatusPill status={review.status} />
        <OutcomePill review={review} />
        <ConnectionBadge state={connection} endedText="Finished · all events shown" />
      </div>
      <PullRequestFacts review={review} />
      <dl className="facts">
        {review.prMrUrl && (
          <div>
            <dt>Pull/merge request</dt>
            <dd>
              <ExternalLink href={review.prMrUrl}>{review.prMrUrl}</ExternalLink>
              {review.headSha && <span className="muted"> · {shortSha(review.headSha)}</span>}
            </dd>
          </div>
        )}
        <div>
          <dt>Duration</dt>
          <dd>
            <LiveDuration review={review} />
          </dd>
        </div>
        <CoverageFact review={review} />
        {usage && (
          <div>
            <dt>Cost</dt>
            <dd className="tabular">{usage.cost}</dd>
          </div>
        )}
        {usage && (
          <div>
            <dt>Tokens</dt>
            <dd className="tabular">{usage.tokens}</dd>
          </div>
        )}
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
        {actions.canRetry && (
          <button type="button" className="primary" disabled={actions.retrying} onClick={actions.retry}>
            {actions.retrying ? 'Retrying…' : 'Retry'}
          </button>
        )}
        {(actions.canCancel || actions.cancelRequested) && (
          // Stays in place while requested (aria-disabled keeps focus where it was); gone once ended.
          <button
            type="button"
            aria-disabled={actions.cancelRequested || actions.canceling}
            onClick={() => {
              if (!actions.cancelRequested && !actions.canceling) actions.cancel();
            }}
          >
            {actions.cancelRequested ? 'Cancel requested' : 'Cancel'}
          </button>
        )}
        <a className="button" href={apiPaths.reviewLog(review.id, 'text')}>
          Download full log
        </a>
        <button type="button" onClick={() => void actions.copyId()}>
          Copy review ID
        </button>
        <button type="button" onClick={() => void actions.copyLink()}>
          Copy link
        </button>
        {actions.note && <span role="status">{actions.note}</span>}
        {actions.error && (
          <span role="alert" className="error-text">
            {actions.error.message}
          </span>
        )}
      </div>
    </header>
  );
}

/** "Read 42 of 275 files (1,830 of 9,400 changed lines)", a warning when most of the change went unread. */
function CoverageFact({ review }: { review: ReviewDetail }) {
  const text = coverageHeaderText(review.coverage);
  if (!text) return null;
  const warn = readLessThanHalf(review.coverage);
  return (
    <div>
      <dt>Coverage</dt>
      <dd className={`coverage-fact tabular${warn ? ' warn' : ''}`}>
        {warn && <TriangleAlertIcon aria-label="Most of the change was not read" />} {text}
      </dd>
    </div>
  );
}
