import { Link } from 'react-router';
import { pagePaths } from '../../../lib/paths.ts';
import { useAlerts } from '../api.ts';
import { formatMetricValue, metricLabels } from '../alert-words.ts';
import '../alerts.css';

/** On every page, for owners, while an alert of their org is firing. */
export function AlertBanner({ enabled }: { enabled: boolean }) {
  const firing = useAlerts('firing', enabled);
  const items = firing.data?.items ?? [];
  if (!enabled || items.length === 0) return null;
  const first = items[0]!;
  return (
    <div className="alert-banner" role="status">
      <strong>{items.length === 1 ? 'An alert is firing' : `${items.length} alerts are firing`}:</strong>{' '}
      <span>
        {first.ruleName} — {metricLabels[first.metric]} {formatMetricValue(first.metric, first.observed.value)}
        {first.scope.model ? ` on ${first.scope.model}` : ''}
      </span>{' '}
      <Link to={pagePaths.health()}>See Health</Link>
    </div>
  );
}
