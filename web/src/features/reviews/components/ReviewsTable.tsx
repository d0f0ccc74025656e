import { ActionsColumnHead, ColumnHeads } from '../../../components/ui/table-heads.tsx';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { useNavigate } from 'react-router';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { LiveDuration } from '../../../components/ui/LiveDuration.tsx';
import { ProgressBar } from '../../../components/ui/ProgressBar.tsx';
import { RelativeTime } from '../../../components/ui/RelativeTime.tsx';
import { StatusPill } from '../../../components/ui/StatusPill.tsx';
import { WaitingBadge } from './WaitingBadge.tsx';
import { OutcomePill } from '../../outcomes/components/OutcomePill.tsx';
import { formatShortDateTime, formatDateTime } from '../../../lib/format.ts';
import { pagePaths } from '../../../lib/paths.ts';
import type { ListParams } from '../list-params.ts';
import { RowActions } from './RowActions.tsx';
import { SupersededBy } from '../../pull-request/components/PullRequestFacts.tsx';
import { shortSha } from '../../pull-request/pull-request-facts.ts';
import { formatTokens, formatUsd } from '../../review-page/usage-view.ts';
import { ExternalLink } from '../../../components/ui/ExternalLink.tsx';
import {
  ChevronDownIcon,
  ChevronUpIcon,
  ChevronsUpDownIcon,
  ExternalLinkIcon,
  TriangleAlertIcon,
} from '../../../components/ui/icons.ts';

/** A cell's column name, shown only where the table becomes cards (narrow screens have no header row). */
const CardLabel = ({ children }: { children: string }) => <span className="card-label">{children}</span>;

type SortKey = ListParams['sort'];

export function ReviewsTable({
  reviews,
  params,
  onSort,
  fresh,
}: {
  reviews: ReviewSummary[];
  params: ListParams;
  onSort: (change: Partial<ListParams>) => void;
  fresh: ReadonlySet<number>;
}) {
  const navigate = useNavigate();
  const sortHeader = (key: SortKey, label: string, className?: string) => {
    const active = params.sort === key;
    const SortIcon = active ? (params.order === 'asc' ? ChevronUpIcon : ChevronDownIcon) : ChevronsUpDownIcon;
    const ariaSort = active ? (params.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return (
      <th scope="col" aria-sort={ariaSort} className={className}>
        <button
          type="button"
          className="sort-button"
          onClick={() => onSort({ sort: key, order: active && params.order === 'desc' ? 'asc' : 'desc' })}
        >
          {label} <SortIcon />
        </button>
      </th>
    );
  };

  return (
    <div className="table-scroll">
      <table className="reviews-table">
        <caption className="visually-hidden">Reviews, {reviews.length} on this page</caption>
        <thead>
          <tr>
            {sortHeader('created_at', 'Created')}
            <ColumnHeads names={['Status', 'Title', 'Repository', 'Connector']} />
            {sortHeader('duration', 'Duration')}
            {sortHeader('cost', 'Cost', 'cost-cell')}
            {sortHeader('last_event_at', 'Last update')}
            <ActionsColumnHead />
          </tr>
        </thead>
        <tbody>
          {reviews.map((review) => (
            <tr
              key={review.id}
              className={fresh.has(review.id) ? 'row-fresh' : undefined}
              data-review-id={review.id}
              data-status={review.status}
              tabIndex={0}
              aria-label={`Review #${review.id}: ${review.title}`}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.target === e.currentTarget) void navigate(pagePaths.review(review.id));
              }}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a, button, summary, details')) return;
                void navigate(pagePaths.review(review.id));
              }}
            >
              <td className="created-cell">
                <CardLabel>Created</CardLabel>
                <time dateTime={review.createdAt} title={formatDateTime(review.createdAt)}>
                  {formatShortDateTime(review.createdAt)}
                </time>
              </td>
              <td className="status-cell">
                <StatusPill status={review.status} />
                <OutcomePill review={review} withReason />
                {review.status === 'running' && review.progress && review.progress.batchesTotal > 0 && (
                  <ProgressBar
                    segments={[{ kind: 'done', count: review.progress.batchesDone }]}
                    total={review.progress.batchesTotal}
                    label={`${review.progress.batchesDone} of ${review.progress.batchesTotal} batches finished`}
                  />
                )}
                {review.status === 'running' && review.waiting && <WaitingBadge waiting={review.waiting} />}
              </td>
              <td className="title-cell">
                <a
                  href={pagePaths.review(review.id)}
                  onClick={(e) => {
                    e.preventDefault();
                    void navigate(pagePaths.review(review.id));
                  }}
                >
                  <span className="muted">#{review.id}</span> {review.title}
                </a>
                {review.prMrUrl && (
                  <ExternalLink
                    className="external"
                    href={review.prMrUrl}
                    title="Open the pull/merge request"
                    fallback={null}
                  >
                    <ExternalLinkIcon role="img" aria-label="Open the pull/merge request" />
                  </ExternalLink>
                )}
                {review.retryOf && <span className="muted small"> · retry of #{review.retryOf}</span>}
                {review.headSha && review.prMrUrl && (
                  <code className="muted small" title={review.headSha}>
                    {' '}
                    {shortSha(review.headSha)}
                  </code>
                )}
                {review.supersededBy && (
                  <span className="muted small">
                    {' · '}
                    <SupersededBy id={review.supersededBy} />
                  </span>
                )}
                {review.postingProblem && (
                  <span className="posting-problem-badge small">
                    <TriangleAlertIcon /> {review.postingProblem.message}
                  </span>
                )}
              </td>
              <td className="repository-cell">
                <CardLabel>Repository</CardLabel>
                {review.repository ?? '—'}
                <span className="cell-detail muted small">{sourceOf(review)}</span>
              </td>
              <td className="connector-cell">
                <CardLabel>Connector</CardLabel>
                {review.connector?.name ?? '—'}
                {review.connector && (
                  <span className="cell-detail muted small">
                    {[review.connector.providerType, review.connector.model].filter(Boolean).join(' · ')}
                  </span>
                )}
              </td>
              <td>
                <CardLabel>Duration</CardLabel>
                <LiveDuration review={review} />
              </td>
              <td className="cost-cell tabular" title={costTitle(review)}>
                <CardLabel>Cost</CardLabel>
                {formatUsd(review.costUsd)}
                {review.tokens !== null && (
                  <span className="cell-detail muted small">{formatTokens(review.tokens)} tokens</span>
                )}
              </td>
              <td>
                <CardLabel>Last update</CardLabel>
                <RelativeTime iso={review.lastEventAt ?? review.createdAt} />
              </td>
              <td className="actions-cell">
                <RowActions review={review} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Where the change came from: the git host, or a pasted diff. */
function sourceOf(review: ReviewSummary): string | null {
  if (review.gitProvider) return gitProviderLabel(review.gitProvider);
  return review.triggerType === 'cli_diff' ? 'Diff' : null;
}

/** A dash alone does not say whether the review is unfinished or its model has no known price. */
function costTitle(review: ReviewSummary): string | undefined {
  if (review.costUsd !== null) return undefined;
  return review.tokens === null ? 'No usage yet' : 'Price unknown: see the review';
}
