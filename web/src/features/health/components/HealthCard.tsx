import { aiProviderLabel } from '../../../lib/provider-labels.ts';
import { Link } from 'react-router';
import type { ConnectorHealthItem, ConnectorHealthResponse } from '@reviewtrace/contracts';
import { formatCount, formatDuration, formatPercent } from '../../../lib/format.ts';
import { pagePaths } from '../../../lib/paths.ts';
import { HealthSparkline } from './HealthSparkline.tsx';
import { CheckIcon, TriangleAlertIcon, XIcon } from '../../../components/ui/icons.ts';

import { ALERT_RATE, showsStreamHint } from '../stream-hint.ts';
import { healthCostText } from '../health-cost.ts';

/** One connector × model over the window: volume, outcome rates, durations, what failed, and when. */
export function HealthCard({
  item,
  window,
  showOrg,
  canManage,
}: {
  item: ConnectorHealthItem;
  window: Pick<ConnectorHealthResponse, 'from' | 'to' | 'bucket'>;
  showOrg: boolean;
  canManage: boolean;
}) {
  const name =
    item.connectorName ?? (item.connectorId === null ? 'Deleted or no connector' : `Connector ${item.connectorId}`);
  const highFailure = item.failureRate >= ALERT_RATE;
  const highFallback = item.fallbackRate >= ALERT_RATE;
  const streamHint = showsStreamHint(item);
  const inFlight = item.running + item.queued;
  const spend = healthCostText(item);

  return (
    <article className="health-card" aria-labelledby={`health-${keyOf(item)}`}>
      <header className="health-card-head">
        <h2 id={`health-${keyOf(item)}`}>{name}</h2>
        <p className="muted small">
          {item.providerType ? aiProviderLabel(item.providerType) : 'Unknown provider'} ·{' '}
          <span className="mono">{item.model ?? 'unknown model'}</span>
          {showOrg && <span className="badge health-org">{item.orgName}</span>}
        </p>
      </header>
      <dl className="health-stats">
        <div>
          <dt>Reviews</dt>
          <dd className="health-reviews tabular">{formatCount(item.reviews)}</dd>
        </div>
        <div className={highFailure ? 'stat-alert' : undefined}>
          <dt>Failure rate</dt>
          <dd className="tabular">
            {highFailure && <XIcon className="stat-icon" />}
            {formatPercent(item.failureRate)}
            {highFailure && <span className="visually-hidden"> (high)</span>}
          </dd>
        </div>
        <div className={highFallback ? 'stat-warning' : undefined}>
          <dt>Fallback rate</dt>
          <dd className="tabular">
            {highFallback && <TriangleAlertIcon className="stat-icon" />}
            {formatPercent(item.fallbackRate)}
            {highFallback && <span className="visually-hidden"> (high)</span>}
          </dd>
        </div>
        <div>
          <dt>p50</dt>
          <dd className="tabular">{formatDuration(item.p50DurationMs)}</dd>
        </div>
        <div>
          <dt>p95</dt>
          <dd className="tabular">{formatDuration(item.p95DurationMs)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd className="tabular health-cost">{spend.cost}</dd>
        </div>
      </dl>
      <p className="muted small health-usage">
        {spend.perReview && `${spend.perReview} · `}
        {spend.tokens}
      </p>
      <p className="muted small health-outcomes">
        {item.succeeded} succeeded · {item.failed} failed
        {item.canceled > 0 && ` · ${item.canceled} canceled`}
        {inFlight > 0 && ` · ${inFlight} in progress`}
      </p>
      {streamHint && (
        <p className="health-warning">
          <TriangleAlertIcon /> <strong>{formatPercent(item.streamBlockedRate)} answered only without streaming</strong>{' '}
          — this proxy may block streams.{' '}
          {canManage && item.connectorId !== null && (
            <Link to={pagePaths.settings('connectors')}>Turn streaming off in Settings</Link>
          )}
        </p>
      )}
      <HealthSparkline item={item} window={window} />
      <div className="health-errors">
        <h3>Top errors</h3>
        {item.topErrorCategories.length === 0 ? (
          <p className="muted small">
            <CheckIcon /> No failed reviews
          </p>
        ) : (
          <ul>
            {item.topErrorCategories.map((category) => (
              <li key={category.category}>
                <span>{category.title}</span> <span className="badge tabular">{category.count}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}

export const keyOf = (item: ConnectorHealthItem) =>
  [item.orgId, item.connectorId ?? 'none', item.providerType ?? '', item.model ?? ''].join('-').replace(/[^\w-]/g, '_');
