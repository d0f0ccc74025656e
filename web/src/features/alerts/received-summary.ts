import { alertMetrics, type AlertMetric } from '@reviewtrace/contracts';
import { formatMetricValue, metricLabels, reviewsCount } from './alert-words.ts';

/**
 * One line about what the demo receiver got, read from the body it received (which may be
 * anything: a forged request is shown too, so nothing here trusts its shape).
 */
export function summarizeReceived(type: string, body: string): string {
  if (type === 'webhook.test') return 'Test message from Settings → Alert endpoints';
  const data = parseData(body);
  const metric = data?.['metric'];
  if (!data || typeof metric !== 'string' || !alertMetrics.includes(metric as AlertMetric)) return type;
  const known = metric as AlertMetric;
  const observed = data['observed'] as { value?: unknown; reviews?: unknown } | undefined;
  const scope = data['scope'] as { model?: unknown } | undefined;
  const parts = [metricLabels[known]];
  if (typeof observed?.value === 'number') parts[0] += ` ${formatMetricValue(known, observed.value)}`;
  if (typeof data['threshold'] === 'number') parts.push(`threshold ${formatMetricValue(known, data['threshold'])}`);
  if (typeof scope?.model === 'string') parts.push(scope.model);
  if (typeof observed?.reviews === 'number') parts.push(reviewsCount(observed.reviews));
  return `${type === 'alert.resolved' ? 'Resolved' : 'Firing'}: ${parts.join(' · ')}`;
}

function parseData(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The body indented for reading, or as it came when it is not JSON. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
