import { Link } from 'react-router';
import type { Alert } from '@reviewtrace/contracts';
import { formatShortDateTime } from '../../../lib/format.ts';
import { useConnectors } from '../../reviews/api.ts';
import { useAlerts } from '../api.ts';
import { formatMetricValue, formatWindow, metricLabels, reviewsCount } from '../alert-words.ts';
import '../alerts.css';

/** Health page, on top: what fires now (with the failing reviews one click away), then the history. */
export function AlertsPanel() {
  const alerts = useAlerts(undefined, true);
  const items = alerts.data?.items ?? [];
  const firing = items.filter((alert) => alert.state === 'firing');
  const resolved = items.filter((alert) => alert.state === 'resolved');
  return (
    <section aria-labelledby="alerts-title" className="alerts-panel">
      <h2 id="alerts-title">Alerts</h2>
      {firing.length === 0 ? (
        <p className="muted small">Nothing is firing.</p>
      ) : (
        <ul className="alert-list">
          {firing.map((alert) => (
            <AlertRow key={alert.id} alert={alert} />
          ))}
        </ul>
      )}
      {resolved.length > 0 && (
        <details>
          <summary>History ({resolved.length} resolved)</summary>
          <ul className="alert-list">
            {resolved.map((alert) => (
              <AlertRow key={alert.id} alert={alert} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function AlertRow({ alert }: { alert: Alert }) {
  // The API's link is absolute when PUBLIC_URL is set; inside the app only its path and query matter.
  const reviews = new URL(alert.links.reviews, window.location.origin);
  // Two connectors may serve the same model: the connector's name tells the rows apart.
  const connectors = useConnectors();
  const connector = connectors.data?.items.find((item) => item.id === alert.scope.connectorId)?.name;
  const scope = [connector, alert.scope.model].filter(Boolean).join(' · ');
  return (
    <li className={`alert-row alert-${alert.state}`} data-alert={alert.id}>
      <span className="alert-state">{alert.state === 'firing' ? 'Firing' : 'Resolved'}</span>
      <strong>{alert.ruleName}</strong>
      <span>
        {metricLabels[alert.metric]} {formatMetricValue(alert.metric, alert.observed.value)} (threshold{' '}
        {formatMetricValue(alert.metric, alert.threshold)}) · {reviewsCount(alert.observed.reviews)},{' '}
        {alert.observed.failed} failed in {formatWindow(alert.windowMinutes)}
        {scope ? ` · ${scope}` : ''}
      </span>
      <span className="muted small">
        since {formatShortDateTime(alert.startedAt)}
        {alert.resolvedAt ? ` · resolved ${formatShortDateTime(alert.resolvedAt)}` : ''}
      </span>
      <Link to={`${reviews.pathname}${reviews.search}`}>Failing reviews</Link>
    </li>
  );
}
